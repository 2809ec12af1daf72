import { mkdtempSync, readFileSync, readdirSync, readlinkSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fileEpochStore } from '../../src/zab/epochStore.js';

let dir = '';
beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'rxzk-epochstore-')));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const text = (file: string): string => readFileSync(join(dir, file), 'latin1');
const inode = (file: string): number => statSync(join(dir, file)).ino;

/** Paths of this process's open descriptors that lie under the test's directory. */
async function openUnderDir(): Promise<string[]> {
  const fds = await readdir('/proc/self/fd');
  const paths = fds.map((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      return '';
    }
  });
  return paths.filter((path) => path.startsWith(dir));
}

describe('fileEpochStore', () => {
  it('rewrites a same-length epoch in place and renames a new file in when the length changes', async () => {
    const store = fileEpochStore(dir, { acceptedEpoch: 0n, currentEpoch: 0n });
    await store.persist('acceptedEpoch', 8n);
    const first = inode('acceptedEpoch');
    await store.persist('acceptedEpoch', 9n);
    expect(text('acceptedEpoch')).toBe('9');
    expect(inode('acceptedEpoch')).toBe(first);
    await store.persist('acceptedEpoch', 10n);
    expect(text('acceptedEpoch')).toBe('10');
    expect(inode('acceptedEpoch')).not.toBe(first);
    const second = inode('acceptedEpoch');
    await store.persist('acceptedEpoch', 11n);
    await store.persist('acceptedEpoch', 3n);
    expect(text('acceptedEpoch')).toBe('3');
    expect(inode('acceptedEpoch')).not.toBe(second);
    expect(readdirSync(dir)).toEqual(['acceptedEpoch']);
    expect(store.acceptedEpoch).toBe(3n);
    await store.close();
  });

  it('writes in place at the start of the file, one value after another', async () => {
    const store = fileEpochStore(dir, { acceptedEpoch: 0n, currentEpoch: 0n });
    await store.persist('currentEpoch', 1n);
    const first = inode('currentEpoch');
    for (const epoch of [2n, 3n, 4n, 5n]) {
      await store.persist('currentEpoch', epoch);
      expect(text('currentEpoch')).toBe(epoch.toString());
      expect(statSync(join(dir, 'currentEpoch')).size).toBe(1);
    }
    expect(inode('currentEpoch')).toBe(first);
    await store.close();
  });

  it('a failed in-place write rejects, keeps memory, drops its handle, and the next write replaces the file', async () => {
    const store = fileEpochStore(dir, { acceptedEpoch: 0n, currentEpoch: 0n });
    await store.persist('acceptedEpoch', 1n);
    const first = inode('acceptedEpoch');
    const probe = await open(join(dir, 'acceptedEpoch'), 'r');
    const handleProto = Object.getPrototypeOf(probe) as { datasync(): Promise<void> };
    await probe.close();
    vi.spyOn(handleProto, 'datasync').mockRejectedValueOnce(new Error('EIO: i/o error'));
    await expect(store.persist('acceptedEpoch', 2n)).rejects.toThrow('EIO');
    expect(store.acceptedEpoch).toBe(1n);
    expect(await openUnderDir()).toEqual([]);
    await store.persist('acceptedEpoch', 3n);
    expect(text('acceptedEpoch')).toBe('3');
    expect(inode('acceptedEpoch')).not.toBe(first);
    expect(store.acceptedEpoch).toBe(3n);
    await store.close();
  });

  it('runs writes to one file in call order and moves memory only after each write', async () => {
    const store = fileEpochStore(dir, { acceptedEpoch: 0n, currentEpoch: 0n });
    const writes = [5n, 6n, 12n, 7n, 8n].map((epoch) => store.persist('currentEpoch', epoch));
    expect(store.currentEpoch).toBe(0n);
    await Promise.all(writes);
    expect(text('currentEpoch')).toBe('8');
    expect(store.currentEpoch).toBe(8n);
    expect(store.acceptedEpoch).toBe(0n);
    await store.close();
  });

  it('adopts files already on disk: a same-length first write goes in place, another length renames', async () => {
    writeFileSync(join(dir, 'acceptedEpoch'), '5');
    writeFileSync(join(dir, 'currentEpoch'), '5\n');
    const [accepted, current] = [inode('acceptedEpoch'), inode('currentEpoch')];
    const store = fileEpochStore(dir, { acceptedEpoch: 5n, currentEpoch: 5n });
    await store.persist('acceptedEpoch', 6n);
    expect(text('acceptedEpoch')).toBe('6');
    expect(inode('acceptedEpoch')).toBe(accepted);
    // Two bytes on disk, one to write: the size would change, so the file is replaced whole.
    await store.persist('currentEpoch', 6n);
    expect(text('currentEpoch')).toBe('6');
    expect(inode('currentEpoch')).not.toBe(current);
    await store.close();
    expect(await openUnderDir()).toEqual([]);
  });

  it('close() releases adopted files that were never written', async () => {
    writeFileSync(join(dir, 'acceptedEpoch'), '0');
    writeFileSync(join(dir, 'currentEpoch'), '0');
    const store = fileEpochStore(dir, { acceptedEpoch: 0n, currentEpoch: 0n });
    await store.close();
    expect(await openUnderDir()).toEqual([]);
    expect([text('acceptedEpoch'), text('currentEpoch')]).toEqual(['0', '0']);
  });

  it('reports a failed write and leaves memory where it was', async () => {
    writeFileSync(join(dir, 'blocker'), 'not a directory');
    const store = fileEpochStore(join(dir, 'blocker', 'version-2'), { acceptedEpoch: 4n, currentEpoch: 4n });
    await expect(store.persist('acceptedEpoch', 5n)).rejects.toThrow();
    expect(store.acceptedEpoch).toBe(4n);
    await store.close();
  });

  it('close() waits for writes under way, releases its handles and refuses later writes', async () => {
    const store = fileEpochStore(dir, { acceptedEpoch: 0n, currentEpoch: 0n });
    await store.persist('currentEpoch', 1n);
    await store.persist('acceptedEpoch', 1n);
    expect(await openUnderDir()).toHaveLength(2);
    const late = store.persist('currentEpoch', 2n);
    const renamed = store.persist('acceptedEpoch', 10n);
    await store.close();
    await Promise.all([late, renamed]);
    expect(text('currentEpoch')).toBe('2');
    expect(text('acceptedEpoch')).toBe('10');
    expect(await openUnderDir()).toEqual([]);
    await expect(store.persist('currentEpoch', 3n)).rejects.toThrow('closed');
    expect(text('currentEpoch')).toBe('2');
  });
});
