// Epoch writes for the Zab shells: the peer's store performs them (sync in tests, files in production), and the
// outcome comes back to the reducer as an event, so memory follows the file only after a successful write.
import { catchError, defer, from, map, of, type Observable } from 'rxjs';
import { EpochFile } from '../config/epochs.js';
import { writeEpochFile } from '../config/dataDir.js';
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

/** A store over the snapshot directory's epoch files, keeping the last written values in memory. */
export function fileEpochStore(snapDir: string, epochs: { acceptedEpoch: bigint; currentEpoch: bigint }): EpochStore {
  const memory = { ...epochs };
  return {
    get acceptedEpoch() {
      return memory.acceptedEpoch;
    },
    get currentEpoch() {
      return memory.currentEpoch;
    },
    async persist(file, epoch) {
      await writeEpochFile(snapDir, file === 'acceptedEpoch' ? EpochFile.acceptedEpoch : EpochFile.currentEpoch, epoch);
      memory[file] = epoch;
    },
  };
}
