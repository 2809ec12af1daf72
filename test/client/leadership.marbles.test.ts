// leadership$ in virtual time against the scripted server: a follower becomes leader when its predecessor's node
// goes; SUSPENDED gives leadership up under 'relinquish' (back once reconnected) and keeps it under 'keep';
// EXPIRED says false and then errors with SESSIONEXPIRED, whatever the policy.
import { describe, expect, it } from 'vitest';
import { createClient, leadership$, type Client, type ClientConfig } from '../../src/client/index.js';
import { EventType, KeeperError } from '../../src/proto/index.js';
import { marbles } from '../support/marbles.js';
import { fakeEnsemble, type Behaviour, type FakeEnsemble } from './support/fakeServer.js';
import { marbleAt } from './support/stateMarbles.js';

const A = '127.0.0.1:2181';
const B = '127.0.0.2:2181';
const ELECTION = '/election';
/** Another client's candidate, first in line. */
const OTHER = `${ELECTION}/_c_0000000000000000-latch-0000000000`;
const values = { t: true, f: false };

// random 0.99: hosts stay in the written order, reconnects wait 990 ms of jitter; our protection prefix is all 'f'.
function open(zk: FakeEnsemble, scheduler: ClientConfig['scheduler'], hosts: string): Client {
  return createClient(hosts, { sessionTimeoutMs: 30_000, connector: zk.connector, random: () => 0.99,
    ...(scheduler ? { scheduler } : {}) });
}

function withOtherCandidate(zk: FakeEnsemble): void {
  zk.data.set(ELECTION, '');
  zk.data.set(OTHER, 'other');
}

describe('leadership$ in virtual time', () => {
  it('follows while a predecessor exists, leads once its node is deleted, and deletes its own node on unsubscribe',
    marbles((m) => {
      const zk = fakeEnsemble(m.scheduler, () => ({ kind: 'serve' }));
      withOtherCandidate(zk);
      const client = open(zk, m.scheduler, A);
      m.scheduler.schedule(() => {
        zk.data.delete(OTHER);
        zk.connections[0]?.notify(EventType.NodeDeleted, OTHER);
      }, 100);
      // Connected at 2; ensure /election, create ours, list: three round trips put 'f' at 8. The deletion notice at
      // 101 brings one more listing: 't' at 103.
      m.expect(leadership$(client, ELECTION, { id: 'me', random: () => 0.99 }), '^ 199ms !')
        .toBeObservable(marbleAt([[8, 'f'], [103, 't']]), values);
      m.scheduler.schedule(() => void client.close(), 300);
      m.flush();
      const ours = `${ELECTION}/_c_ffffffffffffffff-latch-0000000001`;
      expect(zk.log.filter((e) => e.what === 'exists').map((e) => [e.at, e.detail])).toContainEqual(
        [9, { path: OTHER, watch: true }]);
      expect(zk.log.filter((e) => e.what === 'delete').map((e) => [e.at, e.detail])).toEqual(
        [[201, { path: ours, version: -1 }]]);
    }));

  // Cut seen at 101; B dialled 990 ms later, connected at 1093; one getChildren round trip confirms the lead.
  it("SUSPENDED under 'relinquish' says false at once and true again after the reconnect", marbles((m) => {
    const zk = fakeEnsemble(m.scheduler, () => ({ kind: 'serve' }));
    const client = open(zk, m.scheduler, `${A},${B}`);
    m.scheduler.schedule(() => zk.connections[0]?.frames.close(), 100);
    m.expect(leadership$(client, ELECTION, { id: 'me' }), '^ 1999ms !')
      .toBeObservable(marbleAt([[8, 't'], [101, 'f'], [1095, 't']]), values);
    m.scheduler.schedule(() => void client.close(), 2000);
    m.flush();
  }));

  it("SUSPENDED under 'keep' holds leadership through the cut", marbles((m) => {
    const zk = fakeEnsemble(m.scheduler, () => ({ kind: 'serve' }));
    const client = open(zk, m.scheduler, `${A},${B}`);
    m.scheduler.schedule(() => zk.connections[0]?.frames.close(), 100);
    m.expect(leadership$(client, ELECTION, { id: 'me', onSuspended: 'keep' }), '^ 1999ms !')
      .toBeObservable(marbleAt([[8, 't']]), values);
    m.scheduler.schedule(() => void client.close(), 2000);
    m.flush();
    expect(client.state.state).toBe('CLOSED');
  }));

  it("EXPIRED says false and errors with SESSIONEXPIRED, even under 'keep'", marbles((m) => {
    const zk = fakeEnsemble(m.scheduler, (host): Behaviour => (host === A ? { kind: 'serve' }
      : { kind: 'serve', expire: true }));
    const client = open(zk, m.scheduler, `${A},${B}`);
    m.scheduler.schedule(() => zk.connections[0]?.frames.close(), 100);
    // B answers the resumed session with timeOut 0 at 1093.
    m.expect(leadership$(client, ELECTION, { id: 'me', onSuspended: 'keep' }))
      .toBeObservable(marbleAt([[8, 't'], [1093, '(f#)']]), values, new KeeperError(-112));
    m.flush();
  }));
});
