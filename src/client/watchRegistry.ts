// Which client-side watchers a server notification feeds, by ZooKeeper's rules (ZKWatchManager.materialize):
// one-shot data/exist/child watchers are removed when they fire; persistent ones stay, recursive ones also hear
// about descendants (except child-list changes). Paths here are the server's paths (chroot included), so the
// lists double as the content of SetWatches after a reconnect.

import { EventType } from '../proto/index.js';
import type { WatchLists } from './setWatchesBatches.js';

export const WatchKind = {
  data: 'data',
  exist: 'exist',
  child: 'child',
  persistent: 'persistent',
  persistentRecursive: 'persistentRecursive',
} as const;
export type WatchKind = (typeof WatchKind)[keyof typeof WatchKind];

export interface WatchNotice {
  readonly type: number;
  /** Server path of the node the event is about. */
  readonly path: string;
}

export interface Watcher {
  fire(notice: WatchNotice): void;
  /** The session ended: with the reason (expiry, auth failure), or none when the client was closed. */
  end(error: Error | undefined): void;
}

const oneShotKinds: readonly WatchKind[] = [WatchKind.data, WatchKind.exist, WatchKind.child];

function parentsOf(path: string): string[] {
  const out: string[] = [];
  for (let at = path.lastIndexOf('/'); at > 0; at = path.lastIndexOf('/', at - 1)) out.push(path.slice(0, at));
  if (path !== '/') out.push('/');
  return out;
}

/** One-shot kinds an event of `type` consumes on its own path. */
function oneShotKindsFor(type: number): readonly WatchKind[] {
  switch (type) {
    case EventType.NodeCreated:
    case EventType.NodeDataChanged:
      return [WatchKind.data, WatchKind.exist];
    case EventType.NodeChildrenChanged:
      return [WatchKind.child];
    case EventType.NodeDeleted:
      return [WatchKind.data, WatchKind.exist, WatchKind.child];
    default:
      return [];
  }
}

export class WatchRegistry {
  /** Made with the first watch: most clients never set one, and every client has a registry. */
  private byKindOrNone: Map<WatchKind, Map<string, Set<Watcher>>> | undefined;

  private get byKind(): Map<WatchKind, Map<string, Set<Watcher>>> {
    this.byKindOrNone ??= new Map<WatchKind, Map<string, Set<Watcher>>>([
      [WatchKind.data, new Map()], [WatchKind.exist, new Map()], [WatchKind.child, new Map()],
      [WatchKind.persistent, new Map()], [WatchKind.persistentRecursive, new Map()],
    ]);
    return this.byKindOrNone;
  }

  add(kind: WatchKind, path: string, watcher: Watcher): void {
    const paths = this.byKind.get(kind) as Map<string, Set<Watcher>>;
    const set = paths.get(path) ?? new Set<Watcher>();
    set.add(watcher);
    paths.set(path, set);
  }

  remove(kind: WatchKind, path: string, watcher: Watcher): void {
    const paths = this.byKind.get(kind) as Map<string, Set<Watcher>>;
    const set = paths.get(path);
    if (set === undefined) return;
    set.delete(watcher);
    if (set.size === 0) paths.delete(path);
  }

  /** The watchers a notification reaches; one-shot ones are unregistered before being returned. */
  take(notice: WatchNotice): Watcher[] {
    const out = new Set<Watcher>();
    for (const kind of oneShotKindsFor(notice.type)) {
      const paths = this.byKind.get(kind) as Map<string, Set<Watcher>>;
      for (const watcher of paths.get(notice.path) ?? []) out.add(watcher);
      paths.delete(notice.path);
    }
    for (const watcher of this.byKind.get(WatchKind.persistent)?.get(notice.path) ?? []) out.add(watcher);
    if (notice.type !== EventType.NodeChildrenChanged) {
      const recursive = this.byKind.get(WatchKind.persistentRecursive) as Map<string, Set<Watcher>>;
      for (const path of [notice.path, ...parentsOf(notice.path)]) {
        for (const watcher of recursive.get(path) ?? []) out.add(watcher);
      }
    }
    return [...out];
  }

  /** Every watcher, and forget them all (the session ended). */
  takeAll(): Watcher[] {
    if (this.byKindOrNone === undefined) return [];
    const out = new Set<Watcher>();
    for (const paths of this.byKind.values()) {
      for (const set of paths.values()) for (const watcher of set) out.add(watcher);
      paths.clear();
    }
    return [...out];
  }

  /** Paths to re-register after a reconnect. */
  lists(): WatchLists {
    const keys = (kind: WatchKind): string[] => [...(this.byKind.get(kind) as Map<string, Set<Watcher>>).keys()];
    return {
      dataWatches: keys(WatchKind.data),
      existWatches: keys(WatchKind.exist),
      childWatches: keys(WatchKind.child),
      persistentWatches: keys(WatchKind.persistent),
      persistentRecursiveWatches: keys(WatchKind.persistentRecursive),
    };
  }

  /** Whether any watcher of any kind is registered on `path` (the server keeps one watch per path and connection). */
  hasPath(path: string): boolean {
    if (this.byKindOrNone === undefined) return false;
    for (const paths of this.byKindOrNone.values()) if (paths.has(path)) return true;
    return false;
  }

  isEmpty(): boolean {
    if (this.byKindOrNone === undefined) return true;
    for (const paths of this.byKindOrNone.values()) if (paths.size > 0) return false;
    return true;
  }
}

export function isOneShot(kind: WatchKind): boolean {
  return oneShotKinds.includes(kind);
}
