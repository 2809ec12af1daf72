// `rxzk status host:port`: asks `srvr` and prints the mode, zxid and version; works against real ZooKeeper too.
import { askFourLetterWord, parseHostPort } from './fourLetterWordClient.js';

export interface ServerStatus {
  readonly mode: string | undefined;
  readonly zxid: bigint | undefined;
  readonly version: string | undefined;
  readonly serving: boolean;
}

/** Reads the fields of a `srvr` reply that a status line needs. */
export function parseSrvr(reply: string): ServerStatus {
  const field = (name: string): string | undefined => new RegExp(`^${name}: (.*)$`, 'm').exec(reply)?.[1]?.trim();
  const zxid = field('Zxid');
  return {
    mode: field('Mode'),
    zxid: zxid === undefined ? undefined : BigInt(zxid),
    version: field('Zookeeper version'),
    serving: field('Mode') !== undefined,
  };
}

export async function statusCommand(args: readonly string[], out: (line: string) => void): Promise<number> {
  const target = args[0] ?? '127.0.0.1:2181';
  const address = parseHostPort(target);
  let reply: string;
  try {
    reply = await askFourLetterWord(address, 'srvr');
  } catch (error) {
    out(`${target}: unreachable (${error instanceof Error ? error.message : String(error)})`);
    return 2;
  }
  const status = parseSrvr(reply);
  if (!status.serving) {
    out(`${target}: not serving (${reply.trim() || 'empty reply'})`);
    return 1;
  }
  const zxid = status.zxid === undefined ? '?' : `0x${status.zxid.toString(16)}`;
  out(`${target}: mode ${status.mode} zxid ${zxid} version ${status.version ?? '?'}`);
  return 0;
}
