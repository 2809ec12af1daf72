// The three quorum waits of a new leader (getEpochToPropose, waitForEpochAck, waitForNewLeaderAck) as checks run
// after every change to the sets they wait on. Each moves the leader to its next phase exactly once.
import type { LeaderDraft } from './leaderDraft.js';
import { startSync } from './leaderSends.js';
import { PacketType } from './wire/packetType.js';
import { quorumPacket } from './wire/quorumPacket.js';

/** getEpochToPropose: once we and the learners seen so far are a quorum, the epoch is fixed and written. */
export function checkConnectingQuorum(draft: LeaderDraft): void {
  if (draft.phase !== 'discovering' || !draft.hasQuorum(draft.state.connecting)) return;
  draft.enter('persistingAccepted');
  draft.effects.push({ kind: 'persist', file: 'acceptedEpoch', epoch: draft.state.epoch });
}

/** waitForEpochAck: a quorum (with us) acked the epoch. Syncing the learners starts now, while currentEpoch is being
 *  written, as Leader.lead and its handlers overlap them; our own NEWLEADER ack waits for that write. */
export function checkEpochAckQuorum(draft: LeaderDraft): void {
  if (draft.phase !== 'awaitingEpochAcks' || !draft.hasQuorum(draft.state.epochAcks)) return;
  draft.enter('awaitingNewLeaderAcks');
  draft.restartStageDeadline();
  draft.state.newLeaderAcks = new Set();
  draft.effects.push({ kind: 'persist', file: 'currentEpoch', epoch: draft.state.epoch });
  for (const handler of draft.handlersIn('awaitingSync')) startSync(draft, handler);
}

/** waitForNewLeaderAck: a quorum is synced, we serve and release UPTODATE to everyone waiting for it. */
export function checkNewLeaderQuorum(draft: LeaderDraft): void {
  if (draft.phase !== 'awaitingNewLeaderAcks' || !draft.hasQuorum(draft.state.newLeaderAcks)) return;
  draft.enter('running');
  draft.emit({ kind: 'synced', epoch: draft.state.epoch });
  for (const handler of draft.handlersIn('awaitingQuorum')) {
    draft.send(handler.connId, quorumPacket(PacketType.upToDate, -1n));
    draft.advance(handler, 'awaitingUptodateAck');
  }
}

