// The election-port layer as the peer sees it: the election's transport plus a connection count and a stop.
// The default is the quorum connection manager on real sockets; tests may pass an in-memory network instead.
import type { Observable, SchedulerLike } from 'rxjs';
import type { PeerConfig } from '../config/peerConfig.js';
import type { ElectionTransport } from '../election/runElection.js';
import type { Logger } from '../logging.js';
import { quorumManagerTransport } from './quorumManagerTransport.js';

export interface PeerTransport extends ElectionTransport {
  /** Open election connections, on every change. */
  readonly connections$: Observable<number>;
  stop(): Promise<void>;
}

export interface PeerTransportOptions {
  readonly logger: Logger;
  readonly scheduler: SchedulerLike;
}

export type PeerTransportFactory = (config: PeerConfig, options: PeerTransportOptions) => PeerTransport;

export const peerTransport: PeerTransportFactory = quorumManagerTransport;
