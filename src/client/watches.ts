// Watches as Observables. Each read re-arms ZooKeeper's one-shot watch: data$ re-reads after every change, children$
// after every child-list change, exists$ after anything. watch$ adds a persistent (optionally recursive) watch and
// streams its events. All of them survive reconnects (the registry feeds SetWatches), end with an error when the
// session expires, complete when the client closes, and forget their watchers when unsubscribed.

import { Observable, Subscription, type Subscriber } from 'rxjs';
import { AddWatchMode, EventType, KeeperError, OpCode, type Stat } from '../proto/index.js';
import type { Client, NodeChildren, NodeData } from './client.js';
import { ClientState } from './clientState.js';
import { WatchKind, type WatchNotice, type Watcher } from './watchRegistry.js';

const NONODE = -101;

export interface DataWatchOptions {
  /** After the node is deleted (or when it does not exist yet), wait for it to be created instead of ending. */
  readonly waitForCreation?: boolean;
}

export interface WatchEvent {
  readonly type: 'created' | 'deleted' | 'dataChanged' | 'childrenChanged';
  /** Client path (chroot removed). */
  readonly path: string;
}

const eventNames: Record<number, WatchEvent['type']> = {
  [EventType.NodeCreated]: 'created',
  [EventType.NodeDeleted]: 'deleted',
  [EventType.NodeDataChanged]: 'dataChanged',
  [EventType.NodeChildrenChanged]: 'childrenChanged',
};

/** A watcher that hands its one notice (or the session's end) to the current round of a loop. */
class RoundWatcher implements Watcher {
  constructor(private readonly onNotice: (notice: WatchNotice) => void, private readonly onEnd: (e?: Error) => void) {}
  fire(notice: WatchNotice): void { this.onNotice(notice); }
  end(error: Error | undefined): void { this.onEnd(error); }
}

interface Round<T> {
  /** Starts one read, registering `watcher`; emits `next` values or signals missing. */
  read(watcher: Watcher, emit: (value: T) => void, missing: () => void, fail: (e: unknown) => void): Subscription;
  /** What a notice means for the loop: re-read, or end. */
  after(notice: WatchNotice): 'again' | 'complete';
}

/** The re-arming loop shared by data$, children$ and exists$: read + watch, wait for the notice, repeat. */
function watchLoop<T>(client: Client, serverPath: string, round: Round<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    let current = new Subscription();
    let watcher: RoundWatcher | undefined;
    const forget = (): void => {
      current.unsubscribe();
      if (watcher !== undefined) for (const kind of Object.values(WatchKind)) client.registry.remove(kind, serverPath, watcher);
    };
    const start = (): void => {
      forget();
      const own: RoundWatcher = new RoundWatcher(
        (notice) => {
          if (watcher !== own) return;
          if (round.after(notice) === 'complete') subscriber.complete();
          else start();
        },
        (error) => (error === undefined ? subscriber.complete() : subscriber.error(error)),
      );
      watcher = own;
      current = round.read(own, (value) => subscriber.next(value), () => subscriber.complete(),
        (error) => endWith(client, subscriber, error));
    };
    start();
    return forget;
  });
}

export function data$(client: Client, path: string, options: DataWatchOptions = {}): Observable<NodeData> {
  const serverPath = client.chroot.toServer(path);
  const waiting = options.waitForCreation === true;
  let everSeen = false;
  return watchLoop<NodeData>(client, serverPath, {
    read: (watcher, emit, missing, fail) => {
      const kindOf = (errno: number) => (errno === 0 ? WatchKind.data : undefined);
      if (waiting) {
        // exists first: it leaves a watch whether or not the node is there, so creation is noticed too.
        return client.watchedRequest$(OpCode.exists, { path: serverPath, watch: true }, path, watcher,
          (errno) => (errno === 0 ? WatchKind.data : errno === NONODE ? WatchKind.exist : undefined)).subscribe({
          next: () => readData(client, serverPath, path, emit, fail),
          error: (error: unknown) => (isNoNode(error) ? undefined : fail(error)),
        });
      }
      return client.watchedRequest$(OpCode.getData, { path: serverPath, watch: true }, path, watcher, kindOf).subscribe({
        next: (reply) => {
          everSeen = true;
          emit({ data: reply.data ?? new Uint8Array(), stat: reply.stat });
        },
        error: (error: unknown) => (isNoNode(error) && everSeen ? missing() : fail(error)),
      });
    },
    after: (notice) => (notice.type === EventType.NodeDeleted && !waiting ? 'complete' : 'again'),
  });
}

/** With an exists watch already armed, the data itself is a plain read. */
function readData(client: Client, serverPath: string, path: string, emit: (v: NodeData) => void,
  fail: (e: unknown) => void): void {
  client.request$(OpCode.getData, { path: serverPath, watch: false }, path).subscribe({
    next: (reply) => emit({ data: reply.data ?? new Uint8Array(), stat: reply.stat }),
    error: (error: unknown) => (isNoNode(error) ? undefined : fail(error)),
  });
}

export function children$(client: Client, path: string): Observable<NodeChildren> {
  const serverPath = client.chroot.toServer(path);
  let everSeen = false;
  return watchLoop<NodeChildren>(client, serverPath, {
    read: (watcher, emit, missing, fail) =>
      client.watchedRequest$(OpCode.getChildren2, { path: serverPath, watch: true }, path, watcher,
        (errno) => (errno === 0 ? WatchKind.child : undefined)).subscribe({
        next: (reply) => {
          everSeen = true;
          emit({ children: reply.children, stat: reply.stat });
        },
        error: (error: unknown) => (isNoNode(error) && everSeen ? missing() : fail(error)),
      }),
    after: (notice) => (notice.type === EventType.NodeDeleted ? 'complete' : 'again'),
  });
}

/** The node's Stat, or null while it does not exist; never completes on its own. */
export function exists$(client: Client, path: string): Observable<Stat | null> {
  const serverPath = client.chroot.toServer(path);
  return watchLoop<Stat | null>(client, serverPath, {
    read: (watcher, emit, _missing, fail) =>
      client.watchedRequest$(OpCode.exists, { path: serverPath, watch: true }, path, watcher,
        (errno) => (errno === 0 ? WatchKind.data : errno === NONODE ? WatchKind.exist : undefined)).subscribe({
        next: (reply) => emit(reply.stat),
        error: (error: unknown) => (isNoNode(error) ? emit(null) : fail(error)),
      }),
    after: () => 'again',
  });
}

export interface PersistentWatchOptions {
  /** Also events of every descendant (PERSISTENT_RECURSIVE); child-list changes are then not reported. */
  readonly recursive?: boolean;
}

/** A persistent watch (addWatch): every event on the node (and its subtree if recursive) until unsubscribed. */
export function watch$(client: Client, path: string, options: PersistentWatchOptions = {}): Observable<WatchEvent> {
  const serverPath = client.chroot.toServer(path);
  const recursive = options.recursive === true;
  const kind = recursive ? WatchKind.persistentRecursive : WatchKind.persistent;
  return new Observable<WatchEvent>((subscriber) => {
    const watcher: Watcher = {
      fire: (notice) => {
        const type = eventNames[notice.type];
        const clientPath = client.chroot.fromServer(notice.path);
        if (type !== undefined && clientPath !== undefined) subscriber.next({ type, path: clientPath });
      },
      end: (error) => (error === undefined ? subscriber.complete() : subscriber.error(error)),
    };
    const mode = recursive ? AddWatchMode.PERSISTENT_RECURSIVE : AddWatchMode.PERSISTENT;
    let unsubscribed = false;
    // An addWatch answered after unsubscribe still left a watch on the server: release it instead of registering.
    const registers = (errno: number): WatchKind | undefined => {
      if (errno !== 0) return undefined;
      if (!unsubscribed) return kind;
      client.releaseServerWatch(serverPath);
      return undefined;
    };
    const sub = client.watchedRequest$(OpCode.addWatch, { path: serverPath, mode }, path, watcher, registers)
      .subscribe({ error: (error: unknown) => endWith(client, subscriber, error) });
    return () => {
      unsubscribed = true;
      sub.unsubscribe();
      client.registry.remove(kind, serverPath, watcher);
      client.releaseServerWatch(serverPath);
    };
  });
}

/** A read cut short by close() completes the watch; anything else is its error. */
function endWith(client: Client, subscriber: Subscriber<never>, error: unknown): void {
  if (client.state.state === ClientState.CLOSED) subscriber.complete();
  else subscriber.error(error);
}

function isNoNode(error: unknown): boolean {
  return error instanceof KeeperError && error.errno === NONODE;
}
