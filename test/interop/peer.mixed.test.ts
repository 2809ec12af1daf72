// Mixed ensembles: rxzk peers and real ZooKeeper 3.8 servers in one election. The election wire (initial messages,
// challenge rule, version-2 notifications, config text) has to match byte for byte for these to agree.
import { afterEach, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { parseZooCfg } from '../../src/config/parseZooCfg.js';
import { createPeer, type Peer, type PeerStatus } from '../../src/peer/index.js';
import {
  ZkMode, describeInterop, fourLetterWord, planEnsemble, serverOf, startEnsemble, zooCfgText, type EnsemblePlan,
  type RealZkEnsemble,
} from '../support/realZk.js';

let ensemble: RealZkEnsemble | undefined;
let peer: Peer | undefined;
let dir = '';
afterEach(async () => {
  await peer?.stop();
  await ensemble?.stop();
  peer = undefined;
  ensemble = undefined;
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

async function startRxzk(plan: EnsemblePlan, sid: bigint): Promise<Peer> {
  dir = await mkdtemp(join(tmpdir(), 'rxzk-mixed-'));
  const text = zooCfgText(plan, serverOf(plan, sid), join(dir, 'data'));
  return createPeer(parseZooCfg(text, { myidText: String(sid) }));
}

/** Decided and synced with the (real) leader through the Zab handshake. */
const decided = (p: Peer): Promise<PeerStatus> =>
  firstValueFrom(p.state$.pipe(filter((s) => s.state !== 'LOOKING' && s.synced), timeout(20_000)));

describeInterop('mixed ensemble: rxzk sid 1 with real ZooKeeper sids 2 and 3', () => {
  it('everyone agrees that 3 leads; the real pair serves and rxzk follows 3', async () => {
    const plan = await planEnsemble({ size: 3, external: [1n] });
    peer = await startRxzk(plan, 1n);
    ensemble = await startEnsemble(plan, { waitServing: false });
    const status = await decided(peer);
    expect(status).toMatchObject({ state: 'FOLLOWING', leader: 3n });
    await ensemble.waitServing({ timeoutMs: 20_000 });
    const modes = await ensemble.modes();
    expect(modes.get(3n)).toBe(ZkMode.leader);
    expect(modes.get(2n)).toBe(ZkMode.follower);
    // rxzk's own client port reports the role it decided, in ZooKeeper's format.
    const own = serverOf(plan, 1n);
    expect(await fourLetterWord(own.host, own.clientPort, 'srvr')).toContain('Mode: follower');
  }, 60_000);
});

describeInterop('mixed ensemble: rxzk joins a running real quorum late', () => {
  it('learns the established leader from the replies of servers out of election', async () => {
    const plan = await planEnsemble({ size: 3, external: [1n] });
    ensemble = await startEnsemble(plan, { waitServing: false });
    await ensemble.waitServing({ timeoutMs: 30_000 });
    const leader = await ensemble.leaderSid();
    expect(leader).toBe(3n);
    peer = await startRxzk(plan, 1n);
    const status = await decided(peer);
    expect(status).toMatchObject({ state: 'FOLLOWING', leader: 3n });
    // The real pair kept serving: no re-election was caused by the late joiner.
    expect(await ensemble.leaderSid()).toBe(3n);
  }, 60_000);
});
