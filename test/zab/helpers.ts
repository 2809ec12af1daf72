// Test doubles for the Zab shells: an epoch store that records writes, a memory "network" standing in for the
// quorum port, and scripted peers that speak the handshake from the other end of a memory duplex.
import { Observable, Subject, throwError } from 'rxjs';
import { memoryDuplexPair, type SocketAddress } from '../../streams/index.js';
import type { ByteDuplex, QuorumConnector, QuorumListenEvent } from '../../src/zab/connector.js';
import type { EpochStore, PersistedEpochFile, ZabEvent } from '../../src/zab/types.js';
import { decodeQuorumPackets } from '../../src/zab/decodeQuorumPackets.js';
import { encodeIntData, encodeLearnerInfo, ZAB_PROTOCOL_VERSION } from '../../src/zab/wire/learnerInfo.js';
import { PacketType, packetTypeName } from '../../src/zab/wire/packetType.js';
import { encodeQuorumPacket, quorumPacket, type QuorumPacket } from '../../src/zab/wire/quorumPacket.js';
import { makeZxid } from '../../src/election/vote.js';

export interface RecordingStore extends EpochStore {
  readonly writes: { file: PersistedEpochFile; epoch: bigint }[];
}

export function recordingStore(acceptedEpoch = 0n, currentEpoch = 0n, failOn?: PersistedEpochFile): RecordingStore {
  const memory = { acceptedEpoch, currentEpoch };
  const writes: { file: PersistedEpochFile; epoch: bigint }[] = [];
  return {
    writes,
    get acceptedEpoch() { return memory.acceptedEpoch; },
    get currentEpoch() { return memory.currentEpoch; },
    persist(file, epoch) {
      if (file === failOn) throw new Error(`disk full writing ${file}`);
      writes.push({ file, epoch });
      memory[file] = epoch;
    },
  };
}

/** The leader's side of a memory quorum port: tests push accepted connections into `accept`. */
export function memoryListener(): { connector: QuorumConnector; accept(): ByteDuplex; listens: number[] } {
  const accepted = new Subject<QuorumListenEvent>();
  const listens: number[] = [];
  return {
    listens,
    connector: {
      listen: () => {
        listens.push(listens.length);
        return accepted;
      },
      dial: () => {
        throw new Error('the leader never dials');
      },
    },
    accept() {
      const [learnerEnd, leaderEnd] = memoryDuplexPair<Uint8Array, Uint8Array>();
      accepted.next({ kind: 'connection', connection: leaderEnd });
      return learnerEnd;
    },
  };
}

/** A learner's dial that hands back one end of a fresh memory pair per call, the other end to `onDial`. */
export function memoryDialer(onDial: (leaderEnd: ByteDuplex, address: SocketAddress) => void): QuorumConnector {
  return {
    listen: () => throwError(() => new Error('a learner never listens')),
    dial: (address) => new Observable<ByteDuplex>((subscriber) => {
      const [learnerEnd, leaderEnd] = memoryDuplexPair<Uint8Array, Uint8Array>();
      onDial(leaderEnd, address);
      subscriber.next(learnerEnd);
      const closed = learnerEnd.closed$.subscribe(() => subscriber.complete());
      return () => {
        closed.unsubscribe();
        learnerEnd.destroy();
      };
    }),
  };
}

/** A scripted peer on the far end of a duplex: it records what it reads and answers through `reply`. */
export interface ScriptedPeer {
  readonly received: QuorumPacket[];
  readonly closed: boolean;
  send(packet: QuorumPacket): void;
  sendBytes(bytes: Uint8Array): void;
  mute(): void;
  close(): void;
}

export function scriptedPeer(end: ByteDuplex, reply: (packet: QuorumPacket, peer: ScriptedPeer) => void): ScriptedPeer {
  let muted = false;
  let closed = false;
  const received: QuorumPacket[] = [];
  const peer: ScriptedPeer = {
    received,
    get closed() { return closed; },
    send: (packet) => void end.send(encodeQuorumPacket(packet)),
    sendBytes: (bytes) => void end.send(bytes),
    mute: () => {
      muted = true;
    },
    close: () => end.close(),
  };
  end.closed$.subscribe(() => {
    closed = true;
  });
  end.input$.pipe(decodeQuorumPackets()).subscribe({
    next: (packet) => {
      received.push(packet);
      if (!muted) reply(packet, peer);
    },
    error: () => undefined,
  });
  return peer;
}

export interface FollowerScript {
  readonly sid: bigint;
  readonly acceptedEpoch?: bigint;
  readonly currentEpoch?: bigint;
  readonly lastZxid?: bigint;
  readonly observer?: boolean;
  /** Stop before answering this packet type (and everything after). */
  readonly stopAt?: PacketType;
}

/** A well-behaved Zab 1.0 follower driven from the test side (what ZooKeeper's Zab1_0Test mock followers do). */
export function scriptedFollower(end: ByteDuplex, script: FollowerScript): ScriptedPeer {
  const { sid, acceptedEpoch = 0n, currentEpoch = 0n, lastZxid = 0n, observer = false, stopAt } = script;
  let newEpoch = 0n;
  const peer = scriptedPeer(end, (packet, self) => {
    if (packet.type === stopAt) return self.mute();
    switch (packet.type) {
      case PacketType.leaderInfo:
        newEpoch = packet.zxid >> 32n;
        return self.send(quorumPacket(PacketType.ackEpoch, lastZxid,
          encodeIntData(newEpoch > acceptedEpoch ? Number(currentEpoch) : -1)));
      case PacketType.newLeader: return self.send(quorumPacket(PacketType.ack, packet.zxid));
      case PacketType.upToDate: return self.send(quorumPacket(PacketType.ack, makeZxid(newEpoch, 0n)));
      case PacketType.ping: return self.send(quorumPacket(PacketType.ping, packet.zxid, new Uint8Array(0)));
      default: return undefined;
    }
  });
  const info = encodeLearnerInfo({ sid, protocolVersion: ZAB_PROTOCOL_VERSION, configVersion: 0n });
  peer.send(quorumPacket(observer ? PacketType.observerInfo : PacketType.followerInfo, makeZxid(acceptedEpoch, 0n), info));
  return peer;
}

export interface LeaderScript {
  readonly epoch: bigint;
  readonly stopAt?: PacketType;
}

/** A leader driven from the test side: LEADERINFO, DIFF + NEWLEADER, UPTODATE; pings are the test's to send. */
export function scriptedLeader(end: ByteDuplex, script: LeaderScript): ScriptedPeer {
  const { epoch, stopAt } = script;
  let acks = 0;
  return scriptedPeer(end, (packet, self) => {
    if (packet.type === stopAt) return self.mute();
    switch (packet.type) {
      case PacketType.followerInfo:
      case PacketType.observerInfo:
        return self.send(quorumPacket(PacketType.leaderInfo, makeZxid(epoch, 0n), encodeIntData(ZAB_PROTOCOL_VERSION)));
      case PacketType.ackEpoch:
        self.send(quorumPacket(PacketType.diff, 0n));
        return self.send(quorumPacket(PacketType.newLeader, makeZxid(epoch, 0n), new TextEncoder().encode('version=0')));
      case PacketType.ack:
        acks += 1;
        return acks === 1 ? self.send(quorumPacket(PacketType.upToDate, -1n)) : undefined;
      default: return undefined;
    }
  });
}

/** ZabEvents as one-letter marble values. */
export const zabMarbleValues = {
  e: 'established', s: 'synced', q: 'lost:quorum lost', l: 'lost:leader lost', h: 'lost:handshake timeout',
  p: 'lost:protocol error', w: 'lost:epoch write failed', n: 'listening',
} as const;

export function zabLabel(event: ZabEvent): string {
  return event.kind === 'lost' ? `lost:${event.reason}` : event.kind;
}

export function typeNames(packets: readonly QuorumPacket[]): string[] {
  return packets.map((p) => packetTypeName(p.type));
}


/** Time-progression marbles from absolute times: timeline([[10, '(es)'], [1600, '(q|)']]) -> '10ms (es) 1586ms (q|)'. */
export function timeline(entries: readonly (readonly [number, string])[]): string {
  let frame = 0;
  const parts: string[] = [];
  for (const [atMs, group] of entries) {
    const gap = atMs - frame;
    if (gap < 0) throw new Error(`timeline entries overlap at ${atMs} ms`);
    if (gap > 0) parts.push(`${gap}ms`);
    parts.push(group);
    frame = atMs + group.length;
  }
  return parts.join(' ');
}
