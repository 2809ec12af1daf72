// The epoch consistency rules ZooKeeper 3.8 applies when a peer loads its data dir (QuorumPeer.loadDataBase), as a
// pure decision over what the shell found on disk: which epochs to use, which files to (re)write, or why to refuse.
import { ConfigErrorCode, configError } from './configErrors.js';
import { JavaNumberFormatError, parseJavaLong } from './javaNumbers.js';
import { firstLine } from './myid.js';

export const EpochFile = {
  currentEpoch: 'currentEpoch',
  acceptedEpoch: 'acceptedEpoch',
  currentEpochTmp: 'currentEpoch.tmp',
} as const;
export type EpochFile = (typeof EpochFile)[keyof typeof EpochFile];

/** What reading one epoch file produced; a bad file only matters if the rules below need its value. */
export type EpochFileRead =
  | { readonly kind: 'absent' }
  | { readonly kind: 'value'; readonly value: bigint }
  | { readonly kind: 'unparsable'; readonly line: string | undefined; readonly path: string };

export interface EpochFiles {
  readonly currentEpoch: EpochFileRead;
  readonly acceptedEpoch: EpochFileRead;
  readonly currentEpochTmp: EpochFileRead;
}

export interface EpochDecision {
  readonly currentEpoch: bigint;
  readonly acceptedEpoch: bigint;
  /** Files to write (atomically) before the peer may go on, in order. */
  readonly writes: readonly { readonly file: EpochFile; readonly value: bigint }[];
}

/** Readers of epoch files: first line as a Java long; garbage is ZooKeeper's "Found <line> in <file>". */
export function parseEpochText(text: string, path: string): EpochFileRead {
  const line = firstLine(text);
  try {
    return { kind: 'value', value: parseJavaLong(line ?? '') };
  } catch (error) {
    if (!(error instanceof JavaNumberFormatError)) throw error;
    return { kind: 'unparsable', line, path };
  }
}

/** Epoch files hold decimal text with no newline. */
export function formatEpoch(epoch: bigint): string {
  return epoch.toString(10);
}

export const epochOfZxid = (zxid: bigint): bigint => BigInt.asIntN(64, zxid) >> 32n;

const hex = (value: bigint): string => BigInt.asUintN(64, value).toString(16);

function valueOf(read: EpochFileRead): bigint | undefined {
  if (read.kind === 'absent') return undefined;
  if (read.kind === 'value') return read.value;
  throw configError(ConfigErrorCode.badEpoch, `Found ${read.line ?? 'null'} in ${read.path}`);
}

/** lastProcessedZxid is 0 until a data tree exists. */
export function decideEpochs(files: EpochFiles, lastProcessedZxid: bigint): EpochDecision {
  const zxidEpoch = epochOfZxid(lastProcessedZxid);
  const writes: { file: EpochFile; value: bigint }[] = [];
  let currentEpoch = valueOf(files.currentEpoch);
  if (currentEpoch === undefined) {
    currentEpoch = zxidEpoch;
    writes.push({ file: EpochFile.currentEpoch, value: currentEpoch });
  }
  if (zxidEpoch > currentEpoch) {
    // A crash between writing currentEpoch.tmp and renaming it leaves the newer value there (ZOOKEEPER-4269).
    const fromTmp = valueOf(files.currentEpochTmp);
    if (fromTmp === undefined) {
      throw configError(
        ConfigErrorCode.badEpoch,
        `The current epoch, ${hex(currentEpoch)}, is older than the last zxid, ${lastProcessedZxid}`,
      );
    }
    currentEpoch = fromTmp;
    writes.push({ file: EpochFile.currentEpoch, value: currentEpoch });
  }
  let acceptedEpoch = valueOf(files.acceptedEpoch);
  if (acceptedEpoch === undefined) {
    acceptedEpoch = zxidEpoch;
    writes.push({ file: EpochFile.acceptedEpoch, value: acceptedEpoch });
  }
  if (acceptedEpoch < currentEpoch) {
    throw configError(
      ConfigErrorCode.badEpoch,
      `The accepted epoch, ${hex(acceptedEpoch)} is less than the current epoch, ${hex(currentEpoch)}`,
    );
  }
  return { currentEpoch, acceptedEpoch, writes };
}
