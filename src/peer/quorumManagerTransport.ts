// The default peer transport: the quorum connection manager on this server's election address(es), configured
// from zoo.cfg as ZooKeeper configures its QuorumCnxManager.
import { distinctUntilChanged, filter, map, startWith } from 'rxjs';
import type { PeerConfig } from '../config/peerConfig.js';
import { createQuorumManager, type QuorumServerEntry } from '../quorum/manager.js';
import type { PeerTransport, PeerTransportFactory } from './peerTransport.js';

export const quorumManagerTransport: PeerTransportFactory = (config, { logger, scheduler }): PeerTransport => {
  const manager = createQuorumManager({
    sid: config.myid ?? 0n,
    servers: serverEntries(config),
    quorumListenOnAllIPs: config.quorumListenOnAllIPs,
    multiAddressEnabled: config.multiAddressEnabled,
    cnxTimeoutMs: config.cnxTimeoutMs,
    // zookeeper.quorumCnxnTimeoutMs wins when positive; otherwise tickTime x syncLimit, as 3.8 does.
    socketTimeoutMs: config.quorumCnxnTimeoutMs > 0 ? config.quorumCnxnTimeoutMs : config.tickTimeMs * config.syncLimit,
    electionPortBindRetry: config.electionPortBindRetry,
    logger,
    scheduler,
  });
  const connections$ = manager.events$.pipe(
    filter((event) => event.kind === 'opened' || event.kind === 'closed'),
    map(() => manager.connectedSids().length),
    startWith(manager.connectedSids().length),
    distinctUntilChanged(),
  );
  return {
    inbound$: manager.inbound$,
    toSend: (sid, payload) => manager.toSend(sid, payload),
    connectAll: () => manager.connectAll(),
    haveDelivered: () => manager.haveDelivered(),
    connections$,
    stop: () => manager.stop(),
  };
};

function serverEntries(config: PeerConfig): Map<bigint, QuorumServerEntry> {
  return new Map(
    [...config.servers].map(([sid, server]): [bigint, QuorumServerEntry] => [
      sid,
      { electionAddresses: server.electionAddresses.map(({ host, port }) => ({ host, port })), type: server.type },
    ]),
  );
}
