import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileEpochStore } from '../../src/zab/epochStore.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rxzk-epochstore-'));
});
afterEach(() => {
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
    await store.close();
    await late;
    expect(text('currentEpoch')).toBe('2');
    expect(await openUnderDir()).toEqual([]);
    await expect(store.persist('currentEpoch', 3n)).rejects.toThrow('closed');
    expect(text('currentEpoch')).toBe('2');
  });
});
