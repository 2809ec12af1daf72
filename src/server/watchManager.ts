// Server-side watches (WatchManager + WatcherModeManager): data and child tables keyed by path, each watcher with a
// mode. Standard watches fire once; persistent ones stay; recursive ones also fire for descendants (never for
// NodeChildrenChanged). Watchers are opaque numbers (one per connection); triggering returns who gets which event.
import { EventType } from '../proto/watcherEvent.js';
import { ROOT, parentOf, type WatchTrigger } from './dataTree.js';

export const WatchMode = { standard: 0, persistent: 1, persistentRecursive: 2 } as const;
export type WatchMode = (typeof WatchMode)[keyof typeof WatchMode];

export type WatchTable = 'data' | 'child';

export interface Notification {
  readonly watcher: number;
  readonly type: EventType;
  readonly path: string;
}

type Table = Map<string, Map<number, WatchMode>>;

export class WatchManager {
  private readonly data: Table = new Map();
  private readonly child: Table = new Map();
  private recursiveCount = 0;

  add(table: WatchTable, path: string, watcher: number, mode: WatchMode = WatchMode.standard): void {
    const map = this.tableOf(table);
    let watchers = map.get(path);
    if (watchers === undefined) {
      watchers = new Map();
      map.set(path, watchers);
    }
    const previous = watchers.get(watcher);
    // A standard watch never downgrades a persistent one on the same path.
    if (previous !== undefined && previous !== WatchMode.standard && mode === WatchMode.standard) return;
    if (previous === WatchMode.persistentRecursive) this.recursiveCount -= 1;
    if (mode === WatchMode.persistentRecursive) this.recursiveCount += 1;
    watchers.set(watcher, mode);
  }

  /** addWatch (106): a persistent watch goes in both tables, as ZooKeeper does. */
  addPersistent(path: string, watcher: number, recursive: boolean): void {
    const mode = recursive ? WatchMode.persistentRecursive : WatchMode.persistent;
    this.add('data', path, watcher, mode);
    this.add('child', path, watcher, mode);
  }

  has(table: WatchTable, path: string, watcher: number): boolean {
    return this.tableOf(table).get(path)?.has(watcher) === true;
  }

  /** Removes one watcher's watch; false when there was none. */
  remove(table: WatchTable, path: string, watcher: number): boolean {
    const watchers = this.tableOf(table).get(path);
    const mode = watchers?.get(watcher);
    if (watchers === undefined || mode === undefined) return false;
    if (mode === WatchMode.persistentRecursive) this.recursiveCount -= 1;
    watchers.delete(watcher);
    if (watchers.size === 0) this.tableOf(table).delete(path);
    return true;
  }

  /** Drops every watch of a closed connection. */
  removeWatcher(watcher: number): void {
    for (const table of ['data', 'child'] as const) {
      for (const path of [...this.tableOf(table).keys()]) this.remove(table, path, watcher);
    }
  }

  /** Notifications for a batch of triggers, in order; a delete notifies a watcher once across both tables. */
  trigger(triggers: readonly WatchTrigger[]): Notification[] {
    const out: Notification[] = [];
    for (const { path, type } of triggers) {
      if (type === EventType.NodeChildrenChanged) this.fire('child', path, type, out, new Set());
      else if (type === EventType.NodeDeleted) {
        const done = new Set<number>();
        this.fire('data', path, type, out, done);
        this.fire('child', path, type, out, done);
      } else this.fire('data', path, type, out, new Set());
    }
    return out;
  }

  get count(): number {
    let total = 0;
    for (const table of [this.data, this.child]) for (const watchers of table.values()) total += watchers.size;
    return total;
  }

  private fire(table: WatchTable, path: string, type: EventType, out: Notification[], done: Set<number>): void {
    const map = this.tableOf(table);
    let current: string | undefined = path;
    let atParent = false;
    while (current !== undefined) {
      const watchers = map.get(current);
      if (watchers !== undefined) this.fireAt(table, current, watchers, atParent, type, path, out, done);
      if (this.recursiveCount === 0 || current === ROOT) current = undefined;
      else {
        current = parentOf(current);
        atParent = true;
      }
    }
  }

  private fireAt(table: WatchTable, at: string, watchers: Map<number, WatchMode>, atParent: boolean, type: EventType,
    path: string, out: Notification[], done: Set<number>): void {
    for (const [watcher, mode] of [...watchers]) {
      if (mode === WatchMode.persistentRecursive) {
        if (type === EventType.NodeChildrenChanged) continue;
      } else if (atParent) continue;
      else if (mode === WatchMode.standard) this.remove(table, at, watcher);
      if (done.has(watcher)) continue;
      done.add(watcher);
      out.push({ watcher, type, path });
    }
  }

  private tableOf(table: WatchTable): Table {
    return table === 'data' ? this.data : this.child;
  }
}
