// The bytes of a ZooKeeper transaction log file (FileTxnLog): a FileHeader, then per txn a long Adler-32 of the txn
// bytes, the txn as a jute buffer and the end-of-record byte 'B'. A zero length (preallocated padding) or a cut-off
// last record is the end of the log; a checksum mismatch is corruption. Pure.
import { JuteReader } from '../jute/reader.js';
import { JuteWriter } from '../jute/writer.js';
import { RxzkError } from '../errors.js';
import { adler32 } from './adler32.js';
import { decodeTxn, encodeTxn, type Txn } from './txn.js';

export const TXNLOG_MAGIC = 0x5a4b4c47; // "ZKLG"
export const SNAP_MAGIC = 0x5a4b534e; // "ZKSN"
export const FILE_FORMAT_VERSION = 2;
export const FILE_HEADER_BYTES = 16;
const END_OF_RECORD = 0x42;

export const PersistenceErrorCode = { badHeader: 'BAD_FILE_HEADER', crc: 'CRC_MISMATCH', corrupt: 'CORRUPT_FILE' } as const;

export class PersistenceError extends RxzkError {
  override readonly name = 'PersistenceError';
}

export function encodeFileHeader(magic: number, dbid: bigint): Uint8Array {
  return new JuteWriter({ initialBytes: FILE_HEADER_BYTES }).writeInt(magic).writeInt(FILE_FORMAT_VERSION).writeLong(dbid).toBytes();
}

export function checkFileHeader(bytes: Uint8Array, magic: number, file: string): void {
  if (bytes.length < FILE_HEADER_BYTES) throw new PersistenceError(PersistenceErrorCode.badHeader, `${file}: shorter than its header`);
  const r = new JuteReader(bytes.subarray(0, FILE_HEADER_BYTES));
  const found = r.readInt();
  const version = r.readInt();
  if (found !== magic || version !== FILE_FORMAT_VERSION) {
    throw new PersistenceError(PersistenceErrorCode.badHeader,
      `${file}: invalid magic number 0x${(found >>> 0).toString(16)} or version ${version}`);
  }
}

/** One txn as appended to a log: crc, length-prefixed bytes, 'B'. */
export function encodeLogEntry(txn: Txn): Uint8Array {
  const bytes = encodeTxn(txn);
  const w = new JuteWriter({ initialBytes: bytes.length + 13 });
  w.writeLong(BigInt(adler32(bytes))).writeBuffer(bytes).writeByte(END_OF_RECORD);
  return w.toBytes();
}

export interface LogRead {
  readonly txns: Txn[];
  /** Bytes of valid entries (header included): where an append may continue. */
  readonly validBytes: number;
  /** True when the file ended in a partial record (a crash mid-append). */
  readonly truncatedTail: boolean;
}

/** Reads every complete entry of a log file; throws PersistenceError on a bad header or a checksum mismatch. */
export function readLogEntries(bytes: Uint8Array, file: string): LogRead {
  checkFileHeader(bytes, TXNLOG_MAGIC, file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const txns: Txn[] = [];
  let at = FILE_HEADER_BYTES;
  while (at + 12 <= bytes.length) {
    const crc = view.getBigInt64(at);
    const length = view.getInt32(at + 8);
    if (length === 0) return { txns, validBytes: at, truncatedTail: false };
    if (length < 0 || at + 12 + length + 1 > bytes.length) return { txns, validBytes: at, truncatedTail: true };
    const body = bytes.subarray(at + 12, at + 12 + length);
    if (bytes[at + 12 + length] !== END_OF_RECORD) return { txns, validBytes: at, truncatedTail: true };
    if (BigInt(adler32(body)) !== crc) {
      throw new PersistenceError(PersistenceErrorCode.crc, `${file}: CRC check failed at offset ${at}`);
    }
    try {
      txns.push(decodeTxn(body));
    } catch (error) {
      throw new PersistenceError(PersistenceErrorCode.corrupt, `${file}: undecodable txn at offset ${at}`, { cause: error });
    }
    at += 12 + length + 1;
  }
  return { txns, validBytes: at, truncatedTail: at < bytes.length };
}
