import { mkdtempSync, mkdirSync, readFileSync, readdirSync, readlinkSync, realpathSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { loadEpochs, loadZooCfg, readEpochFile, snapDirOf, writeEpochFile } from '../../src/config/dataDir.js';
import { formatQuorumView } from '../../src/config/quorumView.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rxzk-datadir-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('epoch files on disk', () => {
  it('writes decimal text without newline and leaves no .tmp behind', async () => {
    const snapDir = snapDirOf(dir);
    await writeEpochFile(snapDir, 'acceptedEpoch', 7n);
    expect(readFileSync(join(snapDir, 'acceptedEpoch'), 'latin1')).toBe('7');
    expect(readdirSync(snapDir)).toEqual(['acceptedEpoch']);
    expect(await readEpochFile(snapDir, 'acceptedEpoch')).toEqual({ kind: 'value', value: 7n });
  });

  it('syncs the file and then its directory, so the rename is durable too', async () => {
    const snapDir = snapDirOf(dir);
    await writeEpochFile(snapDir, 'currentEpoch', 1n);
    const probe = await open(join(snapDir, 'currentEpoch'), 'r');
    const handleProto = Object.getPrototypeOf(probe) as { sync(): Promise<void> };
    await probe.close();
    const synced: string[] = [];
    const realSync = handleProto.sync;
    vi.spyOn(handleProto, 'sync').mockImplementation(async function (this: { fd: number }) {
      synced.push(readlinkSync(`/proc/self/fd/${this.fd}`));
      return realSync.call(this);
    });
    try {
      await writeEpochFile(snapDir, 'currentEpoch', 2n);
    } finally {
      vi.restoreAllMocks();
    }
    expect(synced).toEqual([join(realpathSync(snapDir), 'currentEpoch.tmp'), realpathSync(snapDir)]);
  });

  it('reads the epoch files a real ZooKeeper 3.8 follower wrote', async () => {
    const fixture = new URL('../fixtures/config/zk-datadir/version-2/', import.meta.url);
    const snapDir = fixture.pathname;
    const current = await readEpochFile(snapDir, 'currentEpoch');
    const accepted = await readEpochFile(snapDir, 'acceptedEpoch');
    expect(current).toEqual({ kind: 'value', value: BigInt(readFileSync(join(snapDir, 'currentEpoch'), 'latin1')) });
    expect(current.kind === 'value' && current.value > 0n).toBe(true);
    expect(accepted).toEqual(current);
  });

  it('loadEpochs creates both files in a fresh data dir', async () => {
    const snapDir = snapDirOf(dir);
    expect(await loadEpochs(snapDir)).toMatchObject({ currentEpoch: 0n, acceptedEpoch: 0n });
    expect(readFileSync(join(snapDir, 'currentEpoch'), 'latin1')).toBe('0');
    expect(readFileSync(join(snapDir, 'acceptedEpoch'), 'latin1')).toBe('0');
  });

  it('loadEpochs refuses acceptedEpoch < currentEpoch and writes nothing', async () => {
    const snapDir = snapDirOf(dir);
    mkdirSync(snapDir);
    writeFileSync(join(snapDir, 'currentEpoch'), '3');
    writeFileSync(join(snapDir, 'acceptedEpoch'), '2');
    await expect(loadEpochs(snapDir)).rejects.toThrow('The accepted epoch, 2 is less than the current epoch, 3');
    expect(readFileSync(join(snapDir, 'acceptedEpoch'), 'latin1')).toBe('2');
  });

  it('loadEpochs uses currentEpoch.tmp when the last zxid is ahead and renames it into place', async () => {
    const snapDir = snapDirOf(dir);
    mkdirSync(snapDir);
    writeFileSync(join(snapDir, 'currentEpoch'), '1');
    writeFileSync(join(snapDir, 'currentEpoch.tmp'), '2');
    writeFileSync(join(snapDir, 'acceptedEpoch'), '2');
    expect(await loadEpochs(snapDir, { lastProcessedZxid: 0x200000001n })).toMatchObject({ currentEpoch: 2n });
    expect(readFileSync(join(snapDir, 'currentEpoch'), 'latin1')).toBe('2');
    expect(existsSync(join(snapDir, 'currentEpoch.tmp'))).toBe(false);
  });

  it('refuses an oversized epoch file instead of reading it all', async () => {
    const snapDir = snapDirOf(dir);
    mkdirSync(snapDir);
    writeFileSync(join(snapDir, 'currentEpoch'), '1'.repeat(10_000));
    await expect(readEpochFile(snapDir, 'currentEpoch')).rejects.toThrow(ConfigError);
  });
});

describe('loadZooCfg', () => {
  it('reads zoo.cfg and dataDir/myid of a 3-node ensemble', async () => {
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'myid'), '2\n');
    const cfg = [
      'tickTime=2000', 'initLimit=10', 'syncLimit=5', `dataDir=${dataDir}`, 'clientPort=2181',
      'server.1=127.0.0.1:2881:3881', 'server.2=127.0.0.1:2882:3882', 'server.3=127.0.0.1:2883:3883', '',
    ].join('\n');
    writeFileSync(join(dir, 'zoo.cfg'), cfg);
    const config = await loadZooCfg(join(dir, 'zoo.cfg'));
    expect(config.myid).toBe(2n);
    expect(config.mode).toBe('distributed');
    expect(config.clientAddress).toEqual({ host: '0.0.0.0', port: 2181 });
    expect(formatQuorumView(config.view)).toBe(
      'server.1=127.0.0.1:2881:3881:participant\nserver.2=127.0.0.1:2882:3882:participant\n' +
        'server.3=127.0.0.1:2883:3883:participant\nversion=0',
    );
  });

  it('reads the view from dynamicConfigFile, versioned by its file name', async () => {
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'myid'), '1');
    const dynamicPath = join(dir, 'zoo.cfg.dynamic.100000000');
    writeFileSync(dynamicPath, 'server.1=127.0.0.1:2881:3881\nserver.2=127.0.0.1:2882:3882\nserver.3=127.0.0.1:2883:3883\n');
    const cfg = `tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=${dataDir}\ndynamicConfigFile=${dynamicPath}\n`;
    writeFileSync(join(dir, 'zoo.cfg'), cfg);
    const config = await loadZooCfg(join(dir, 'zoo.cfg'));
    expect(config.view.version).toBe(0x100000000n);
    expect([...config.servers.keys()]).toEqual([1n, 2n, 3n]);
  });

  it('names the file in its refusal', async () => {
    const path = join(dir, 'zoo.cfg');
    writeFileSync(path, `dataDir=${dir}\nserver.1=127.0.0.1:2881:3881\nserver.2=127.0.0.1:2882:3882\n`);
    await expect(loadZooCfg(path)).rejects.toThrow(`Error processing ${path}: initLimit is not set`);
  });

  it('refuses a missing file', async () => {
    await expect(loadZooCfg(join(dir, 'nope.cfg'))).rejects.toThrow('file is missing');
  });
});
