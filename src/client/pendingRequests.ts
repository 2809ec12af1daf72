// Requests in flight on one connection, in send order. Replies must come back in the same order: the head's xid is
// the only acceptable one. A plain array with a moving head keeps the hot path allocation-free.

/** Xids run 1..2^31-1 and wrap to 1, as the Java client's do. */
export const XID_MAX = 0x7fffffff;

export function nextXid(xid: number): number {
  return xid >= XID_MAX ? 1 : xid + 1;
}

export class PendingRequests<T extends { readonly xid: number }> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  peek(): T | undefined {
    return this.items[this.head];
  }

  /** Removes and returns the head. */
  shift(): T | undefined {
    const item = this.items[this.head];
    if (item === undefined) return undefined;
    this.items[this.head] = undefined;
    this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Empties the queue and returns what it held, oldest first. */
  drain(): T[] {
    const out = this.items.slice(this.head) as T[];
    this.items = [];
    this.head = 0;
    return out;
  }
}
