// One stable line per reducer step, for debug logs and golden transcripts: the event, the resulting state, the effects.
import { LONG_MIN, type ElectionEffect, type ElectionEvent, type ElectionState, type OutboundNotification, type Vote }
  from './types.js';

export interface DescribableStep {
  readonly event: ElectionEvent;
  readonly state: ElectionState;
  readonly effects: readonly ElectionEffect[];
}

const sidText = (sid: bigint): string => (sid === LONG_MIN ? 'MIN' : sid.toString());
const hex = (n: bigint): string => (n === LONG_MIN ? 'MIN' : n < 0n ? `-0x${(-n).toString(16)}` : `0x${n.toString(16)}`);

function voteText(v: Omit<OutboundNotification, 'state'>): string {
  return `leader=${sidText(v.leader)} zxid=${hex(v.zxid)} round=${v.electionEpoch} peerEpoch=${sidText(v.peerEpoch)}`;
}

function eventText(event: ElectionEvent): string {
  switch (event.kind) {
    case 'start':
      return `start zxid=${hex(event.lastLoggedZxid)} epoch=${event.currentEpoch}`;
    case 'notification': {
      const n = event.notification;
      return `recv ${n.sid} ${n.state}(${voteText(n)} v${n.version})`;
    }
    case 'timerFired':
      return `timer ${event.name}${event.haveDelivered ? '' : ' undelivered'}`;
    case 'peerEpochUpdated':
      return `peerEpoch ${event.peerEpoch}`;
    case 'stop':
      return 'stop';
  }
}

function effectText(effect: ElectionEffect): string {
  switch (effect.kind) {
    case 'send':
      return `send ${effect.to} ${effect.notification.state}(${voteText(effect.notification)})`;
    case 'broadcast':
      return `broadcast [${effect.to.join(',')}] ${effect.notification.state}(${voteText(effect.notification)})`;
    case 'connectAll':
      return 'connectAll';
    case 'armTimer':
      return `arm ${effect.name} ${effect.delayMs}ms`;
    case 'cancelTimer':
      return `cancel ${effect.name}`;
    case 'decided':
      return `DECIDED ${effect.role} ${voteText(effect.vote)}`;
    case 'shutdown':
      return `shutdown (${effect.reason})`;
    case 'note':
      return `(${effect.text})`;
  }
}

function stateText(state: ElectionState): string {
  const p = state.proposal;
  const vote: Vote = state.currentVote;
  const core = `${state.phase} round=${state.logicalClock}`;
  if (state.phase === 'decided') return `${core} ${state.peerState} leader=${sidText(vote.leader)} peerEpoch=${vote.peerEpoch}`;
  return `${core} proposal=${sidText(p.leader)}/${hex(p.zxid)}/${sidText(p.peerEpoch)} votes=${state.recvset.size}`;
}

/** `sid: event -> state | effect; effect`. */
export function describeStep(step: DescribableStep, sid?: bigint): string {
  const prefix = sid === undefined ? '' : `${sid}: `;
  const effects = step.effects.map(effectText).join('; ');
  return `${prefix}${eventText(step.event)} -> ${stateText(step.state)}${effects === '' ? '' : ` | ${effects}`}`;
}
