// Shell over the data directory: reads zoo.cfg and myid, reads and atomically writes the epoch files the way
// ZooKeeper 3.8 does (decimal text, `<name>.tmp` + fsync + rename, plus a directory fsync), and applies the
// load-time epoch checks.
import { open, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigErrorCode, configError, inFile } from './configErrors.js';
import { type EpochDecision, type EpochFileRead, EpochFile, decideEpochs, formatEpoch, parseEpochText } from './epochs.js';
import { javaTrim } from './javaNumbers.js';
import { configLimits } from './limits.js';
import { parseProperties, javaPropertiesMap } from './parseProperties.js';
import { type ParseZooCfgConfig, peerConfigFromProperties } from './parseZooCfg.js';
import type { PeerConfig } from './peerConfig.js';

/** ZooKeeper keeps snapshots and epoch files under `<dataDir>/version-2`. */
export const snapDirOf = (dataDir: string): string => join(dataDir, 'version-2');

const isMissing = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && (error.code === 'ENOENT' || error.code === 'ENOTDIR');

/** Whole file as ISO-8859-1 text (what java.io readers see for ASCII files), bounded; undefined if absent. */
export async function readSmallFile(path: string, bytesMax: number): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  try {
    const buffer = Buffer.alloc(bytesMax + 1);
    let length = 0;
    while (length <= bytesMax) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > bytesMax) throw configError(ConfigErrorCode.tooLarge, `${path} is larger than ${bytesMax} bytes`);
    return buffer.subarray(0, length).toString('latin1');
  } finally {
    await handle.close();
  }
}

export interface LoadZooCfgConfig {
  readonly jvmProperties?: ReadonlyMap<string, string>;
}

/** Read zoo.cfg, then dataDir/myid, and parse both as a real server would. */
export async function loadZooCfg(path: string, config: LoadZooCfgConfig = {}): Promise<PeerConfig> {
  const text = await readSmallFile(path, configLimits.configBytesMax);
  if (text === undefined) throw configError(ConfigErrorCode.missing, `Error processing ${path}: ${path} file is missing`);
  let properties: Map<string, string>;
  try {
    properties = javaPropertiesMap(parseProperties(text));
  } catch (error) {
    throw inFile(path, error);
  }
  const dataDirEntry = [...properties].find(([key]) => javaTrim(key) === 'dataDir');
  const dataDir = dataDirEntry === undefined ? undefined : javaTrim(dataDirEntry[1]);
  const myidText = dataDir === undefined ? undefined : await readMyidFile(dataDir);
  const dynamicEntry = [...properties].find(([key]) => javaTrim(key) === 'dynamicConfigFile');
  const dynamicPath = dynamicEntry === undefined ? undefined : javaTrim(dynamicEntry[1]);
  const dynamicConfig = dynamicPath === undefined
    ? undefined
    : { path: dynamicPath, text: await readSmallFile(dynamicPath, configLimits.configBytesMax) };
  const parseConfig: ParseZooCfgConfig = { source: path, myidText, ...config, ...(dynamicConfig && { dynamicConfig }) };
  try {
    return peerConfigFromProperties(properties, parseConfig);
  } catch (error) {
    throw error instanceof Error && error.message.startsWith('Error processing ') ? error : inFile(path, error);
  }
}

export function readMyidFile(dataDir: string): Promise<string | undefined> {
  return readSmallFile(join(dataDir, 'myid'), configLimits.smallFileBytesMax);
}

export async function readEpochFile(snapDir: string, file: EpochFile): Promise<EpochFileRead> {
  const path = join(snapDir, file);
  const text = await readSmallFile(path, configLimits.smallFileBytesMax);
  return text === undefined ? { kind: 'absent' } : parseEpochText(text, path);
}

/** Write `<file>.tmp`, fsync it, rename over `<file>`, fsync the directory; on failure the .tmp is removed and the
 *  old file stays. ZooKeeper skips the directory fsync and leans on the next write's fsync to commit the rename; the
 *  epoch store's later writes go in place and commit nothing, so the rename is made durable here. */
export async function writeEpochFile(snapDir: string, file: EpochFile, epoch: bigint): Promise<void> {
  await mkdir(snapDir, { recursive: true });
  const target = join(snapDir, file);
  const tmp = `${target}.tmp`;
  try {
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(formatEpoch(epoch), 'latin1');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  await syncDirectory(snapDir);
}

/** Platforms that cannot open or sync a directory (EISDIR, EINVAL, EPERM) have no such step to take. */
export async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM') throw error;
  }
}

export interface LoadEpochsConfig {
  /** Last zxid in the data tree; 0 until rxzk keeps one. */
  readonly lastProcessedZxid?: bigint;
}

/** Read the epoch files, apply ZooKeeper's checks, write what it would write; refuses like loadDataBase does. */
export async function loadEpochs(snapDir: string, config: LoadEpochsConfig = {}): Promise<EpochDecision> {
  const { lastProcessedZxid = 0n } = config;
  const [currentEpoch, acceptedEpoch, currentEpochTmp] = await Promise.all([
    readEpochFile(snapDir, EpochFile.currentEpoch),
    readEpochFile(snapDir, EpochFile.acceptedEpoch),
    readEpochFile(snapDir, EpochFile.currentEpochTmp),
  ]);
  const decision = decideEpochs({ currentEpoch, acceptedEpoch, currentEpochTmp }, lastProcessedZxid);
  // The two files are independent: written side by side, a fresh peer waits for one fsync round instead of two.
  const finalValues = new Map(decision.writes.map(({ file, value }) => [file, value]));
  await Promise.all([...finalValues].map(([file, value]) => writeEpochFile(snapDir, file, value)));
  return decision;
}
