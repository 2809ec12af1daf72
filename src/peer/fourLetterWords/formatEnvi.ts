// `envi` reply: "Environment:" then key=value lines. Answered even while not serving.

/** The keys ZooKeeper 3.8 prints, in its order; rxzk fills them with the Node.js equivalents. */
export const enviKeys = [
  'zookeeper.version', 'host.name', 'java.version', 'java.vendor', 'java.home', 'java.class.path',
  'java.library.path', 'java.io.tmpdir', 'java.compiler', 'os.name', 'os.arch', 'os.version', 'user.name',
  'user.home', 'user.dir', 'os.memory.free', 'os.memory.max', 'os.memory.total',
] as const;

export function formatEnvi(environment: readonly (readonly [string, string])[]): string {
  return ['Environment:', ...environment.map(([key, value]) => `${key}=${value}`)].join('\n') + '\n';
}
