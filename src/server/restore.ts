// Restoring the database at start-up (FileTxnSnapLog.restore): the newest snapshot that parses and whose seal
// checks, falling back to older ones as ZooKeeper does, then every later logged txn replayed in zxid order.
// A checksum failure inside a log refuses to start with a clear error rather than serving a silently shorter history.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logging.js';
import { OpCode } from '../proto/opCodes.js';
import { DataTree } from './dataTree.js';
import { listZxidFiles, logDirOf, snapDirOf, type DataDirs } from './fileTxnSnapLog.js';
import { decodeSnapshot } from './snapshotFormat.js';
import { PersistenceError, PersistenceErrorCode, readLogEntries } from './txnLogFormat.js';

/** ZooKeeper looks at the 100 most recent snapshots before giving up. */
export const SNAPSHOTS_TRIED_MAX = 100;

export interface Restored {
  readonly tree: DataTree;
  readonly sessions: Map<bigint, number>;
  readonly snapshotZxid: bigint | undefined;
  readonly txnsReplayed: number;
}

async function loadNewestSnapshot(dirs: DataDirs, log: Logger): Promise<Omit<Restored, 'txnsReplayed'>> {
  const dir = snapDirOf(dirs);
  const files = (await listZxidFiles(dir, 'snapshot')).reverse().slice(0, SNAPSHOTS_TRIED_MAX);
  for (const file of files) {
    const path = join(dir, file.name);
    try {
      const content = decodeSnapshot(await readFile(path), file.zxid, path);
      log.info({ snapshot: path }, 'loaded snapshot');
      return { ...content, snapshotZxid: file.zxid };
    } catch (error) {
      if (!(error instanceof PersistenceError)) throw error;
      log.warn({ snapshot: path, err: error.message }, `problem reading snap file ${path}, trying an older one`);
    }
  }
  if (files.length > 0) {
    throw new PersistenceError(PersistenceErrorCode.corrupt, `Not able to find valid snapshots in ${dir}`);
  }
  return { tree: new DataTree(), sessions: new Map(), snapshotZxid: undefined };
}

/** Logs that may hold txns after `zxid`: the last one starting at or before it, and all later ones. */
function logsAfter<T extends { zxid: bigint }>(logs: readonly T[], zxid: bigint): T[] {
  let start = 0;
  logs.forEach((log, index) => {
    if (log.zxid <= zxid) start = index;
  });
  return logs.slice(start);
}

export async function restore(dirs: DataDirs, log: Logger): Promise<Restored> {
  const { tree, sessions, snapshotZxid } = await loadNewestSnapshot(dirs, log);
  const dir = logDirOf(dirs);
  let replayed = 0;
  for (const file of logsAfter(await listZxidFiles(dir, 'log'), tree.lastProcessedZxid)) {
    const path = join(dir, file.name);
    const read = readLogEntries(await readFile(path), path);
    if (read.truncatedTail) log.warn({ log: path, validBytes: read.validBytes }, 'transaction log ends in a partial record');
    for (const txn of read.txns) {
      if (txn.header.zxid <= tree.lastProcessedZxid) continue;
      if (txn.header.type === OpCode.createSession && txn.record.kind === 'createSession') {
        sessions.set(txn.header.clientId, txn.record.timeOut);
      } else if (txn.header.type === OpCode.closeSession) sessions.delete(txn.header.clientId);
      tree.applyTxn(txn);
      replayed += 1;
    }
  }
  return { tree, sessions, snapshotZxid, txnsReplayed: replayed };
}
