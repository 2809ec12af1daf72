// The client's write path: frames sent in one turn are encoded straight into a shared buffer (length prefix, header,
// body) and leave together, one write per turn or per OUTBOX_BYTES_MAX, so a burst of requests costs a few
// allocations and syscalls instead of several small buffers per request. The buffer is allocated when the first frame
// of a turn arrives, not after each write, so an idle connection (or one that wrote its ConnectRequest and waits)
// holds none.

import type { SchedulerLike } from 'rxjs';
import type { Duplex } from '../../streams/index.js';
import { JuteWriter, type RecordCodec } from '../jute/index.js';
import { requestHeaderCodec, type RequestHeader } from '../proto/index.js';

/** Bytes gathered before writing even within one turn: a burst's first ~700 small requests leave while the rest are
 *  still being encoded, so the server works in parallel with the client (10,000 pipelined getData against a server
 *  that keeps up: ~92k/s when the whole burst left at 256 KiB, ~110k/s at 16 KiB; 4 KiB gained nothing more). */
export const OUTBOX_BYTES_MAX = 16 * 1024;
/** The largest buffer a turn starts with: room for a few hundred small requests before the writer has to grow. */
const OUTBOX_INITIAL_BYTES = 8 * 1024;
/** The smallest, and a connection's first (a ConnectRequest frame fits): V8 keeps arrays this small on its own heap,
 *  far cheaper to make than an 8 KiB one for a turn that carries one small request. */
const OUTBOX_FIRST_BYTES = 64;
const FRAME_HEADER_BYTES = 4;

export class Outbox {
  private writerOrNone: JuteWriter | undefined;
  /** A turn's buffer starts as big as the last turn's bytes (within the two bounds above). */
  private writerBytes = OUTBOX_FIRST_BYTES;
  /** Where each frame's length prefix sits in `writer`, filled in when the buffer leaves. */
  private frameStarts: number[] = [];
  /** Complete frames saved from a writer whose last frame failed to encode. */
  private sealed: Uint8Array[] = [];
  private scheduled = false;

  constructor(private readonly target: Pick<Duplex<Uint8Array, Uint8Array>, 'send'>,
    private readonly scheduler: SchedulerLike, private readonly onWrite: () => void) {}

  /** A whole request frame. Throws (writing nothing) when the request cannot be encoded. */
  pushRequest<T>(header: RequestHeader, codec: RecordCodec<T>, request: T): void {
    this.encodeFrame(header, codec, request);
    this.afterPush();
  }

  /** A frame around an already encoded payload. */
  pushPayload(payload: Uint8Array): void {
    const writer = this.writer();
    this.frameStarts.push(writer.byteLength);
    writer.writeBuffer(payload);
    this.afterPush();
  }

  /** A header-less record (the ConnectRequest) written with whatever is already waiting, now rather than on the
   *  turn: nothing may follow it before the server's answer, so there is no later frame to gather. */
  writeRecordNow<T>(codec: RecordCodec<T>, record: T): void {
    this.encodeFrame(undefined, codec, record);
    this.flush();
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

  private writer(): JuteWriter {
    this.writerOrNone ??= new JuteWriter({ initialBytes: this.writerBytes });
    return this.writerOrNone;
  }

  /** Length placeholder, header (if any), record; one that throws leaves the frames before it and none of its bytes. */
  private encodeFrame<T>(header: RequestHeader | undefined, codec: RecordCodec<T>, record: T): void {
    const writer = this.writer();
    const start = writer.byteLength;
    try {
      writer.writeInt(0);
      if (header !== undefined) requestHeaderCodec.encode(writer, header);
      codec.encode(writer, record);
    } catch (error) {
      this.dropPartial(start);
      throw error;
    }
    this.frameStarts.push(start);
  }

  private afterPush(): void {
    if ((this.writerOrNone?.byteLength ?? 0) >= OUTBOX_BYTES_MAX) {
      this.flush();
      return;
    }
    if (!this.scheduled) {
      this.scheduled = true;
      this.scheduler.schedule(() => this.flush());
    }
  }

  /** The complete frames (those before `end`) with their lengths filled in; the next push starts a fresh writer. */
  private take(end = this.writerOrNone?.byteLength ?? 0): Uint8Array | undefined {
    const starts = this.frameStarts;
    const bytes = starts.length === 0 ? undefined : this.writerOrNone?.toBytes().subarray(0, end);
    this.writerOrNone = undefined;
    this.frameStarts = [];
    if (bytes === undefined) return undefined;
    this.writerBytes = Math.min(OUTBOX_INITIAL_BYTES, Math.max(OUTBOX_FIRST_BYTES, end));
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
