// An in-process election network for peers in one process: no sockets, deliveries on a scheduler (virtual time in
// marble tests), links that can be cut and healed. It keeps ZooKeeper's send-queue semantics that matter to the
// election: a message to an unreachable peer is held (capacity 1, the newest wins) and delivered once the link is
// back and connectAll() runs.
import { BehaviorSubject, Subject, asyncScheduler, type SchedulerLike } from 'rxjs';
import type { PeerTransport, PeerTransportFactory } from '../peer/peerTransport.js';

export interface MemoryQuorumConfig {
  readonly scheduler?: SchedulerLike;
  /** One-way delivery delay. */
  readonly delayMs?: number;
}

export interface MemoryQuorumNetwork {
  /** Pass as `createPeer(config, { transport })`. */
  readonly transport: PeerTransportFactory;
  /** Cuts every link between the two groups (messages are held, not lost, as ZooKeeper's queues would). */
  partition(groupA: readonly bigint[], groupB: readonly bigint[]): void;
  heal(): void;
  /** Messages delivered so far. */
  delivered(): number;
}

interface Endpoint {
  readonly inbound: Subject<{ readonly sid: bigint; readonly payload: Uint8Array }>;
  readonly held: Map<bigint, Uint8Array>;
  readonly connections: BehaviorSubject<number>;
}

export function memoryQuorumNetwork(config: MemoryQuorumConfig = {}): MemoryQuorumNetwork {
  const { scheduler = asyncScheduler, delayMs = 1 } = config;
  const endpoints = new Map<bigint, Endpoint>();
  const cut = new Set<string>();
  let deliveredCount = 0;
  const key = (a: bigint, b: bigint): string => (a < b ? `${a}-${b}` : `${b}-${a}`);
  const reachable = (a: bigint, b: bigint): boolean => endpoints.has(b) && !cut.has(key(a, b));
  const refreshCounts = (): void => {
    for (const [sid, endpoint] of endpoints) {
      const count = [...endpoints.keys()].filter((other) => other !== sid && reachable(sid, other)).length;
      if (endpoint.connections.value !== count) endpoint.connections.next(count);
    }
  };
  const deliver = (from: bigint, to: bigint, payload: Uint8Array): void => {
    scheduler.schedule(() => {
      const target = endpoints.get(to);
      if (target === undefined || !reachable(from, to)) return;
      deliveredCount += 1;
      target.inbound.next({ sid: from, payload });
    }, from === to ? 0 : delayMs);
  };

  const transport: PeerTransportFactory = (peerConfig) => {
    const sid = peerConfig.myid ?? 0n;
    const endpoint: Endpoint = { inbound: new Subject(), held: new Map(), connections: new BehaviorSubject(0) };
    endpoints.set(sid, endpoint);
    refreshCounts();
    const peer: PeerTransport = {
      inbound$: endpoint.inbound.asObservable(),
      connections$: endpoint.connections.asObservable(),
      toSend: (to, payload) => {
        if (to === sid || reachable(sid, to)) deliver(sid, to, payload);
        else endpoint.held.set(to, payload);
      },
      connectAll: () => {
        for (const [to, payload] of endpoint.held) {
          if (!reachable(sid, to)) continue;
          endpoint.held.delete(to);
          deliver(sid, to, payload);
        }
      },
      haveDelivered: () => [...endpoints.keys()].some((other) => other !== sid && reachable(sid, other)),
      stop: async () => {
        endpoints.delete(sid);
        endpoint.inbound.complete();
        endpoint.connections.complete();
        refreshCounts();
      },
    };
    return peer;
  };

  return {
    transport,
    partition: (groupA, groupB) => {
      for (const a of groupA) for (const b of groupB) cut.add(key(a, b));
      refreshCounts();
    },
    heal: () => {
      cut.clear();
      refreshCounts();
    },
    delivered: () => deliveredCount,
  };
}
