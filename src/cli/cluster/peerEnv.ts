// The environment `rxzk cluster` gives each peer process: the user's own, less what a peer never uses but pays for at
// every start. A peer makes no TLS connection, yet Node reads and parses the whole NODE_EXTRA_CA_CERTS bundle before
// running any code when that variable is set (about 33 ms of CPU per process with Debian's ca-certificates bundle,
// more than our whole bundle's load), and three peers starting together on a small machine wait on each other's CPU.

/** Variables a peer process does not need and that cost start-up time when present. */
export const peerEnvDropped: readonly string[] = ['NODE_EXTRA_CA_CERTS'];

export type Env = Readonly<Record<string, string | undefined>>;

/** A copy of `parent` without the variables in peerEnvDropped; `parent` is left as it is. */
export function peerProcessEnv(parent: Env): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...parent };
  for (const name of peerEnvDropped) delete env[name];
  return env;
}
