// Which sessions exist, their negotiated timeouts, and when each expires (SessionTrackerImpl). Pure: the shell
// passes the time of every touch and asks for due sessions at each tick boundary.
import { ExpiryQueue } from './expiryQueue.js';

export interface TrackedSession {
  readonly sessionId: bigint;
  readonly timeoutMs: number;
  /** Set once a closeSession is underway; a closing session cannot be revived. */
  closing: boolean;
}

export interface SessionTrackerConfig {
  readonly tickTimeMs: number;
  readonly firstSessionId: bigint;
}

export class SessionTracker {
  private readonly sessions = new Map<bigint, TrackedSession>();
  private readonly expiry: ExpiryQueue<bigint>;
  private nextId: bigint;

  constructor(config: SessionTrackerConfig) {
    this.expiry = new ExpiryQueue(config.tickTimeMs);
    this.nextId = config.firstSessionId;
  }

  /** A fresh id for a new session (ids restored from disk are skipped). */
  newSessionId(): bigint {
    let id = this.nextId;
    while (this.sessions.has(id)) id += 1n;
    this.nextId = id + 1n;
    return id;
  }

  /** Starts tracking (or re-tracks after restore) with `timeoutMs`, touched at `nowMs`. */
  track(sessionId: bigint, timeoutMs: number, nowMs: number): void {
    const existing = this.sessions.get(sessionId);
    if (existing?.closing === true) return;
    this.sessions.set(sessionId, { sessionId, timeoutMs, closing: false });
    this.expiry.update(sessionId, nowMs, timeoutMs);
  }

  /** Extends a live session; false when it is unknown or closing (the caller answers SESSIONEXPIRED). */
  touch(sessionId: bigint, nowMs: number, timeoutMs?: number): boolean {
    const session = this.sessions.get(sessionId);
    if (session === undefined || session.closing) return false;
    const effective = timeoutMs ?? session.timeoutMs;
    if (timeoutMs !== undefined && timeoutMs !== session.timeoutMs) {
      this.sessions.set(sessionId, { ...session, timeoutMs });
    }
    this.expiry.update(sessionId, nowMs, effective);
    return true;
  }

  isLive(sessionId: bigint): boolean {
    const session = this.sessions.get(sessionId);
    return session !== undefined && !session.closing;
  }

  get(sessionId: bigint): TrackedSession | undefined {
    return this.sessions.get(sessionId);
  }

  /** Marks closing; returns false if it already was (so exactly one closeSession is generated). */
  setClosing(sessionId: bigint): boolean {
    const session = this.sessions.get(sessionId);
    if (session === undefined || session.closing) return false;
    session.closing = true;
    this.expiry.remove(sessionId);
    return true;
  }

  remove(sessionId: bigint): void {
    this.sessions.delete(sessionId);
    this.expiry.remove(sessionId);
  }

  /** Sessions whose bucket has passed; each is marked closing and must get a closeSession txn. */
  expire(nowMs: number): bigint[] {
    const due = this.expiry.poll(nowMs);
    return due.filter((id) => this.setClosing(id));
  }

  nextExpiryMs(): number | undefined {
    return this.expiry.nextExpiryMs();
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Live sessions with their timeouts, for snapshots. */
  withTimeouts(): Map<bigint, number> {
    return new Map([...this.sessions.values()].map((s) => [s.sessionId, s.timeoutMs]));
  }
}
