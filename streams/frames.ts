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
  const frame = new Uint8Array(FRAME_HEADER_BYTES + payload.length);
  new DataView(frame.buffer).setInt32(0, payload.length, false);
  frame.set(payload, FRAME_HEADER_BYTES);
  return frame;
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
      const out = head.subarray(this.headOffset, this.headOffset + count);
      this.advance(count, headLeft);
      return out;
    }
    const out = new Uint8Array(count);
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
