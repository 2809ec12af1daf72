// How the leader brings one learner up to date before NEWLEADER (quorum-config.md §9.3 step 7). rxzk has no data
// tree yet, so the source is just our last zxid; the data-tree work extends SyncSource with a committed log and a
// snapshot writer and adds the DIFF-with-proposals and SNAP branches here.
import { PacketType } from './wire/packetType.js';
import { quorumPacket, type QuorumPacket } from './wire/quorumPacket.js';

export interface SyncSource {
  /** The zxid of the last transaction the leader has (its lastProcessedZxid). */
  readonly lastZxid: bigint;
}

export type SyncPlan =
  | { readonly kind: 'send'; readonly mode: 'diff' | 'trunc'; readonly packets: readonly QuorumPacket[] }
  | { readonly kind: 'refuse'; readonly reason: string };

export function planSync(source: SyncSource, learnerLastZxid: bigint): SyncPlan {
  if (learnerLastZxid === source.lastZxid) {
    return { kind: 'send', mode: 'diff', packets: [quorumPacket(PacketType.diff, source.lastZxid)] };
  }
  if (learnerLastZxid > source.lastZxid) {
    // The learner logged past what the ensemble committed: it must drop the tail.
    return { kind: 'send', mode: 'trunc', packets: [quorumPacket(PacketType.trunc, source.lastZxid)] };
  }
  return { kind: 'refuse', reason: `learner is at zxid 0x${learnerLastZxid.toString(16)}, behind 0x${
    source.lastZxid.toString(16)}, and a snapshot sync needs the data tree` };
}
