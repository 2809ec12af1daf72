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
 * Turns arbitrary chunks into frame payloads. Chunks are kept in a list and only copied once a whole frame is known
 * to be present, so many tiny chunks cost linear time. A payload that sits inside one chunk is returned as a
 * subarray of that chunk (no copy).
 */
export class FrameDecoder {
  private readonly frameBytesMax: number;
  private chunks: Uint8Array[] = [];
  private headIndex = 0; // chunks before this index are fully consumed (compacted lazily: no O(n) shift per chunk)
  private headOffset = 0; // bytes of chunks[headIndex] already consumed
  private buffered = 0; // unconsumed bytes across chunks
  private pendingLength = -1; // payload length of the frame being assembled, -1 while the header is incomplete

  constructor(config: FrameDecoderConfig) {
    this.frameBytesMax = config.frameBytesMax;
  }

  get bufferedBytes(): number {
    return this.buffered;
  }

  push(chunk: Uint8Array): Uint8Array[] {
    const frames: Uint8Array[] = [];
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    for (;;) {
      if (this.pendingLength < 0) {
        if (this.buffered < FRAME_HEADER_BYTES) return frames;
        const length = readInt32(this.take(FRAME_HEADER_BYTES));
        if (length <= 0 || length > this.frameBytesMax) {
          this.reset();
          throw new FrameLengthError(length, this.frameBytesMax);
        }
        this.pendingLength = length;
      }
      if (this.buffered < this.pendingLength) return frames;
      frames.push(this.take(this.pendingLength));
      this.pendingLength = -1;
    }
  }

  /** Removes and returns the next `count` buffered bytes (caller checked they are there). */
  private take(count: number): Uint8Array {
    const head = this.chunks[this.headIndex] as Uint8Array;
    const headLeft = head.length - this.headOffset;
    if (headLeft >= count) {
      const out = plain(head.subarray(this.headOffset, this.headOffset + count));
      this.advance(count, headLeft);
      return out;
    }
    const out = slabAllocate(count);
    let filled = 0;
    while (filled < count) {
      const current = this.chunks[this.headIndex] as Uint8Array;
      const available = current.length - this.headOffset;
      const n = Math.min(available, count - filled);
      out.set(current.subarray(this.headOffset, this.headOffset + n), filled);
      filled += n;
      this.advance(n, available);
    }
    return out;
  }

  private advance(count: number, headLeft: number): void {
    this.buffered -= count;
    if (count === headLeft) {
      this.headIndex += 1;
      this.headOffset = 0;
      if (this.headIndex === this.chunks.length) {
        this.chunks = [];
        this.headIndex = 0;
      } else if (this.headIndex >= 1024) {
        this.chunks = this.chunks.slice(this.headIndex);
        this.headIndex = 0;
      }
    } else {
      this.headOffset += count;
    }
  }

  private reset(): void {
    this.chunks = [];
    this.headIndex = 0;
    this.headOffset = 0;
    this.buffered = 0;
    this.pendingLength = -1;
  }
}

// Frames that span chunks need a contiguous copy. Carving those copies out of a shared slab (as Node pools small
// Buffers) costs one fresh allocation per slab instead of one per frame, which is most of a large frame's cost.
const SLAB_BYTES = 2 * 1024 * 1024;
const SLAB_CARVE_BYTES_MAX = 256 * 1024;
let slab: Buffer | undefined;
let slabUsed = 0;

/** A plain Uint8Array view of the same bytes (no copy), so frames look the same whatever transport produced them. */
function plain(bytes: Uint8Array): Uint8Array {
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

function slabAllocate(count: number): Uint8Array {
  if (count > SLAB_CARVE_BYTES_MAX) return plain(Buffer.allocUnsafe(count));
  if (slab === undefined || slabUsed + count > SLAB_BYTES) {
    slab = Buffer.allocUnsafe(SLAB_BYTES);
    slabUsed = 0;
  }
  const out = new Uint8Array(slab.buffer, slab.byteOffset + slabUsed, count);
  slabUsed += (count + 7) & ~7; // keep 8-byte alignment for DataView readers
  return out;
}

function readInt32(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getInt32(0, false);
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
