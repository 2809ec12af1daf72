// The data directory in ZooKeeper's layout (FileTxnSnapLog): `<dataLogDir>/version-2/log.<hex zxid>` transaction
// logs appended with fdatasync before anything is acknowledged, and `<dataDir>/version-2/snapshot.<hex zxid>`
// snapshots. A log is started fresh after every restart and snapshot, so a torn tail is never appended to.
import { mkdir, open, readdir, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeFileHeader, encodeLogEntry, TXNLOG_MAGIC } from './txnLogFormat.js';
import type { Txn } from './txn.js';

export const VERSION_DIR = 'version-2';

export interface DataDirs {
  readonly dataDir: string;
  readonly dataLogDir: string;
}

export const snapDirOf = (dirs: DataDirs): string => join(dirs.dataDir, VERSION_DIR);
export const logDirOf = (dirs: DataDirs): string => join(dirs.dataLogDir, VERSION_DIR);

/** Files named `<prefix>.<hex zxid>` in `dir`, ascending by zxid; other names (and a missing dir) are ignored. */
export async function listZxidFiles(dir: string, prefix: string): Promise<{ name: string; zxid: bigint }[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const out: { name: string; zxid: bigint }[] = [];
  for (const name of names) {
    const match = new RegExp(`^${prefix}\\.([0-9a-fA-F]{1,16})$`).exec(name);
    if (match?.[1] !== undefined) out.push({ name, zxid: BigInt.asIntN(64, BigInt(`0x${match[1]}`)) });
  }
  return out.sort((a, b) => (a.zxid < b.zxid ? -1 : a.zxid > b.zxid ? 1 : 0));
}

export const zxidFileName = (prefix: string, zxid: bigint): string => `${prefix}.${BigInt.asUintN(64, zxid).toString(16)}`;

/** How a log file is made durable; tests count or hold these calls. */
export type SyncFile = (file: Pick<FileHandle, 'datasync'>) => Promise<void>;

const datasync: SyncFile = (file) => file.datasync();

export class FileTxnLog {
  private handle: FileHandle | undefined;
  private position = 0;
  private readonly dir: string;

  constructor(dirs: DataDirs, private readonly sync: SyncFile = datasync) {
    this.dir = logDirOf(dirs);
  }

  /** Appends a group of txns and fdatasyncs once: the group commit. */
  async append(txns: readonly Txn[]): Promise<void> {
    const first = txns[0];
    if (first === undefined) return;
    if (this.handle === undefined) {
      await mkdir(this.dir, { recursive: true });
      this.handle = await open(join(this.dir, zxidFileName('log', first.header.zxid)), 'wx');
      const header = encodeFileHeader(TXNLOG_MAGIC, 0n);
      await this.handle.write(header, 0, header.length, 0);
      this.position = header.length;
    }
    const bytes = Buffer.concat(txns.map(encodeLogEntry));
    await this.handle.write(bytes, 0, bytes.length, this.position);
    this.position += bytes.length;
    await this.sync(this.handle);
  }

  /** The next append starts a new log file (after a snapshot, as ZooKeeper rolls). */
  async roll(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }

  async close(): Promise<void> {
    await this.roll();
  }
}

/** Writes a snapshot under a temporary name, fsyncs and renames it, so a crash never leaves a half snapshot. */
export async function writeSnapshotFile(dirs: DataDirs, zxid: bigint, bytes: Uint8Array): Promise<string> {
  const dir = snapDirOf(dirs);
  await mkdir(dir, { recursive: true });
  const target = join(dir, zxidFileName('snapshot', zxid));
  const tmp = join(dir, `.${zxidFileName('snapshot', zxid)}.tmp`);
  const handle = await open(tmp, 'w');
  try {
    await handle.write(bytes, 0, bytes.length, 0);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, target);
  return target;
}

