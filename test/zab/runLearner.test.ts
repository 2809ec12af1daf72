// The learner shell in virtual time: a scripted leader on the far end of a memory pair, the read timer and the
// connect retries on the TestScheduler, asserted with marbles (subscription marbles for the retry cascade).
import { map, throwError, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { runLearner, type LearnerConfig } from '../../src/zab/runLearner.js';
import type { ByteDuplex, QuorumConnector } from '../../src/zab/connector.js';
import { PacketType } from '../../src/zab/wire/packetType.js';
import { quorumPacket } from '../../src/zab/wire/quorumPacket.js';
import { marbles } from '../support/marbles.js';
import { memoryDialer, recordingStore, scriptedLeader, timeline, typeNames, zabLabel, zabMarbleValues as v,
  type ScriptedPeer } from './helpers.js';

const address = { host: '127.0.0.1', port: 2888 };
/** ZooKeeper 3.8's retry policy, for the LearnerTest cases: 5 rounds, a flat 100 ms between them. */
const zk38Retries = { connectAttemptsMax: 5, connectRetryDelayMs: 100, connectRetryDelayInitialMs: 100 };

function learner(connector: QuorumConnector, scheduler: LearnerConfig['scheduler'], overrides: Partial<LearnerConfig> = {}) {
  const store = recordingStore();
  const config: LearnerConfig = { sid: 2n, leaderSid: 1n, leaderAddresses: [address], epochs: store, lastZxid: 0n,
    tickTimeMs: 100, initLimit: 10, syncLimit: 5, connector, ...(scheduler === undefined ? {} : { scheduler }), ...overrides };
  return { store, events$: runLearner(config).pipe(map(zabLabel)) };
}

describe('runLearner', () => {
  it('goes LOOKING after syncLimit ticks without a packet from the leader', marbles((m) => {
    let leaderPeer: ScriptedPeer | undefined;
    const { events$, store } = learner(memoryDialer((end) => void (leaderPeer = scriptedLeader(end, { epoch: 1n }))), m.scheduler);
    for (const atMs of [100, 200, 300]) {
      m.scheduler.schedule(() => leaderPeer?.send(quorumPacket(PacketType.ping, 0x100000000n)), atMs);
    }
    // The last ping at 300 ms re-arms the read timer for syncLimit × tickTime = 500 ms.
    m.expect(events$, '^ 2000ms !').toBeObservable(timeline([[0, '(es)'], [800, '(l|)']]), v);
    m.flush();
    expect(typeNames(leaderPeer?.received ?? [])).toEqual(['FOLLOWERINFO', 'ACKEPOCH', 'ACK', 'ACK', 'PING', 'PING', 'PING']);
    expect(store.writes).toEqual([{ file: 'acceptedEpoch', epoch: 1n }, { file: 'currentEpoch', epoch: 1n }]);
    expect(leaderPeer?.closed).toBe(true);
  }));

  it('gives up when the leader does not answer within initLimit ticks', marbles((m) => {
    const { events$ } = learner(memoryDialer((end) => void scriptedLeader(end, { epoch: 1n, stopAt: PacketType.followerInfo })),
      m.scheduler);
    m.expect(events$).toBeObservable(timeline([[1000, '(h|)']]), v);
  }));

  it('goes LOOKING as soon as the leader closes its socket', marbles((m) => {
    let leaderPeer: ScriptedPeer | undefined;
    const { events$ } = learner(memoryDialer((end) => void (leaderPeer = scriptedLeader(end, { epoch: 1n }))), m.scheduler);
    m.scheduler.schedule(() => leaderPeer?.close(), 300);
    m.expect(events$).toBeObservable(timeline([[0, '(es)'], [300, '(l|)']]), v);
  }));

  it('LearnerTest.connectionInitLimitTimeoutTest: 4 s per failed attempt spends the 10 s budget in 3 attempts',
    marbles((m) => {
      const attempt = m.cold<ByteDuplex>('4000ms #');
      const connector: QuorumConnector = { listen: () => throwError(() => new Error('unused')), dial: () => attempt };
      const { events$ } = learner(connector, m.scheduler, { tickTimeMs: 2000, initLimit: 5, ...zk38Retries });
      m.expect(events$).toBeObservable(timeline([[12_200, '(l|)']]), v);
      m.expect(attempt).toHaveSubscriptions(['^ 3999ms !', '4100ms ^ 3999ms !', '8200ms ^ 3999ms !']);
    }));

  it('LearnerTest.shouldTryMultipleAddresses: 4 failing addresses are tried 5 times each', marbles((m) => {
    const dialed: number[] = [];
    const connector: QuorumConnector = { listen: () => throwError(() => new Error('unused')), dial: (a) => {
      dialed.push(a.port);
      return m.cold<ByteDuplex>('#');
    } };
    const addresses = [1, 2, 3, 4].map((port) => ({ host: '127.0.0.1', port }));
    const { events$ } = learner(connector, m.scheduler, { leaderAddresses: addresses, ...zk38Retries });
    m.expect(events$).toBeObservable(timeline([[400, '(l|)']]), v);
    m.flush();
    expect(dialed).toEqual(Array.from({ length: 20 }, (_, i) => (i % 4) + 1));
  }));

  it('by default retries a refused dial after 1 ms, doubling to 100 ms, for 10 rounds', marbles((m) => {
    const refused = m.cold<ByteDuplex>('#');
    const connector: QuorumConnector = { listen: () => throwError(() => new Error('unused')), dial: () => refused };
    const { events$ } = learner(connector, m.scheduler);
    m.expect(events$).toBeObservable(timeline([[327, '(l|)']]), v);
    m.expect(refused).toHaveSubscriptions([0, 1, 3, 7, 15, 31, 63, 127, 227, 327]
      .map((at) => (at === 0 ? '(^!)' : `${at}ms (^!)`)));
  }));

  it('LearnerTest.multipleAddressesSomeAreFailing: reaches the leader through its one good address', marbles((m) => {
    const dialed: number[] = [];
    const good = memoryDialer((end) => void scriptedLeader(end, { epoch: 1n }));
    const connector: QuorumConnector = { listen: () => throwError(() => new Error('unused')), dial: (a, timeoutMs): Observable<ByteDuplex> => {
      dialed.push(a.port);
      return a.port === 4 ? good.dial(a, timeoutMs) : m.cold<ByteDuplex>('#');
    } };
    const addresses = [1, 2, 3, 4].map((port) => ({ host: '127.0.0.1', port }));
    const { events$ } = learner(connector, m.scheduler, { leaderAddresses: addresses });
    m.expect(events$, '^ 100ms !').toBeObservable(timeline([[0, '(es)']]), v);
    m.flush();
    expect(dialed).toEqual([1, 2, 3, 4]);
  }));

  it('unsubscribing closes the leader connection', marbles((m) => {
    let leaderPeer: ScriptedPeer | undefined;
    const { events$ } = learner(memoryDialer((end) => void (leaderPeer = scriptedLeader(end, { epoch: 1n }))), m.scheduler);
    m.expect(events$, '^ 200ms !').toBeObservable(timeline([[0, '(es)']]), v);
    m.flush();
    expect(leaderPeer?.closed).toBe(true);
  }));
});
