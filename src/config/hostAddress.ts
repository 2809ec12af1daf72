// Host text as ZooKeeper 3.8 prints it: hostnames as configured, IPv6 literals in Java's full uncompressed form
// (InetAddress.getHostAddress), bracketed when followed by a port.

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

const WILDCARD_HOSTS: ReadonlySet<string> = new Set(['0.0.0.0', '0:0:0:0:0:0:0:0']);

/** Java prints IPv6 literals as 8 groups of lowercase hex without leading zeros and without `::` compression. */
export function normalizeHost(host: string): string {
  if (!host.includes(':')) return host;
  const groups = expandIpv6(host);
  return groups === undefined ? host : groups.map((g) => g.toString(16)).join(':');
}

function expandIpv6(text: string): number[] | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.split('::').length > 2) return undefined;
  const [head = '', tail] = text.split('::');
  const parse = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    for (const group of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
      out.push(Number.parseInt(group, 16));
    }
    return out;
  };
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  if (left === undefined || right === undefined) return undefined;
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  return [...left, ...new Array<number>(missing).fill(0), ...right];
}

/** `host` or `[v6host]`, ready to have `:port` appended. */
export function delimitedHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export function formatHostPort(address: HostPort): string {
  return `${delimitedHost(address.host)}:${address.port}`;
}

export function isWildcardHost(host: string): boolean {
  return WILDCARD_HOSTS.has(normalizeHost(host));
}
