// One line on how the election stands, from the statuses peers last reported: decided with a quorum behind the
// leader, still voting (and for whom), or unable to decide because too few peers run. Pure.
import type { StatusLine } from './statusLine.js';
import type { PeerView } from './viewState.js';

export function quorumOf(size: number): number {
  return Math.floor(size / 2) + 1;
}

export function electionProgress(peers: readonly PeerView[]): string {
  const size = peers.length;
  const quorum = quorumOf(size);
  const running = peers.filter((p) => p.running);
  const reported = running.flatMap((p) => (p.status === undefined ? [] : [p.status]));
  const waiting = running.length - reported.length;
  const waitingNote = waiting > 0 ? `; ${waiting} starting` : '';
  for (const leader of reported.filter((s) => s.state === 'LEADING')) {
    const agree = reported.filter((s) => s.state !== 'LOOKING' && s.leader === leader.sid).length;
    if (agree >= quorum) {
      const agreement = `${agree} of ${size} peers agree (quorum ${quorum})`;
      return `leader ${leader.sid} in epoch ${leader.peerEpoch}: ${agreement}${waitingNote}`;
    }
  }
  if (running.length < quorum) return `no quorum: ${running.length} of ${size} peers running, a leader needs ${quorum}`;
  const looking = reported.filter((s) => s.state === 'LOOKING');
  const decided = reported.filter((s) => s.state !== 'LOOKING');
  const parts = [
    `${looking.length} looking${looking.length === 0 ? '' : ` (votes ${tally(looking, (s) => s.voteLeader)})`}`,
    ...(decided.length === 0 ? [] : [`${decided.length} decided for ${tally(decided, (s) => s.leader)}`]),
  ];
  return `electing: ${parts.join(', ')}; a leader needs ${quorum}${waitingNote}`;
}

/** "3×2 1×1": who is named and how often, most named first. */
function tally(statuses: readonly StatusLine[], pick: (s: StatusLine) => bigint | undefined): string {
  const counts = new Map<string, number>();
  for (const s of statuses) {
    const key = pick(s)?.toString() ?? '?';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort(([, a], [, b]) => b - a).map(([who, n]) => `${who}×${n}`).join(' ');
}
