// A bounds-checked cursor over one jute record's bytes (ZooKeeper's BinaryInputArchive, without trusting the peer):
// every read past the end, negative or oversized length and impossible element count is a JuteError.
import { JuteError, JuteErrorCode } from './juteError.js';
import { JUTE_LENGTH_BYTES_MAX } from './limits.js';
import { decodeUtf8 } from './utf8.js';

export interface JuteReaderConfig {
  /** Largest string or buffer length accepted. */
  readonly lengthBytesMax?: number;
}

/** The config of every reader made without one: a default `{}` would be a new object per record decoded. */
export const DEFAULT_READER_CONFIG: JuteReaderConfig = Object.freeze({});

export class JuteReader {
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private readonly lengthBytesMax: number;
  private position = 0;

  constructor(bytes: Uint8Array, config: JuteReaderConfig = DEFAULT_READER_CONFIG) {
    const { lengthBytesMax = JUTE_LENGTH_BYTES_MAX } = config;
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.lengthBytesMax = lengthBytesMax;
  }

  get offset(): number {
    return this.position;
  }

  get remaining(): number {
    return this.bytes.length - this.position;
  }

  readInt(): number {
    const at = this.take(4);
    return this.view.getInt32(at, false);
  }

  readLong(): bigint {
    const at = this.take(8);
    return this.view.getBigInt64(at, false);
  }

  readByte(): number {
    const at = this.take(1);
    return this.view.getInt8(at);
  }

  /** Java's reader treats any non-zero byte as true. */
  readBoolean(): boolean {
    return this.readByte() !== 0;
  }

  /** A buffer; length -1 is null. The result is a copy, so it outlives the frame it came from. */
  readBuffer(): Uint8Array | null {
    const length = this.readLength();
    if (length < 0) return null;
    const at = this.take(length);
    return this.bytes.slice(at, at + length);
  }

  /** A ustring; length -1 is null. */
  readUstring(): string | null {
    const length = this.readLength();
    if (length < 0) return null;
    const at = this.take(length);
    return decodeUtf8(this.bytes.subarray(at, at + length));
  }

  /** A ustring that the record requires (paths, schemes): null is a protocol error. */
  readString(): string {
    const at = this.position;
    const text = this.readUstring();
    if (text === null) throw new JuteError(JuteErrorCode.nullValue, 'null string where one is required', at);
    return text;
  }

  /** A vector; count -1 is null. Every element takes at least one byte, so a count above the bytes left is a lie. */
  readVector<T>(readItem: (reader: JuteReader) => T, countMax: number): T[] | null {
    const at = this.position;
    const count = this.readInt();
    if (count === -1) return null;
    if (count < 0 || count > countMax || count > this.remaining) {
      throw new JuteError(JuteErrorCode.count, `vector count ${count} outside 0..${countMax}`, at);
    }
    const items: T[] = [];
    for (let index = 0; index < count; index += 1) items.push(readItem(this));
    return items;
  }

  /** A vector that the record requires: null is a protocol error. */
  readList<T>(readItem: (reader: JuteReader) => T, countMax: number): T[] {
    const at = this.position;
    const items = this.readVector(readItem, countMax);
    if (items === null) throw new JuteError(JuteErrorCode.nullValue, 'null vector where one is required', at);
    return items;
  }

  /** The rest of the bytes, for optional trailers such as ConnectRequest's readOnly flag. */
  hasMore(): boolean {
    return this.position < this.bytes.length;
  }

  /** A whole record must consume its whole payload; leftovers mean a length inside it lied. */
  expectEnd(): void {
    if (this.hasMore()) {
      throw new JuteError(JuteErrorCode.trailing, `${this.remaining} unread bytes after the record`, this.position);
    }
  }

  private readLength(): number {
    const at = this.position;
    const length = this.readInt();
    if (length < -1 || length > this.lengthBytesMax) {
      throw new JuteError(JuteErrorCode.length, `length ${length} outside -1..${this.lengthBytesMax}`, at);
    }
    return length;
  }

  private take(count: number): number {
    const at = this.position;
    if (count > this.bytes.length - at) {
      throw new JuteError(JuteErrorCode.truncated, `need ${count} bytes, ${this.bytes.length - at} left`, at);
    }
    this.position = at + count;
    return at;
  }
}
