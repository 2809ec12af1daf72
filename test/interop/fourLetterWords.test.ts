// rxzk's four-letter-word replies next to real ZooKeeper 3.8's, for the same config (read by rxzk's own zoo.cfg
// loader from the real server's files) and the same state (counters taken from the real reply): byte for byte.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadZooCfg, readEpochFile } from '../../src/config/dataDir.js';
import type { PeerConfig } from '../../src/config/peerConfig.js';
import { formatQuorumView } from '../../src/config/quorumView.js';
import { NOT_SERVING_TEXT, answerFourLetterWord } from '../../src/peer/fourLetterWords.js';
import { gaugeLinesOf, stateFor } from '../fixtures/4lw/replyState.js';
import {
  type RealZkEnsemble, type RealZkServer, describeInterop, fourLetterWord, planEnsemble, startEnsemble,
} from '../support/realZk.js';

/** A LOOKING peer never "serves", so poll ruok (bounded) until its client port is up. */
const clientPortAttemptsMax = 50;
const clientPortPollMs = 200;
const words = ['ruok', 'srvr', 'stat', 'mntr', 'conf', 'envi', 'isro'] as const;

async function compareAll(server: RealZkServer): Promise<void> {
  const config: PeerConfig = await loadZooCfg(server.configPath);
  for (const word of words) {
    const real = await fourLetterWord(server.host, server.clientPort, word);
    const answer = answerFourLetterWord(word, stateFor(word, real, config), config.fourLetterWordWhitelist);
    const expected = word === 'mntr' && !real.startsWith(NOT_SERVING_TEXT) ? gaugeLinesOf(real) : real;
    expect(answer.kind === 'reply' ? answer.text : `(${answer.kind})`, `sid ${server.sid} ${word}`).toBe(expected);
  }
}

describeInterop('four-letter words vs real ZooKeeper 3.8: ensemble of 3 + observer', () => {
  let zk: RealZkEnsemble | undefined;
  beforeAll(async () => {
    zk = await startEnsemble({ size: 3, observers: 1, tickTimeMs: 2000 });
    await zk.waitForLeader();
  });
  afterAll(async () => {
    await zk?.stop();
  });

  it('leader, followers and observer reply exactly as rxzk formats them', async () => {
    for (const server of zk?.servers.values() ?? []) await compareAll(server);
    expect(zk?.servers.size).toBe(4);
  });

  it('rxzk reads the config text a real peer prints as its membership', async () => {
    for (const server of zk?.servers.values() ?? []) {
      const config = await loadZooCfg(server.configPath);
      const conf = await fourLetterWord(server.host, server.clientPort, 'conf');
      expect(conf.endsWith(`membership: \n${formatQuorumView(config.view)}`)).toBe(true);
    }
  });

  it('rxzk reads the epoch files the real peers wrote', async () => {
    const leader = await zk?.waitForLeader();
    const leaderSrvr = await fourLetterWord('127.0.0.1', zk?.server(leader ?? 0n).clientPort ?? 0, 'srvr');
    const epoch = BigInt(/^Zxid: (0x[0-9a-f]+)$/m.exec(leaderSrvr)?.[1] ?? '-1') >> 32n;
    for (const server of zk?.servers.values() ?? []) {
      const snapDir = join(server.dataDir, 'version-2');
      expect(await readEpochFile(snapDir, 'currentEpoch')).toEqual({ kind: 'value', value: epoch });
      expect(await readEpochFile(snapDir, 'acceptedEpoch')).toEqual({ kind: 'value', value: epoch });
    }
  });
});

describeInterop('four-letter words vs real ZooKeeper 3.8: standalone and LOOKING', () => {
  let standalone: RealZkEnsemble | undefined;
  let looking: RealZkEnsemble | undefined;
  beforeAll(async () => {
    // One server line and standaloneEnabled=true: ZooKeeper runs it standalone, and rxzk must agree.
    standalone = await startEnsemble({ servers: [{ sid: 1n }], tickTimeMs: 2000 });
    const plan = await planEnsemble({ size: 3, external: [2n, 3n], tickTimeMs: 2000 });
    looking = await startEnsemble(plan, { waitServing: false });
  });
  afterAll(async () => {
    await Promise.allSettled([standalone?.stop(), looking?.stop()]);
  });

  it('a LOOKING peer (no quorum) answers as rxzk formats it', async () => {
    const server = looking?.server(1n);
    if (server === undefined) throw new Error('no server');
    // Wait until its client port is up: ruok is answered even while LOOKING.
    for (let attempt = 0; attempt < clientPortAttemptsMax; attempt += 1) {
      const reply = await fourLetterWord(server.host, server.clientPort, 'ruok').catch(() => '');
      if (reply === 'imok') break;
      await new Promise((resolve) => { setTimeout(resolve, clientPortPollMs); });
    }
    expect(await fourLetterWord(server.host, server.clientPort, 'srvr')).toBe(`${NOT_SERVING_TEXT}\n`);
    await compareAll(server);
  });

  it('a one-server ensemble config answers as rxzk formats it', async () => {
    const server = standalone?.server(1n);
    if (server === undefined) throw new Error('no server');
    await compareAll(server);
  });
});
