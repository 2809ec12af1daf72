// The leader shell in virtual time: memory learner connections, half ticks on the TestScheduler. Quorum loss,
// handshake timeouts, a reconnect cascade and hostile learners, each asserted with marbles.
import { map } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { runLeader, type LeaderConfig } from '../../src/zab/runLeader.js';
import { PacketType } from '../../src/zab/wire/packetType.js';
import { hex, int32 } from '../support/bytes.js';
import { marbles } from '../support/marbles.js';
import { majority } from '../election/helpers.js';
import { memoryListener, recordingStore, scriptedFollower, timeline, typeNames, zabLabel, zabMarbleValues as v,
  type RecordingStore, type ScriptedPeer } from './helpers.js';

const tickTimeMs = 100;
const initLimit = 10;
const syncLimit = 5;

function leader(scheduler: LeaderConfig['scheduler'], store: RecordingStore = recordingStore()) {
  const net = memoryListener();
  const config: LeaderConfig = { sid: 1n, verifier: majority([1, 2, 3]), epochs: store, lastZxid: 0n,
    listenAddress: { host: '127.0.0.1', port: 0 }, tickTimeMs, initLimit, syncLimit, connector: net.connector,
    ...(scheduler === undefined ? {} : { scheduler }) };
  return { net, store, events$: runLeader(config).pipe(map(zabLabel)) };
}

describe('runLeader', () => {
  it('abdicates when its only follower has been silent for syncLimit ticks', marbles((m) => {
    const { net, events$ } = leader(m.scheduler);
    let follower: ScriptedPeer | undefined;
    m.scheduler.schedule(() => void (follower = scriptedFollower(net.accept(), { sid: 2n })), 10);
    m.scheduler.schedule(() => follower?.mute(), 1020);
    // Running from 10 ms; ticks every 100 ms from the half ticks at 50 ms steps. The last ping answer (1000 ms, tick
    // 10) sets the deadline to tick 15; tick 16 at 1600 ms finds only the leader synced.
    m.expect(events$, '^ 3000ms !').toBeObservable(timeline([[10, '(es)'], [1600, '(q|)']]), v);
    m.flush();
    expect(follower?.closed).toBe(true);
    // Pinged every half tick from 50 ms until it is dropped at 1550 ms (11 silent half ticks > 2 × syncLimit).
    expect(typeNames(follower?.received ?? []).filter((t) => t === 'PING')).toHaveLength(30);
  }));

  it('ObserverLETest: observers answering every ping do not keep a leader whose followers went quiet', marbles((m) => {
    const net = memoryListener();
    const events$ = runLeader({ sid: 1n, verifier: majority([1, 2, 3], [4, 5]), epochs: recordingStore(), lastZxid: 0n,
      listenAddress: { host: '127.0.0.1', port: 0 }, tickTimeMs, initLimit, syncLimit, connector: net.connector,
      scheduler: m.scheduler }).pipe(map(zabLabel));
    let follower: ScriptedPeer | undefined;
    const observers: ScriptedPeer[] = [];
    m.scheduler.schedule(() => {
      follower = scriptedFollower(net.accept(), { sid: 2n });
      for (const sid of [4n, 5n]) observers.push(scriptedFollower(net.accept(), { sid, observer: true }));
    }, 10);
    m.scheduler.schedule(() => follower?.mute(), 1020);
    m.expect(events$, '^ 3000ms !').toBeObservable(timeline([[10, '(es)'], [1600, '(q|)']]), v);
    m.flush();
    expect(observers.map((o) => typeNames(o.received).slice(0, 4))).toEqual(
      [4, 5].map(() => ['LEADERINFO', 'DIFF', 'NEWLEADER', 'UPTODATE']));
  }));

  it('gives up when the handshake exceeds initLimit ticks (no ACKEPOCH), keeping currentEpoch', marbles((m) => {
    const { net, store, events$ } = leader(m.scheduler);
    let follower: ScriptedPeer | undefined;
    m.scheduler.schedule(() => void (follower = scriptedFollower(net.accept(), { sid: 2n, stopAt: PacketType.leaderInfo })), 10);
    // The epoch wait starts over when LEADERINFO goes out (at 10 ms, still half tick 0): 20 half ticks later.
    m.expect(events$, '^ 3000ms !').toBeObservable(timeline([[1000, '(h|)']]), v);
    m.flush();
    expect(store.writes).toEqual([{ file: 'acceptedEpoch', epoch: 1n }]);
    expect(store.currentEpoch).toBe(0n);
    expect(follower?.closed).toBe(true);
  }));

  it('gives up after initLimit ticks when no follower ever connects', marbles((m) => {
    const { events$, store } = leader(m.scheduler);
    m.expect(events$).toBeObservable(timeline([[1000, '(h|)']]), v);
    m.flush();
    expect(store.writes).toEqual([]);
  }));

  it('survives a learner that connects, disconnects and reconnects over and over', marbles((m) => {
    const { net, events$ } = leader(m.scheduler);
    let steady: ScriptedPeer | undefined;
    let last: ScriptedPeer | undefined;
    const cascade: ScriptedPeer[] = [];
    const stops = [PacketType.leaderInfo, PacketType.newLeader, PacketType.upToDate, undefined];
    m.scheduler.schedule(() => void (steady = scriptedFollower(net.accept(), { sid: 2n })), 10);
    for (let i = 0; i < 20; i += 1) {
      m.scheduler.schedule(() => {
        const stopAt = stops[i % stops.length];
        const flaky = scriptedFollower(net.accept(), { sid: 3n, ...(stopAt === undefined ? {} : { stopAt }) });
        cascade.push(flaky);
        m.scheduler.schedule(() => flaky.close(), 15);
      }, 20 + 40 * i);
    }
    m.scheduler.schedule(() => void (last = scriptedFollower(net.accept(), { sid: 3n })), 900);
    m.expect(events$, '^ 3000ms !').toBeObservable(timeline([[10, '(es)']]), v);
    m.flush();
    expect(cascade.every((peer) => peer.closed)).toBe(true);
    expect(typeNames(last?.received ?? []).slice(0, 4)).toEqual(['LEADERINFO', 'DIFF', 'NEWLEADER', 'UPTODATE']);
    expect(typeNames(last?.received ?? []).filter((t) => t === 'PING').length).toBeGreaterThan(30);
    expect(typeNames(steady?.received ?? []).filter((t) => t === 'PING')).toHaveLength(60);
  }));

  it('closes only the learner that sends an unknown type or a bad length', marbles((m) => {
    const { net, events$ } = leader(m.scheduler);
    let steady: ScriptedPeer | undefined;
    const bad: { closed: boolean }[] = [];
    m.scheduler.schedule(() => void (steady = scriptedFollower(net.accept(), { sid: 2n })), 10);
    const hostile = [int32(99), hex('0000000b 0000000000000000 40000000'), hex('00000005 0000000000000000 ffffffff 00001000')];
    hostile.forEach((bytes, i) => m.scheduler.schedule(() => {
      const end = net.accept();
      const seen = { closed: false };
      end.closed$.subscribe(() => void (seen.closed = true));
      end.input$.subscribe({ error: () => undefined });
      bad.push(seen);
      end.send(bytes);
    }, 200 + 100 * i));
    let steadyOpen = false;
    let badClosed: boolean[] = [];
    m.scheduler.schedule(() => {
      steadyOpen = steady?.closed === false;
      badClosed = bad.map((b) => b.closed);
    }, 900);
    m.expect(events$, '^ 1000ms !').toBeObservable(timeline([[10, '(es)']]), v);
    m.flush();
    expect(badClosed).toEqual([true, true, true]);
    expect(steadyOpen).toBe(true);
    expect(typeNames(steady?.received ?? []).filter((t) => t === 'PING')).toHaveLength(20);
  }));

  it('reports a failed epoch write as lost', marbles((m) => {
    const { net, events$ } = leader(m.scheduler, recordingStore(0n, 0n, 'currentEpoch'));
    m.scheduler.schedule(() => void scriptedFollower(net.accept(), { sid: 2n }), 10);
    m.expect(events$).toBeObservable(timeline([[10, '(w|)']]), v);
  }));

  it('unsubscribing closes every learner connection', marbles((m) => {
    const { net, events$ } = leader(m.scheduler);
    let follower: ScriptedPeer | undefined;
    m.scheduler.schedule(() => void (follower = scriptedFollower(net.accept(), { sid: 2n })), 10);
    m.expect(events$, '^ 300ms !').toBeObservable(timeline([[10, '(es)']]), v);
    m.flush();
    expect(follower?.closed).toBe(true);
  }));
});
