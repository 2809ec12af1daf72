// Stat: the metadata of a znode, 68 bytes on the wire.
//   Stat { long czxid; long mzxid; long ctime; long mtime; int version; int cversion; int aversion;
//          long ephemeralOwner; int dataLength; int numChildren; long pzxid }
// ctime/mtime are wall-clock milliseconds chosen by the server; ephemeralOwner is a session id (0 = persistent).
import type { RecordCodec } from '../jute/record.js';

export interface Stat {
  readonly czxid: bigint;
  readonly mzxid: bigint;
  readonly ctime: bigint;
  readonly mtime: bigint;
  readonly version: number;
  readonly cversion: number;
  readonly aversion: number;
  readonly ephemeralOwner: bigint;
  readonly dataLength: number;
  readonly numChildren: number;
  readonly pzxid: bigint;
}

export const STAT_BYTES = 68;

export const statCodec: RecordCodec<Stat> = {
  encode(w, v) {
    w.writeLong(v.czxid).writeLong(v.mzxid).writeLong(v.ctime).writeLong(v.mtime);
    w.writeInt(v.version).writeInt(v.cversion).writeInt(v.aversion);
    w.writeLong(v.ephemeralOwner).writeInt(v.dataLength).writeInt(v.numChildren).writeLong(v.pzxid);
  },
  decode(r) {
    return {
      czxid: r.readLong(),
      mzxid: r.readLong(),
      ctime: r.readLong(),
      mtime: r.readLong(),
      version: r.readInt(),
      cversion: r.readInt(),
      aversion: r.readInt(),
      ephemeralOwner: r.readLong(),
      dataLength: r.readInt(),
      numChildren: r.readInt(),
      pzxid: r.readLong(),
    };
  },
};
