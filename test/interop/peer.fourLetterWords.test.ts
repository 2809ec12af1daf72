// A live rxzk peer and a live ZooKeeper 3.8 server, started from the same zoo.cfg (only ports and directories differ),
// answer the same four-letter words the same way.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseZooCfg } from '../../src/config/parseZooCfg.js';
import { createPeer, type Peer } from '../../src/peer/index.js';
import {
  describeInterop, fourLetterWord, planStandalone, startEnsemble, zooCfgText, type EnsemblePlan, type RealZkEnsemble,
} from '../support/realZk.js';

const extra = { '4lw.commands.whitelist': 'srvr, ruok, conf', maxClientCnxns: '33', minSessionTimeout: '5000' };

describeInterop('four-letter words: rxzk peer vs ZooKeeper 3.8, same config', () => {
  let real: RealZkEnsemble | undefined;
  let peer: Peer | undefined;
  let ourPlan: EnsemblePlan | undefined;
  let dir = '';

  beforeAll(async () => {
    real = await startEnsemble(await planStandalone({ extra }));
    ourPlan = await planStandalone({ extra });
    dir = await mkdtemp(join(tmpdir(), 'rxzk-4lw-'));
    const server = ourPlan.servers[0];
    if (server === undefined) throw new Error('empty plan');
    peer = await createPeer(parseZooCfg(zooCfgText(ourPlan, server, join(dir, 'data'))));
    await peer.clientAddress;
  }, 60_000);

  afterAll(async () => {
    await peer?.stop();
    await real?.stop();
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  const ask = async (word: string): Promise<{ ours: string; theirs: string }> => {
    const theirServer = real?.plan.servers[0];
    const ourServer = ourPlan?.servers[0];
    if (theirServer === undefined || ourServer === undefined) throw new Error('not started');
    const [ours, theirs] = await Promise.all([
      fourLetterWord('127.0.0.1', ourServer.clientPort, word),
      fourLetterWord('127.0.0.1', theirServer.clientPort, word),
    ]);
    return { ours, theirs };
  };

  it('ruok, and a word outside the whitelist, byte for byte', async () => {
    const ruok = await ask('ruok');
    expect(ruok.ours).toBe(ruok.theirs);
    const stat = await ask('stat');
    expect(stat.ours).toBe(stat.theirs);
    expect(stat.ours).toBe('stat is not executed because it is not in the whitelist.\n');
  });

  it('conf: the same lines once ports and directories are set aside', async () => {
    const { ours, theirs } = await ask('conf');
    const normal = (text: string): string =>
      text.replace(/^(clientPort|dataDir|dataLogDir)=.*$/gm, '$1=*').replace(/^(dataDirSize|dataLogSize)=.*$/gm, '$1=*');
    expect(normal(ours)).toBe(normal(theirs));
    expect(ours).toContain('maxClientCnxns=33');
  });

  it('srvr: the same fields in the same order, and Mode: standalone', async () => {
    const { ours, theirs } = await ask('srvr');
    const fields = (text: string): string[] => text.split('\n').map((line) => line.split(':')[0] ?? '');
    expect(fields(ours)).toEqual(fields(theirs));
    expect(ours).toContain('Mode: standalone');
    expect(theirs).toContain('Mode: standalone');
  });
});
