// Our election against real ZooKeeper 3.8 servers: servers 1 and 2 run as real JVMs and elect a leader; sid 3 is an
// rxzk runElection on a minimal test transport (the quorum layer's job in production: initial message, then
// length-prefixed notifications). As the highest sid we dial both, and they keep our connections.
import { Subject, firstValueFrom, map, merge, mergeMap, timeout, type Observable } from 'rxjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dial, framed, type Duplex } from '../../streams/index.js';
import { runElection, type ElectionTransport } from '../../src/election/runElection.js';
import { parseConfigText } from '../../src/election/configText.js';
import { describeInterop, planEnsemble, serverLines, startEnsemble, type EnsemblePlan, type RealZkEnsemble }
  from '../support/realZk.js';

const ourSid = 3n;
const electionFrameBytesMax = 512 * 1024;
const decisionTimeoutMs = 20_000;

/** ZooKeeper's connection-initial message (protocol version -65536): sid and our election address, no length prefix. */
function initialMessage(sid: bigint, address: string): Uint8Array {
  const text = new TextEncoder().encode(address);
  const out = new Uint8Array(20 + text.length);
  const view = new DataView(out.buffer);
  view.setBigInt64(0, -65536n);
  view.setBigInt64(8, sid);
  view.setInt32(16, text.length);
  out.set(text, 20);
  return out;
}

function dialTransport(plan: EnsemblePlan): ElectionTransport {
  const me = plan.servers.find((s) => s.sid === ourSid);
  if (me === undefined) throw new Error('our sid is not in the plan');
  const loopback = new Subject<{ sid: bigint; payload: Uint8Array }>();
  const connections = new Map<bigint, Duplex<Uint8Array, Uint8Array>>();
  const pending = new Map<bigint, Uint8Array>();
  const peers = plan.servers.filter((s) => s.sid !== ourSid).map((peer) =>
    dial({ host: peer.host, port: peer.electionPort }).pipe(mergeMap((socket) => {
      socket.send(initialMessage(ourSid, `${me.host}:${me.electionPort}`));
      const frames = framed(socket, { frameBytesMax: electionFrameBytesMax });
      connections.set(peer.sid, frames);
      const last = pending.get(peer.sid);
      if (last !== undefined) frames.send(last);
      return frames.input$.pipe(map((payload) => ({ sid: peer.sid, payload })));
    })));
  const inbound$: Observable<{ sid: bigint; payload: Uint8Array }> = merge(loopback, ...peers);
  return {
    inbound$,
    toSend: (sid, payload) => {
      if (sid === ourSid) return loopback.next({ sid, payload });
      const connection = connections.get(sid);
      if (connection === undefined) pending.set(sid, payload);
      else connection.send(payload);
    },
    connectAll: () => undefined,
    haveDelivered: () => true,
  };
}

describeInterop('rxzk election beside real ZooKeeper 3.8', () => {
  let plan: EnsemblePlan | undefined;
  let ensemble: RealZkEnsemble | undefined;

  beforeAll(async () => {
    plan = await planEnsemble({ size: 3, external: [ourSid] });
    ensemble = await startEnsemble(plan, { waitServing: true });
  }, 60_000);

  afterAll(async () => {
    await ensemble?.stop();
  });

  it('a late rxzk peer follows the leader the real servers elected', async () => {
    if (plan === undefined || ensemble === undefined) throw new Error('ensemble did not start');
    const leader = await ensemble.leaderSid();
    expect(leader === 1n || leader === 2n).toBe(true);
    const verifier = parseConfigText([...serverLines(plan), 'version=0'].join('\n'));
    const run = runElection({ sid: ourSid, verifier, lastLoggedZxid: 0n, currentEpoch: 0n, transport: dialTransport(plan) });
    const decision = await firstValueFrom(run.decision$.pipe(timeout(decisionTimeoutMs)));
    expect(decision.role).toBe('FOLLOWING');
    expect(decision.vote.leader).toBe(leader);
  });
});
