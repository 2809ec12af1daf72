// The role after an election decision, configured from the peer's zoo.cfg: LEADING runs the leader on our quorum
// address, FOLLOWING/OBSERVING dial the leader's quorum address(es) from our committed view. A leader missing from
// the view ends the role at once ("Couldn't find the leader", QuorumPeerMainTest.testLeaderOutOfView).
import { of, type Observable, type SchedulerLike } from 'rxjs';
import type { SocketAddress } from '../../streams/index.js';
import type { PeerConfig } from '../config/peerConfig.js';
import type { QuorumVerifier } from '../election/quorumVerifier.js';
import type { Logger } from '../logging.js';
import type { QuorumConnector } from './connector.js';
import { runLeader } from './runLeader.js';
import { runLearner } from './runLearner.js';
import { LostReason, type EpochStore, type ZabEvent } from './types.js';

export interface RoleDecision {
  readonly role: 'LEADING' | 'FOLLOWING' | 'OBSERVING';
  readonly leader: bigint;
}

export interface RunRoleConfig {
  readonly peer: PeerConfig;
  readonly decision: RoleDecision;
  /** The peer's committed verifier and its config text (what the election sends too). */
  readonly verifier: QuorumVerifier;
  readonly configText: string;
  readonly epochs: EpochStore;
  /** 0 until rxzk has a data tree. */
  readonly lastZxid?: bigint;
  readonly connector?: QuorumConnector;
  readonly scheduler?: SchedulerLike;
  readonly logger?: Logger;
}

export function runRole(config: RunRoleConfig): Observable<ZabEvent> {
  const { peer, decision, verifier, configText, epochs, lastZxid = 0n, connector, scheduler, logger } = config;
  const sid = peer.myid ?? 0n;
  const shared = { epochs, lastZxid, tickTimeMs: peer.tickTimeMs, initLimit: peer.initLimit, syncLimit: peer.syncLimit,
    ...(connector === undefined ? {} : { connector }), ...(scheduler === undefined ? {} : { scheduler }),
    ...(logger === undefined ? {} : { logger }) };
  const leader = peer.view.servers.get(decision.leader);
  if (decision.role === 'LEADING') {
    const listenAddress = leaderListenAddress(peer, sid);
    if (listenAddress === undefined) return lostAtOnce(`no quorum address for our own sid ${sid}`);
    return runLeader({ ...shared, sid, verifier, listenAddress, configText, configVersion: verifier.version });
  }
  if (leader === undefined || leader.quorumAddresses.length === 0) {
    return lostAtOnce(`Couldn't find the leader with id = ${decision.leader}`);
  }
  return runLearner({ ...shared, sid, leaderSid: decision.leader, leaderAddresses: leader.quorumAddresses,
    observer: decision.role === 'OBSERVING', configVersion: verifier.version,
    connectToLearnerMasterLimit: peer.connectToLearnerMasterLimit });
}

/** Where this peer listens for learners when it leads: its first quorum address (on every interface with
 *  quorumListenOnAllIPs). */
export function leaderListenAddress(peer: PeerConfig, sid: bigint): SocketAddress | undefined {
  const [ownQuorum] = peer.view.servers.get(sid)?.quorumAddresses ?? [];
  if (ownQuorum === undefined) return undefined;
  return peer.quorumListenOnAllIPs ? { host: '0.0.0.0', port: ownQuorum.port } : ownQuorum;
}

function lostAtOnce(detail: string): Observable<ZabEvent> {
  return of({ kind: 'lost', reason: LostReason.leaderLost, detail });
}
