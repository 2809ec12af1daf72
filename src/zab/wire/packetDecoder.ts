// A pure push machine for the quorum port: bytes in, whole QuorumPackets out. With no frame header on this port, it
// walks the record's own lengths to find where a packet ends, rejecting a bad type, length or count as soon as its
// bytes arrive (before buffering what it announces). Knows nothing about sockets.
import { defaultQuorumPacketLimits, type QuorumPacketLimits } from './limits.js';
import { PacketType, isPacketType } from './packetType.js';
import { decodeQuorumPacket, type QuorumPacket } from './quorumPacket.js';
import { QuorumPacketError, QuorumPacketErrorCode } from './quorumPacketError.js';
import { SnapshotSkipper, defaultSnapshotLimits, type SnapshotLimits } from './snapshotSkipper.js';

/** type + zxid + data length. */
const HEADER_BYTES = 16;
const INT_BYTES = 4;

type Measure = { readonly kind: 'need'; readonly bytesMin: number } | { readonly kind: 'complete'; readonly bytes: number };

export interface PushResult {
  readonly packets: QuorumPacket[];
  /** Set when the stream broke; packets before the fault are still delivered. The decoder stays broken. */
  readonly error: QuorumPacketError | undefined;
}

export interface QuorumPacketDecoderConfig {
  /** A learner's stream: a SNAP packet is followed by a data tree, and SNAP comes out only once that was read. */
  readonly snapshotAfterSnap?: boolean;
  readonly snapshotLimits?: SnapshotLimits;
}

export class QuorumPacketDecoder {
  private buffer = new Uint8Array(256);
  private start = 0;
  private end = 0;
  private broken: QuorumPacketError | undefined;
  private snapshot: { readonly packet: QuorumPacket; readonly skipper: SnapshotSkipper } | undefined;
  private readonly snapshotAfterSnap: boolean;
  private readonly snapshotLimits: SnapshotLimits;

  constructor(private readonly limits: QuorumPacketLimits = defaultQuorumPacketLimits, config: QuorumPacketDecoderConfig = {}) {
    ({ snapshotAfterSnap: this.snapshotAfterSnap = false, snapshotLimits: this.snapshotLimits = defaultSnapshotLimits } = config);
  }

  get bufferedBytes(): number {
    return this.end - this.start;
  }

  push(chunk: Uint8Array): PushResult {
    const packets: QuorumPacket[] = [];
    if (this.broken !== undefined) return { packets, error: this.broken };
    this.append(chunk);
    try {
      while (this.next(packets));
    } catch (error) {
      this.broken = error instanceof QuorumPacketError ? error : asPacketError(error);
      return { packets, error: this.broken };
    }
    if (this.start === this.end) this.start = this.end = 0;
    return { packets, error: undefined };
  }

  /** Takes one packet (or a piece of a snapshot) off the buffer; false when more bytes are needed. */
  private next(packets: QuorumPacket[]): boolean {
    const view = this.buffer.subarray(this.start, this.end);
    if (this.snapshot !== undefined) {
      this.start += this.snapshot.skipper.feed(view);
      if (!this.snapshot.skipper.done) return false;
      packets.push(this.snapshot.packet);
      this.snapshot = undefined;
      return true;
    }
    const measured = measurePacket(view, this.limits);
    if (measured.kind === 'need') return false;
    const packet = decodeQuorumPacket(view.subarray(0, measured.bytes), this.limits);
    this.start += measured.bytes;
    if (this.snapshotAfterSnap && packet.type === PacketType.snap) {
      this.snapshot = { packet, skipper: new SnapshotSkipper(this.snapshotLimits) };
    } else {
      packets.push(packet);
    }
    return true;
  }

  /** Capacity doubles and consumed bytes are compacted away, so pushing n bytes copies O(n) in total. */
  private append(chunk: Uint8Array): void {
    if (this.end + chunk.length > this.buffer.length) {
      const used = this.end - this.start;
      const needed = used + chunk.length;
      if (needed > this.buffer.length) {
        const next = new Uint8Array(Math.max(needed, this.buffer.length * 2));
        next.set(this.buffer.subarray(this.start, this.end));
        this.buffer = next;
      } else {
        this.buffer.copyWithin(0, this.start, this.end);
      }
      this.start = 0;
      this.end = used;
    }
    this.buffer.set(chunk, this.end);
    this.end += chunk.length;
  }
}

function asPacketError(error: unknown): QuorumPacketError {
  const message = error instanceof Error ? error.message : String(error);
  return new QuorumPacketError(QuorumPacketErrorCode.data, message, 0);
}

const intAt = (bytes: Uint8Array, at: number): number =>
  new DataView(bytes.buffer, bytes.byteOffset + at, INT_BYTES).getInt32(0, false);

/** How long the packet at the start of `bytes` is, or how many bytes are needed to know more. */
export function measurePacket(bytes: Uint8Array, limits: QuorumPacketLimits): Measure {
  if (bytes.length < INT_BYTES) return { kind: 'need', bytesMin: INT_BYTES };
  const type = intAt(bytes, 0);
  if (!isPacketType(type)) throw new QuorumPacketError(QuorumPacketErrorCode.type, `unknown packet type ${type}`, 0);
  if (bytes.length < HEADER_BYTES) return { kind: 'need', bytesMin: HEADER_BYTES };
  let at = HEADER_BYTES + lengthAt(bytes, HEADER_BYTES - INT_BYTES, limits.dataBytesMax);
  if (bytes.length < at + INT_BYTES) return { kind: 'need', bytesMin: at + INT_BYTES };
  const count = intAt(bytes, at);
  if (count < -1 || count > limits.authCountMax) {
    throw new QuorumPacketError(QuorumPacketErrorCode.count, `authinfo count ${count} outside -1..${limits.authCountMax}`, at);
  }
  at += INT_BYTES;
  for (let field = 0; field < 2 * Math.max(count, 0); field += 1) {
    if (bytes.length < at + INT_BYTES) return { kind: 'need', bytesMin: at + INT_BYTES };
    at += INT_BYTES + lengthAt(bytes, at, limits.authTextBytesMax);
  }
  return bytes.length < at ? { kind: 'need', bytesMin: at } : { kind: 'complete', bytes: at };
}

/** A buffer or string length; -1 (null) takes no bytes. */
function lengthAt(bytes: Uint8Array, at: number, bytesMax: number): number {
  const length = intAt(bytes, at);
  if (length < -1 || length > bytesMax) {
    throw new QuorumPacketError(QuorumPacketErrorCode.length, `length ${length} outside -1..${bytesMax}`, at);
  }
  return Math.max(length, 0);
}
