// ACL lists interned to longs, as ZooKeeper's ReferenceCountedACLCache keeps them: nodes store the index, snapshots
// store the table. -1 is the implicit OPEN_ACL_UNSAFE; real indexes start at 1.
import { OPEN_ACL_UNSAFE, type ACL } from '../proto/acl.js';

export const OPEN_UNSAFE_ACL_ID = -1n;

function keyOf(acl: readonly ACL[]): string {
  return acl.map((a) => `${a.perms}\u0000${a.id.scheme}\u0000${a.id.id}`).join('\u0001');
}

export class AclCache {
  private readonly byIndex = new Map<bigint, readonly ACL[]>();
  private readonly byKey = new Map<string, bigint>();
  private readonly usage = new Map<bigint, number>();
  private lastIndex = 0n;

  /** The index for `acl`, creating it if new, and counts one more user. */
  intern(acl: readonly ACL[]): bigint {
    const key = keyOf(acl);
    let index = this.byKey.get(key);
    if (index === undefined) {
      this.lastIndex += 1n;
      index = this.lastIndex;
      this.byIndex.set(index, acl);
      this.byKey.set(key, index);
    }
    this.usage.set(index, (this.usage.get(index) ?? 0) + 1);
    return index;
  }

  /** Restores one snapshot entry. */
  put(index: bigint, acl: readonly ACL[]): void {
    this.byIndex.set(index, acl);
    this.byKey.set(keyOf(acl), index);
    if (index > this.lastIndex) this.lastIndex = index;
  }

  addUsage(index: bigint): void {
    if (index === OPEN_UNSAFE_ACL_ID) return;
    this.usage.set(index, (this.usage.get(index) ?? 0) + 1);
  }

  release(index: bigint): void {
    if (index === OPEN_UNSAFE_ACL_ID) return;
    const left = (this.usage.get(index) ?? 0) - 1;
    if (left > 0) {
      this.usage.set(index, left);
      return;
    }
    const acl = this.byIndex.get(index);
    this.usage.delete(index);
    this.byIndex.delete(index);
    if (acl !== undefined) this.byKey.delete(keyOf(acl));
  }

  /** The list behind an index; an index missing from the table is a corrupt snapshot. */
  lookup(index: bigint): readonly ACL[] | undefined {
    return index === OPEN_UNSAFE_ACL_ID ? OPEN_ACL_UNSAFE : this.byIndex.get(index);
  }

  /** Drops entries no node refers to (after a snapshot load). */
  purgeUnused(): void {
    for (const index of [...this.byIndex.keys()]) if (!this.usage.has(index)) this.release(index);
  }

  entries(): [bigint, readonly ACL[]][] {
    return [...this.byIndex.entries()];
  }
}
