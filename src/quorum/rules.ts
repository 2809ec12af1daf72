// Who keeps which election connection (quorum-wire.md §3.5-3.7, §6, §8): the challenge rule, observer ids, dial
// targets, haveDelivered's quirk and the listener's bind retries, as pure decisions the manager shell performs.
import { isWildcardHost } from '../config/hostAddress.js';
import { ELECTION_PORT_BIND_RETRY_DEFAULT, OBSERVER_ID } from './constants.js';
import type { ElectionAddress } from './initialMessage.js';

/** What to do with a connection a peer dialled to us, once its initial message names `remoteSid`. */
export const AcceptDecision = {
  /** The peer's sid is larger: its connection is the one both sides keep. */
  keep: 'keep',
  /** The peer's sid is smaller: drop any current connection to it, close this one, dial it ourselves. */
  dialBack: 'dialBack',
  /** The peer claims our own sid: refuse with a warning. */
  refuseSelf: 'refuseSelf',
} as const;
export type AcceptDecision = (typeof AcceptDecision)[keyof typeof AcceptDecision];

export function decideAccepted(mySid: bigint, remoteSid: bigint): AcceptDecision {
  if (remoteSid === mySid) return AcceptDecision.refuseSelf;
  return remoteSid > mySid ? AcceptDecision.keep : AcceptDecision.dialBack;
}

/** What to do with a connection we dialled, after our initial message has gone out. */
export const DialDecision = {
  keep: 'keep',
  /** We are smaller: our initial message makes the larger peer dial back, so close ours. */
  closeAfterHello: 'closeAfterHello',
} as const;
export type DialDecision = (typeof DialDecision)[keyof typeof DialDecision];

export function decideDialled(mySid: bigint, remoteSid: bigint): DialDecision {
  return remoteSid > mySid ? DialDecision.closeAfterHello : DialDecision.keep;
}

/** OBSERVER_ID means "no id": such a peer gets the next value of a counter counting down from -1. */
export function assignObserverId(sid: bigint, counter: bigint): { readonly sid: bigint; readonly counter: bigint } {
  return sid === OBSERVER_ID ? { sid: counter, counter: counter - 1n } : { sid, counter };
}

/** Why connectOne does (or does not) dial. */
export type DialPlan =
  | { readonly kind: 'dial'; readonly addresses: readonly ElectionAddress[] }
  | { readonly kind: 'self' | 'connected' | 'inProgress' | 'unknownSid' | 'onlyWildcard' };

export interface DialPlanInput {
  readonly mySid: bigint;
  readonly sid: bigint;
  readonly connected: boolean;
  readonly inProgress: boolean;
  /** Addresses the peer advertised in its last initial message (used for dial-backs only). */
  readonly learned?: readonly ElectionAddress[] | undefined;
  /** Addresses from the configuration, undefined when the sid is not configured. */
  readonly configured?: readonly ElectionAddress[] | undefined;
}

/** connectOne: only when nothing is connected or in flight, learned addresses first, never a wildcard. */
export function planDial(input: DialPlanInput): DialPlan {
  const { mySid, sid, connected, inProgress, learned, configured } = input;
  if (sid === mySid) return { kind: 'self' };
  if (connected) return { kind: 'connected' };
  if (inProgress) return { kind: 'inProgress' };
  const candidates = learned !== undefined && learned.length > 0 ? learned : configured;
  if (candidates === undefined) return { kind: 'unknownSid' };
  const addresses = candidates.filter((address) => !isWildcardHost(address.host));
  return addresses.length === 0 ? { kind: 'onlyWildcard' } : { kind: 'dial', addresses };
}

/** ZooKeeper's haveDelivered: true when ANY send queue is empty, false with no queues at all (§6.4). */
export function haveDelivered(queueSizes: Iterable<number>): boolean {
  for (const size of queueSizes) if (size === 0) return true;
  return false;
}

/** Bind attempts a listener makes: electionPortBindRetry (0 = forever, negative = the default 3). */
export function bindAttemptsMax(electionPortBindRetry: number): number {
  if (electionPortBindRetry === 0) return Infinity;
  return electionPortBindRetry < 0 ? ELECTION_PORT_BIND_RETRY_DEFAULT : electionPortBindRetry;
}

/** quorumListenOnAllIPs: bind the wildcard of the address's family on the same port. */
export function listenAddressOf(address: ElectionAddress, listenOnAllIps: boolean): ElectionAddress {
  if (!listenOnAllIps) return address;
  return { host: address.host.includes(':') ? '::' : '0.0.0.0', port: address.port };
}
