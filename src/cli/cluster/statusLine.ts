// The contract between `rxzk start` and `rxzk cluster`: each status change of a peer is one pino JSON line on the
// child's stdout with msg "peer status" and the fields below (bigints as decimal strings, absent values as null).
// Pure: the parser takes one line and returns a status or undefined (not JSON, another message, malformed).
import { statusLogFields } from '../../peer/status.js';
import { type PeerRole, type PeerStatusView, peerRoles } from './peerContract.js';

export const peerStatusMsg = 'peer status';

export interface StatusLine {
  readonly sid: bigint;
  readonly state: PeerRole;
  readonly leader: bigint | undefined;
  readonly voteLeader: bigint | undefined;
  readonly voteZxid: bigint | undefined;
  readonly electionEpoch: bigint;
  readonly peerEpoch: bigint;
  readonly lastElectionMs: number | undefined;
  readonly connections: number;
  readonly synced: boolean | undefined;
  readonly lostReason: string | undefined;
  /** pino's `time` (ms since epoch) when present: when the child logged it. */
  readonly timeMs: number | undefined;
}

/** Lines longer than this are not ours; the splitter drops them before parsing. */
export const statusLineCharsMax = 4096;

/** The fields `rxzk start` logs: the peer's own statusLogFields (a small pure module, cheap to load here), so the
 *  writer and this parser cannot drift apart. */
export function statusFields(status: PeerStatusView): Record<string, string | number | null> {
  return statusLogFields(status);
}

export function parseStatusLine(line: string): StatusLine | undefined {
  if (line.length > statusLineCharsMax || !line.startsWith('{')) return undefined;
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof record !== 'object' || record === null) return undefined;
  const fields = record as Record<string, unknown>;
  if (fields['msg'] !== peerStatusMsg) return undefined;
  const sid = decimal(fields['sid']);
  const state = fields['state'];
  const electionEpoch = decimal(fields['electionEpoch']);
  const peerEpoch = decimal(fields['peerEpoch']);
  const connections = count(fields['connections']);
  if (sid === undefined || !isRole(state) || electionEpoch === undefined || peerEpoch === undefined) return undefined;
  if (connections === undefined) return undefined;
  return {
    sid,
    state,
    leader: decimal(fields['leader']),
    voteLeader: decimal(fields['voteLeader']),
    voteZxid: decimal(fields['voteZxid']),
    electionEpoch,
    peerEpoch,
    lastElectionMs: count(fields['lastElectionMs']),
    connections,
    synced: fields['synced'] === 1 ? true : fields['synced'] === 0 ? false : undefined,
    lostReason: typeof fields['lostReason'] === 'string' ? fields['lostReason'].slice(0, 200) : undefined,
    timeMs: count(fields['time']),
  };
}

function isRole(value: unknown): value is PeerRole {
  return typeof value === 'string' && (peerRoles as readonly string[]).includes(value);
}

/** Ids and zxids are signed 64-bit in ZooKeeper; anything longer is not a status line. */
function decimal(value: unknown): bigint | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value !== 'string' || !/^-?\d{1,20}$/.test(value)) return undefined;
  return BigInt(value);
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** The message of a pino record at error level or above (pino's 50 = error, 60 = fatal), for the view's notes. */
export function parseErrorLine(line: string): string | undefined {
  if (line.length > statusLineCharsMax || !line.startsWith('{')) return undefined;
  try {
    const record: unknown = JSON.parse(line);
    if (typeof record !== 'object' || record === null) return undefined;
    const { level, msg, err } = record as Record<string, unknown>;
    if (typeof level !== 'number' || level < 50 || typeof msg !== 'string') return undefined;
    const detail = typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : undefined;
    return detail === undefined || msg.includes(detail) ? msg : `${msg}: ${detail}`;
  } catch {
    return undefined;
  }
}
