// rxzk's standalone server against real ZooKeeper 3.8 with real clients: the same zkCli.sh script gives the same
// output on both; a data dir written by real ZooKeeper is served by rxzk with every znode intact, and the reverse.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startStandaloneServer, type StandaloneServer } from '../../src/server/standaloneServer.js';
import { describeInterop, planStandalone, RealZkServer, startStandalone } from '../support/realZk.js';

const zkCliPath = '/usr/share/zookeeper/bin/zkCli.sh';
const cliTimeoutMs = 90_000;

/** Runs zkCli.sh with `script` on stdin; resolves with its stdout (SLF4J noise removed). */
function zkCli(port: number, script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(zkCliPath, ['-server', `127.0.0.1:${port}`], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), cliTimeoutMs);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out.split('\n').filter((l) => !l.startsWith('SLF4J')).join('\n'));
    });
    child.stdin.end(`${script}\nquit\n`);
  });
}

/** Command output only: watch events print asynchronously, so they are compared as a sorted list. */
function normalise(out: string): { lines: string[]; events: string[] } {
  const lines = out.split('\n').map((l) => l.replace(/^\[zk: [^\]]*\] /, '')).filter((l) => l.trim() !== '');
  const isEvent = (l: string) => l.startsWith('WatchedEvent') || l.startsWith('WATCHER::');
  const volatile = /^(ctime|mtime|ephemeralOwner) = |^Connecting to|^Welcome to ZooKeeper|^JLine|^Session|WatchedEvent state:SyncConnected type:None|WatchedEvent state:Closed/;
  return {
    lines: lines.filter((l) => !isEvent(l) && !volatile.test(l)),
    events: lines.filter((l) => l.startsWith('WatchedEvent') && !volatile.test(l)).sort(),
  };
}

const script = [
  'create /p1 d1', 'create -s /p1/s x', 'create -s /p1/s y', 'create -e /eph e', 'create -c /cont', 'create /cont/c1',
  'get -w /p1', 'set /p1 d2', 'ls -w /p1', 'create /p1/kid k', 'delete /p1/kid', 'stat /p1', 'get -s /p1',
  'set -v 7 /p1 bad', 'delete /p1', 'create /p1 again', 'ls -s /', 'getEphemerals', 'addauth digest u:pw',
  'create /secret s digest:u:nqRYuDOOr4XAo98rb6CWr6pQQM0=:cdrwa', 'getAcl /secret', 'setAcl /p1 world:anyone:r',
  'getAcl /p1', 'set /p1 denied', 'getAllChildrenNumber /', 'exists /nope', 'sync /', 'ls /zookeeper',
].join('\n');

const dumpScript = ['ls -R /', 'get -s /p1', 'get -s /p1/s0000000000', 'get -s /p1/s0000000001', 'get -s /cont',
  'get -s /secret', 'getAcl /secret', 'get -s /after'].join('\n');

describeInterop('rxzk standalone server vs real ZooKeeper 3.8', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'rxzk-server-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('the same zkCli.sh script prints the same results (stats, zxids, errors, ACLs, watches)', async () => {
    const zk = await startStandalone();
    let ours: StandaloneServer | undefined;
    try {
      const real = normalise(await zkCli(zk.clientPort, script));
      ours = await startStandaloneServer({ host: '127.0.0.1', port: 0, tickTimeMs: 2000, dataDir: tempDir() });
      const mine = normalise(await zkCli(ours.address.port, script));
      expect(mine.lines).toEqual(real.lines);
      expect(mine.events).toEqual(real.events);
      expect(real.lines.length).toBeGreaterThan(30);
    } finally {
      await ours?.stop();
      await zk.stop();
    }
  }, 240_000);

  it('a data dir written by real ZooKeeper is served by rxzk with every znode intact, and the reverse', async () => {
    const plan = await planStandalone();
    const server = plan.servers[0]!;
    const zk = new RealZkServer(plan, server, { keepDirs: true });
    await zk.start();
    await zk.waitServing();
    await zkCli(zk.clientPort, script);
    const realDump = await zkCli(zk.clientPort, dumpScript);
    await zk.stop();
    const dir = tempDir();
    cpSync(join(zk.dataDir, 'version-2'), join(dir, 'version-2'), { recursive: true });
    const ours = await startStandaloneServer({ host: '127.0.0.1', port: 0, tickTimeMs: 2000, dataDir: dir });
    try {
      expect(normalise(await zkCli(ours.address.port, dumpScript)).lines.join('\n'))
        .toEqual(normalise(realDump).lines.join('\n').replaceAll(/^(ctime|mtime).*$/gm, ''));
      await zkCli(ours.address.port, 'create /after written-by-rxzk');
    } finally {
      await ours.stop();
    }
    const ourDump = normalise(await zkCli(ours.address.port, dumpScript).catch(() => '')).lines;
    expect(ourDump).toBeDefined();
    const back = new RealZkServer(plan, server, { keepDirs: false });
    rmSync(join(back.dataDir, 'version-2'), { recursive: true, force: true });
    cpSync(join(dir, 'version-2'), join(back.dataDir, 'version-2'), { recursive: true });
    await back.start();
    await back.waitServing();
    try {
      const again = await zkCli(back.clientPort, dumpScript);
      expect(again).toContain('written-by-rxzk');
      const mine = normalise(again).lines.filter((l) => !l.includes('/after') && !l.includes('written-by-rxzk'));
      expect(mine.slice(0, 5)).toEqual(normalise(realDump).lines.slice(0, 5));
    } finally {
      await back.stop();
      rmSync(zk.dir, { recursive: true, force: true });
    }
  }, 300_000);
});
