// Reads past the data tree a leader streams after SNAP (quorum-config.md §9.3 step 7), element by element as bytes
// arrive, checking every length and count against a limit:
//   int sessionCount; (long id, int timeout) × sessionCount;
//   int aclMapSize; (long key, vector<ACL{ int perms; ustring scheme; ustring id }>) × aclMapSize;
//   (ustring path, DataNode{ buffer data; long acl; StatPersisted (4 longs, 3 ints, 2 longs) }) × n until path "/";
//   ustring "BenWasHere".
// rxzk has no data tree yet, so the content is counted and dropped; the data-tree work will load it here instead.
import { QuorumPacketError, QuorumPacketErrorCode } from './quorumPacketError.js';

export interface SnapshotLimits {
  readonly sessionsMax: number;
  readonly aclEntriesMax: number;
  readonly aclsPerEntryMax: number;
  readonly nodesMax: number;
  readonly textBytesMax: number;
  readonly dataBytesMax: number;
}

export const defaultSnapshotLimits: SnapshotLimits = {
  sessionsMax: 1_000_000, aclEntriesMax: 1_000_000, aclsPerEntryMax: 1024, nodesMax: 10_000_000,
  textBytesMax: 1024 * 1024, dataBytesMax: 2 * 1_048_575,
};

export const SNAPSHOT_SIGNATURE = 'BenWasHere';
const SESSION_BYTES = 12;
const STAT_PERSISTED_BYTES = 60;

export interface SnapshotSummary {
  readonly sessions: number;
  readonly aclEntries: number;
  readonly nodes: number;
  readonly bytes: number;
}

type Phase = 'sessionCount' | 'sessions' | 'aclCount' | 'aclEntries' | 'nodes' | 'signature' | 'done';

/** A read position over one feed's bytes; every read says whether the bytes were there. */
class Cursor {
  at = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array, private readonly base: number) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  has(count: number): boolean {
    return this.at + count <= this.bytes.length;
  }

  int(): number | undefined {
    if (!this.has(4)) return undefined;
    this.at += 4;
    return this.view.getInt32(this.at - 4, false);
  }

  skip(count: number): boolean {
    if (!this.has(count)) return false;
    this.at += count;
    return true;
  }

  /** A length-prefixed field (ustring or buffer) within -1..max; undefined while incomplete. */
  field(max: number): Uint8Array | null | undefined {
    const at = this.at;
    const length = this.int();
    if (length === undefined) return undefined;
    if (length < -1 || length > max) {
      throw new QuorumPacketError(QuorumPacketErrorCode.length, `snapshot length ${length} outside -1..${max}`, this.base + at);
    }
    if (length === -1) return null;
    if (!this.has(length)) return undefined;
    this.at += length;
    return this.bytes.subarray(this.at - length, this.at);
  }

  count(what: string, max: number): number | undefined {
    const at = this.at;
    const value = this.int();
    if (value !== undefined && (value < 0 || value > max)) {
      throw new QuorumPacketError(QuorumPacketErrorCode.count, `snapshot ${what} ${value} outside 0..${max}`, this.base + at);
    }
    return value;
  }
}

const decoder = new TextDecoder();

export class SnapshotSkipper {
  private phase: Phase = 'sessionCount';
  private remaining = 0;
  private consumed = 0;
  private sessions = 0;
  private aclEntries = 0;
  private nodes = 0;

  constructor(private readonly limits: SnapshotLimits = defaultSnapshotLimits) {}

  get done(): boolean {
    return this.phase === 'done';
  }

  get summary(): SnapshotSummary {
    return { sessions: this.sessions, aclEntries: this.aclEntries, nodes: this.nodes, bytes: this.consumed };
  }

  /** Consumes whole elements from the front of `bytes` and returns how many bytes that was. */
  feed(bytes: Uint8Array): number {
    let used = 0;
    while (this.phase !== 'done') {
      const cursor = new Cursor(bytes.subarray(used), this.consumed + used);
      if (!this.element(cursor)) break;
      used += cursor.at;
    }
    this.consumed += used;
    return used;
  }

  /** One element of the current phase; false (nothing consumed) while its bytes are incomplete. */
  private element(cursor: Cursor): boolean {
    const { limits } = this;
    switch (this.phase) {
      case 'sessionCount': return this.counted(cursor.count('session count', limits.sessionsMax), 'sessions', 'aclCount');
      case 'sessions':
        if (!cursor.skip(SESSION_BYTES)) return false;
        this.sessions += 1;
        return this.next('aclCount');
      case 'aclCount': return this.counted(cursor.count('acl map size', limits.aclEntriesMax), 'aclEntries', 'nodes');
      case 'aclEntries': return this.aclEntry(cursor);
      case 'nodes': return this.node(cursor);
      case 'signature': return this.signature(cursor);
      case 'done': return false;
    }
  }

  private counted(count: number | undefined, each: Phase, after: Phase): boolean {
    if (count === undefined) return false;
    this.remaining = count;
    this.phase = count > 0 ? each : after;
    return true;
  }

  private next(after: Phase): boolean {
    this.remaining -= 1;
    if (this.remaining === 0) this.phase = after;
    return true;
  }

  private aclEntry(cursor: Cursor): boolean {
    if (!cursor.skip(8)) return false;
    const acls = cursor.count('acl count', this.limits.aclsPerEntryMax);
    if (acls === undefined) return false;
    for (let i = 0; i < acls; i += 1) {
      if (!cursor.skip(4)) return false;
      for (let text = 0; text < 2; text += 1) if (cursor.field(this.limits.textBytesMax) === undefined) return false;
    }
    this.aclEntries += 1;
    return this.next('nodes');
  }

  private node(cursor: Cursor): boolean {
    const path = cursor.field(this.limits.textBytesMax);
    if (path === undefined) return false;
    if (path !== null && path.length === 1 && path[0] === 0x2f) {
      this.phase = 'signature';
      return true;
    }
    if (cursor.field(this.limits.dataBytesMax) === undefined || !cursor.skip(8 + STAT_PERSISTED_BYTES)) return false;
    this.nodes += 1;
    if (this.nodes > this.limits.nodesMax) {
      throw new QuorumPacketError(QuorumPacketErrorCode.count, `snapshot has more than ${this.limits.nodesMax} nodes`, 0);
    }
    return true;
  }

  private signature(cursor: Cursor): boolean {
    const at = this.consumed;
    const text = cursor.field(this.limits.textBytesMax);
    if (text === undefined) return false;
    const signature = text === null ? 'null' : decoder.decode(text);
    if (signature !== SNAPSHOT_SIGNATURE) {
      throw new QuorumPacketError(QuorumPacketErrorCode.data, `snapshot signature ${JSON.stringify(signature)}`, at);
    }
    this.phase = 'done';
    return true;
  }
}
