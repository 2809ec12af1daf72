// The client's write path: frames sent in one turn are encoded straight into one shared buffer (length prefix,
// header, body) and leave in one write, so a burst of requests costs one allocation and one syscall instead of
// several small buffers per request.

import type { SchedulerLike } from 'rxjs';
import type { Duplex } from '../../streams/index.js';
import { JuteWriter, type RecordCodec } from '../jute/index.js';
import { requestHeaderCodec, type RequestHeader } from '../proto/index.js';

/** Bytes gathered before writing even within one turn. */
export const OUTBOX_BYTES_MAX = 256 * 1024;
/** Room for a few hundred small requests before the writer has to grow. */
const OUTBOX_INITIAL_BYTES = 8 * 1024;
const FRAME_HEADER_BYTES = 4;

export class Outbox {
  private writer = new JuteWriter({ initialBytes: OUTBOX_INITIAL_BYTES });
  /** Where each frame's length prefix sits in `writer`, filled in when the buffer leaves. */
  private frameStarts: number[] = [];
  /** Complete frames saved from a writer whose last frame failed to encode. */
  private sealed: Uint8Array[] = [];
  private scheduled = false;

  constructor(private readonly target: Pick<Duplex<Uint8Array, Uint8Array>, 'send'>,
    private readonly scheduler: SchedulerLike, private readonly onWrite: () => void) {}

  /** A whole request frame. Throws (writing nothing) when the request cannot be encoded. */
  pushRequest<T>(header: RequestHeader, codec: RecordCodec<T>, request: T): void {
    const start = this.writer.byteLength;
    try {
      this.writer.writeInt(0);
      requestHeaderCodec.encode(this.writer, header);
      codec.encode(this.writer, request);
    } catch (error) {
      this.dropPartial(start);
      throw error;
    }
    this.frameStarts.push(start);
    this.afterPush();
  }

  /** A frame around an already encoded payload. */
  pushPayload(payload: Uint8Array): void {
    this.frameStarts.push(this.writer.byteLength);
    this.writer.writeBuffer(payload);
    this.afterPush();
  }

  flush(): void {
    this.scheduled = false;
    const current = this.take();
    const parts = current === undefined ? this.sealed : [...this.sealed, current];
    this.sealed = [];
    if (parts.length === 0) return;
    this.target.send(parts.length === 1 ? parts[0] as Uint8Array : concat(parts));
    this.onWrite();
  }

  private afterPush(): void {
    if (this.writer.byteLength >= OUTBOX_BYTES_MAX) {
      this.flush();
      return;
    }
    if (!this.scheduled) {
      this.scheduled = true;
      this.scheduler.schedule(() => this.flush());
    }
  }

  /** The complete frames (those before `end`) with their lengths filled in; the writer starts afresh. */
  private take(end = this.writer.byteLength): Uint8Array | undefined {
    const starts = this.frameStarts;
    const bytes = starts.length === 0 ? undefined : this.writer.toBytes().subarray(0, end);
    this.writer = new JuteWriter({ initialBytes: OUTBOX_INITIAL_BYTES });
    this.frameStarts = [];
    if (bytes === undefined) return undefined;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < starts.length; i += 1) {
      const start = starts[i] as number;
      const frameEnd = starts[i + 1] ?? end;
      view.setInt32(start, frameEnd - start - FRAME_HEADER_BYTES, false);
    }
    return bytes;
  }

  /** Keeps the complete frames before a request that failed to encode, and forgets its partial bytes. */
  private dropPartial(start: number): void {
    const complete = this.take(start);
    if (complete !== undefined) this.sealed.push(complete);
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
