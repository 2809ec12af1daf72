// The standalone server behind the peer contract `rxzk start` runs (createPeer + statusLogFields): a zoo.cfg with
// no server.N lines starts a real session-serving server, reported as a peer that leads itself from the start.
import { BehaviorSubject, type Observable, type SchedulerLike } from 'rxjs';
import type { PeerConfig } from '../config/peerConfig.js';
import { silentLogger, type Logger } from '../logging.js';
import { statusLogFields, type PeerStatus } from '../peer/status.js';
import { standaloneConfigOf } from './serverConfig.js';
import { startStandaloneServer, type StandaloneServer } from './standaloneServer.js';

export { statusLogFields };

export interface StandalonePeer {
  /** One LEADING status while serving; errors if the server stops serving on its own (its log failed). */
  readonly state$: Observable<PeerStatus>;
  readonly server: StandaloneServer;
  stop(): Promise<void>;
}

export async function createPeer(
  config: PeerConfig,
  options: { logger?: Logger; scheduler?: SchedulerLike } = {},
): Promise<StandalonePeer> {
  const { logger = silentLogger, scheduler } = options;
  const sid = config.myid ?? 0n;
  const status = new BehaviorSubject<PeerStatus>({
    sid, state: 'LEADING', vote: undefined, leader: sid, electionEpoch: 0n, peerEpoch: 0n, lastElectionMs: 0, connections: 0,
    synced: true, lostReason: undefined,
  });
  const server = await startStandaloneServer(standaloneConfigOf(config), {
    logger,
    ...(scheduler !== undefined && { scheduler }),
    onFatal: (error) => status.error(error),
  });
  return {
    state$: status.asObservable(),
    server,
    stop: async () => {
      await server.stop();
      if (!status.closed) status.complete();
    },
  };
}
