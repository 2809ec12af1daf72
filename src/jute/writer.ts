// A growable jute writer (ZooKeeper's BinaryOutputArchive): capacity doubles, so writing n bytes copies O(n) in total.
// Out-of-range numbers are programmer errors and throw RangeError rather than silently wrapping on the wire.
import { encodeUtf8Into } from './utf8.js';

const INT_MIN = -0x8000_0000;
const INT_MAX = 0x7fff_ffff;

export interface JuteWriterConfig {
  readonly initialBytes?: number;
}

export class JuteWriter {
  private bytes: Uint8Array;
  private view: DataView;
  private length = 0;

  constructor(config: JuteWriterConfig = {}) {
    const { initialBytes = 256 } = config;
    this.bytes = new Uint8Array(Math.max(16, initialBytes));
    this.view = new DataView(this.bytes.buffer);
  }

  get byteLength(): number {
    return this.length;
  }

  writeInt(value: number): this {
    if (!Number.isInteger(value) || value < INT_MIN || value > INT_MAX) {
      throw new RangeError(`jute int out of range: ${value}`);
    }
    const at = this.reserve(4); // before touching this.view: reserve may replace it
    this.view.setInt32(at, value, false);
    return this;
  }

  writeLong(value: bigint): this {
    if (BigInt.asIntN(64, value) !== value) throw new RangeError(`jute long out of range: ${value}`);
    const at = this.reserve(8);
    this.view.setBigInt64(at, value, false);
    return this;
  }

  writeByte(value: number): this {
    if (!Number.isInteger(value) || value < -128 || value > 255) {
      throw new RangeError(`jute byte out of range: ${value}`);
    }
    const at = this.reserve(1);
    this.bytes[at] = value & 0xff;
    return this;
  }

  writeBoolean(value: boolean): this {
    return this.writeByte(value ? 1 : 0);
  }

  writeBuffer(value: Uint8Array | null): this {
    if (value === null) return this.writeInt(-1);
    this.writeInt(value.length);
    const at = this.reserve(value.length);
    this.bytes.set(value, at);
    return this;
  }

  /** Encodes in place: the length slot is filled in after the text, so no temporary byte array per string. */
  writeUstring(value: string | null): this {
    if (value === null) return this.writeInt(-1);
    const lengthAt = this.reserve(4);
    const room = value.length * 3;
    if (this.length + room > this.bytes.length) this.grow(this.length + room);
    const written = encodeUtf8Into(value, this.bytes.subarray(this.length, this.length + room));
    this.length += written;
    this.view.setInt32(lengthAt, written, false);
    return this;
  }

  writeVector<T>(items: readonly T[] | null, writeItem: (writer: JuteWriter, item: T) => void): this {
    if (items === null) return this.writeInt(-1);
    this.writeInt(items.length);
    for (const item of items) writeItem(this, item);
    return this;
  }

  /** A copy of the bytes written so far. */
  toBytes(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }

  private reserve(count: number): number {
    const at = this.length;
    const needed = at + count;
    if (needed > this.bytes.length) this.grow(needed);
    this.length = needed;
    return at;
  }

  private grow(needed: number): void {
    let capacity = this.bytes.length * 2;
    while (capacity < needed) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
    this.view = new DataView(next.buffer);
  }
}
