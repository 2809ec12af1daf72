// Proves the real-ZooKeeper harness: a 3-server ensemble elects exactly one leader, a standalone server serves, and
// every JVM the harness started is gone afterwards.

import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  ZkMode, describeInterop, fourLetterWord, pidAlive, startEnsemble, startStandalone, type RealZkEnsemble, type RealZkServer,
} from '../support/realZk.js';
import { existsSync } from 'node:fs';

describeInterop('real ZooKeeper 3.8 ensemble of 3', () => {
  let ensemble: RealZkEnsemble | undefined;

  beforeAll(async () => {
    ensemble = await startEnsemble({ size: 3 });
  });

  afterAll(async () => {
    await ensemble?.stop();
  });

  it('has exactly one leader and two followers by srvr', async () => {
    const modes = [...(await started(ensemble).modes()).values()].sort();
    expect(modes).toEqual([ZkMode.follower, ZkMode.follower, ZkMode.leader]);
  });

  it('stops every server by PID and removes its dir', async () => {
    const e = started(ensemble);
    const dirs = [...e.servers.values()].map((s) => s.dir);
    expect(e.pids).toHaveLength(3);
    expect(e.pids.every(pidAlive)).toBe(true);
    await e.stop();
    expect(e.pids.filter(pidAlive)).toEqual([]);
    expect(dirs.filter((dir) => existsSync(dir))).toEqual([]);
  });
});

describeInterop('real ZooKeeper 3.8 standalone', () => {
  let server: RealZkServer | undefined;

  beforeAll(async () => {
    server = await startStandalone();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('reports Mode: standalone and stops by PID', async () => {
    const s = started(server);
    expect(await s.mode()).toBe(ZkMode.standalone);
    // ruok is outside ZooKeeper's default whitelist, so this also proves the harness's 4lw.commands.whitelist=*.
    expect(await fourLetterWord(s.host, s.clientPort, 'ruok')).toBe('imok');
    const [pid] = s.pids;
    expect(pid !== undefined && pidAlive(pid)).toBe(true);
    await s.stop();
    expect(s.pids.filter(pidAlive)).toEqual([]);
    expect(existsSync(s.dir)).toBe(false);
  });
});

function started<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('beforeAll did not start the server(s)');
  return value;
}

describeInterop('real ZooKeeper 3.8 leader crash and restart', () => {
  let ensemble: RealZkEnsemble | undefined;

  beforeAll(async () => {
    ensemble = await startEnsemble({ size: 3 });
  });

  afterAll(async () => {
    await ensemble?.stop();
  });

  it('elects a new leader after kill9 of the leader; the restarted server rejoins as follower', async () => {
    const e = started(ensemble);
    const first = await e.waitForLeader();
    const killedPid = e.server(first).pid;
    await e.kill9(first);
    expect(killedPid !== undefined && pidAlive(killedPid)).toBe(false);
    const second = await e.waitForLeader({ notSid: first });
    expect(second).not.toBe(first);
    await e.restart(first);
    expect(await e.server(first).mode()).toBe(ZkMode.follower);
    expect(e.server(first).pids).toHaveLength(2);
    await e.stop();
    expect(e.pids.filter(pidAlive)).toEqual([]);
  });
});
