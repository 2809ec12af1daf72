// Epoch writes for the Zab shells: the peer's store performs them (sync in tests, files in production), and the
// outcome comes back to the reducer as an event, so memory follows the file only after a successful write.
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { catchError, defer, from, map, of, type Observable } from 'rxjs';
import { EpochFile, formatEpoch } from '../config/epochs.js';
import { syncDirectory, writeEpochFile } from '../config/dataDir.js';
import type { EpochStore, PersistedEpochFile } from './types.js';

export type PersistOutcome =
  | { readonly kind: 'persisted'; readonly file: PersistedEpochFile; readonly epoch: bigint }
  | { readonly kind: 'persistFailed'; readonly file: PersistedEpochFile; readonly epoch: bigint; readonly detail: string };

export function persistEpoch(store: EpochStore, file: PersistedEpochFile, epoch: bigint): Observable<PersistOutcome> {
  return defer(() => {
    const written = store.persist(file, epoch);
    return written instanceof Promise ? from(written) : of(undefined);
  }).pipe(
    map((): PersistOutcome => ({ kind: 'persisted', file, epoch })),
    catchError((error: unknown) => of<PersistOutcome>({ kind: 'persistFailed', file, epoch,
      detail: error instanceof Error ? error.message : String(error) })),
  );
}

/** One epoch file's open handle, kept while the text on disk has a known length. */
interface OpenEpochFile {
  readonly handle: FileHandle;
  readonly length: number;
}

/**
 * A store over the snapshot directory's epoch files, keeping the last written values in memory.
 *
 * Each file is written the way ZooKeeper writes it (temp file, fsync, rename; then a directory fsync, so the rename
 * is durable before any in-place write relies on it) the first time and whenever its text changes length. A file
 * already on disk when the store is made is opened then instead (after one directory fsync) and needs no first
 * rename. A write of the same length overwrites the open file in place and fdatasyncs it. The size and inode do not
 * change, so the sync needs no journal commit and does not queue behind other peers' fsyncs on a shared filesystem.
 * A shorter or longer text would need a size change that could reach disk apart from the bytes, hence the rename.
 *
 * The accepted risk: the text (at most 20 bytes at offset 0) relies on the disk writing one sector whole. Disks
 * commonly do, but it is not guaranteed, and a torn write of digits would still parse (PostgreSQL rewrites
 * pg_control in place too, but checks a CRC that these files, in ZooKeeper's format, cannot carry).
 *
 * The store is the only writer of these files while the peer runs (a file replaced behind its back would keep its
 * old inode open and miss later writes), as ZooKeeper's peer is of its own. Writes to one file run one at a time,
 * in call order. close() lets the writes under way finish, then closes the handles; a persist called after close()
 * is refused.
 */
export function fileEpochStore(
  snapDir: string,
  epochs: { acceptedEpoch: bigint; currentEpoch: bigint },
): EpochStore & { close(): Promise<void> } {
  const memory = { ...epochs };
  const opened = new Map<PersistedEpochFile, OpenEpochFile>();
  const queues = new Map<PersistedEpochFile, Promise<void>>();
  let closed = false;
  const nameOf = (file: PersistedEpochFile): EpochFile =>
    file === 'acceptedEpoch' ? EpochFile.acceptedEpoch : EpochFile.currentEpoch;

  // A file already on disk (the peer's start-up read or wrote both) is opened at once, in the background and ahead of
  // any write, so the first new value of the same length goes in place rather than through a temp file, a rename and
  // two fsyncs: on a fresh ensemble that first write is on the path from election to sync. One directory fsync
  // first, in case the process that renamed the file in died before its own; if that fails, nothing is adopted.
  const directoryDurable = syncDirectory(snapDir).then(() => true, () => false);
  const adopt = async (file: PersistedEpochFile): Promise<void> => {
    if (!(await directoryDurable)) return;
    const handle = await open(join(snapDir, nameOf(file)), 'r+').catch(() => undefined);
    if (handle === undefined) return;
    try {
      opened.set(file, { handle, length: (await handle.stat()).size });
    } catch {
      await handle.close().catch(() => undefined);
    }
  };
  for (const file of ['acceptedEpoch', 'currentEpoch'] as const) queues.set(file, adopt(file));

  const write = async (file: PersistedEpochFile, epoch: bigint): Promise<void> => {
    const text = formatEpoch(epoch);
    const current = opened.get(file);
    if (current !== undefined && current.length === text.length) {
      try {
        await current.handle.write(text, 0, 'latin1');
        await current.handle.datasync();
        return;
      } catch (error) {
        // The bytes on disk are unknown now (possibly already the new, unacknowledged value while memory keeps the
        // old one): forget the handle, so the next write replaces the file whole.
        opened.delete(file);
        await current.handle.close().catch(() => undefined);
        throw error;
      }
    }
    // Whatever happens to the rename below, the old handle may no longer name the file: let it go first.
    opened.delete(file);
    await current?.handle.close().catch(() => undefined);
    await writeEpochFile(snapDir, nameOf(file), epoch);
    // The rename put a new file in place; its handle serves the next writes. Without one, they rename again.
    const handle = await open(join(snapDir, nameOf(file)), 'r+').catch(() => undefined);
    // close() waits for this write before it closes what is open, this handle included.
    if (handle !== undefined) opened.set(file, { handle, length: text.length });
  };

  return {
    get acceptedEpoch() {
      return memory.acceptedEpoch;
    },
    get currentEpoch() {
      return memory.currentEpoch;
    },
    persist(file, epoch) {
      if (closed) return Promise.reject(new Error(`epoch store for ${snapDir} is closed`));
      const previous = queues.get(file) ?? Promise.resolve();
      // The queue holds each write's settled outcome, so a failed write does not stop the ones behind it.
      const done = previous.then(() => write(file, epoch)).then(() => {
        memory[file] = epoch;
      });
      queues.set(file, done.catch(() => undefined));
      return done;
    },
    async close() {
      closed = true;
      await Promise.all(queues.values());
      await Promise.all([...opened.values()].map(({ handle }) => handle.close().catch(() => undefined)));
      opened.clear();
    },
  };
}
