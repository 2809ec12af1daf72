// Length-prefixed framing: a frame is an int32 big-endian length followed by that many payload bytes.
// The decoder is a pure push machine (no sockets, no rxjs) wrapped by a thin operator.
import { Observable, type OperatorFunction } from 'rxjs';

export const FRAME_HEADER_BYTES = 4;

export interface FrameDecoderConfig {
  /** Largest payload accepted; a larger declared length is an error before any payload is buffered. */
  readonly frameBytesMax: number;
}

/** A declared frame length that is <= 0 or above the configured maximum. */
export class FrameLengthError extends Error {
  override readonly name = 'FrameLengthError';
  readonly length: number;
  readonly frameBytesMax: number;

  constructor(length: number, frameBytesMax: number) {
    super(`frame length ${length} is outside 1..${frameBytesMax}`);
    this.length = length;
    this.frameBytesMax = frameBytesMax;
  }
}

export function encodeFrame(payload: Uint8Array): Uint8Array {
  // allocUnsafe: every byte is written below, so zero-filling would be wasted work on the hot path.
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame.writeInt32BE(payload.length, 0);
  frame.set(payload, FRAME_HEADER_BYTES);
  return plain(frame);
}

/** Just the 4-byte length prefix, for transports that send header and payload as two parts without copying. */
export function encodeFrameHeader(length: number): Uint8Array {
  const header = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
  header.writeInt32BE(length, 0);
  return plain(header);
}

/**
 * Turns arbitrary chunks into frame payloads. A payload that lies inside one chunk is returned as a view of that
 * chunk (no copy); one that spans chunks is copied once, into its exact-size buffer, as its bytes arrive (while they
 * are still in cache), so many tiny chunks cost linear time and nothing is held but the frame being assembled.
 * Views share the chunk's memory: producers must not reuse a chunk after pushing it (sockets never do).
 */
export class FrameDecoder {
  private readonly frameBytesMax: number;
  private readonly header = new Uint8Array(FRAME_HEADER_BYTES);
  private headerEnd = 0; // offset in the current chunk just past the header readHeader consumed
  private headerFilled = 0;
  private payload: Uint8Array | undefined; // the spanning frame being assembled
  private payloadFilled = 0;

  constructor(config: FrameDecoderConfig) {
    this.frameBytesMax = config.frameBytesMax;
  }

  get bufferedBytes(): number {
    return this.headerFilled + this.payloadFilled;
  }

  push(chunk: Uint8Array): Uint8Array[] {
    const frames: Uint8Array[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      if (this.payload === undefined) {
        const length = this.readHeader(chunk, offset);
        if (length === undefined) return frames;
        offset = this.headerEnd;
        if (chunk.length - offset >= length) {
          frames.push(new Uint8Array(chunk.buffer, chunk.byteOffset + offset, length)); // one view object, no copy
          offset += length;
          continue;
        }
        this.payload = plain(Buffer.allocUnsafe(length)); // every byte is overwritten below
        this.payloadFilled = 0;
      }
      const n = Math.min(this.payload.length - this.payloadFilled, chunk.length - offset);
      this.payload.set(chunk.subarray(offset, offset + n), this.payloadFilled);
      this.payloadFilled += n;
      offset += n;
      if (this.payloadFilled === this.payload.length) {
        frames.push(this.payload);
        this.payload = undefined;
        this.payloadFilled = 0;
      }
    }
    return frames;
  }

  /** Consumes header bytes from chunk at offset; the frame length once all four are in (headerEnd = next offset). */
  private readHeader(chunk: Uint8Array, offset: number): number | undefined {
    if (this.headerFilled === 0 && chunk.length - offset >= FRAME_HEADER_BYTES) {
      this.headerEnd = offset + FRAME_HEADER_BYTES;
      return this.checkLength(new DataView(chunk.buffer, chunk.byteOffset + offset, FRAME_HEADER_BYTES).getInt32(0, false));
    }
    const n = Math.min(FRAME_HEADER_BYTES - this.headerFilled, chunk.length - offset);
    this.header.set(chunk.subarray(offset, offset + n), this.headerFilled);
    this.headerFilled += n;
    this.headerEnd = offset + n;
    if (this.headerFilled < FRAME_HEADER_BYTES) return undefined;
    this.headerFilled = 0;
    return this.checkLength(new DataView(this.header.buffer).getInt32(0, false));
  }

  private checkLength(length: number): number {
    if (length <= 0 || length > this.frameBytesMax) {
      this.headerFilled = 0;
      this.payload = undefined;
      this.payloadFilled = 0;
      throw new FrameLengthError(length, this.frameBytesMax);
    }
    return length;
  }
}

/** A plain Uint8Array view of the same bytes (no copy), so frames look the same whatever transport produced them. */
function plain(bytes: Uint8Array): Uint8Array {
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** Chunks in, frame payloads out; errors with FrameLengthError on a bad length. */
export function decodeFrames(config: FrameDecoderConfig): OperatorFunction<Uint8Array, Uint8Array> {
  return (source) =>
    new Observable<Uint8Array>((subscriber) => {
      const decoder = new FrameDecoder(config);
      return source.subscribe({
        next: (chunk) => {
          let frames: Uint8Array[];
          try {
            frames = decoder.push(chunk);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          for (const frame of frames) subscriber.next(frame);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}
