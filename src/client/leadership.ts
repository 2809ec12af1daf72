// Leader election for apps, in the manner of Curator's LeaderLatch: every candidate creates an ephemeral sequential
// node under `path`; the lowest sequence leads; each other candidate watches only its predecessor, so a departure
// wakes one client, not all. leadership$ says whether this client leads; leader$ tells observers who does.

import {
  EMPTY, Observable, Subscription, catchError, concat, defer, distinctUntilChanged, ignoreElements, map, of, switchMap,
  throwError,
} from 'rxjs';
import { CreateMode, KeeperError, OPEN_ACL_UNSAFE, OpCode } from '../proto/index.js';
import type { Client } from './client.js';
import { ClientState, isConnectedState } from './clientState.js';
import { WatchKind, type Watcher } from './watchRegistry.js';

export const SuspendedPolicy = {
  /** Stop claiming leadership while disconnected (Curator's default): another client may lead once we expire. */
  relinquish: 'relinquish',
  /** Keep claiming it until the session is known to be expired. */
  keep: 'keep',
} as const;
export type SuspendedPolicy = (typeof SuspendedPolicy)[keyof typeof SuspendedPolicy];

export interface LeadershipOptions {
  /** Stored in this candidate's node; leader$ reports it. */
  readonly id: string;
  readonly onSuspended?: SuspendedPolicy;
  /** Source of the protection prefix that finds our node again after a create lost to a disconnect. */
  readonly random?: () => number;
}

const NONODE = -101;
const NODEEXISTS = -110;
const CONNECTIONLOSS = -4;
const SESSIONEXPIRED = -112;
/** Bound on create/inspect rounds per wake-up; each round normally needs one or two. */
const ROUNDS_MAX = 100;
const NODE_SUFFIX = 'latch-';

function sequenceOf(name: string): number {
  return Number(name.slice(-10));
}

export function sortCandidates(children: readonly string[]): string[] {
  return children.filter((name) => /\d{10}$/.test(name)).sort((a, b) => sequenceOf(a) - sequenceOf(b));
}

/** Creates `path` and its ancestors, each unless it already exists. */
function ensurePath$(client: Client, path: string): Observable<never> {
  const parts = path.split('/').filter((part) => part !== '');
  const creates = parts.map((_, i) => defer(() => create$(client, `/${parts.slice(0, i + 1).join('/')}`, '',
    CreateMode.PERSISTENT)).pipe(catchError((error: unknown) => (hasErrno(error, NODEEXISTS) ? EMPTY
    : throwError(() => error)))));
  return concat(...creates).pipe(ignoreElements());
}

/** The created node's name (last path segment). Requests are Observables so the recipe runs in virtual time too. */
function create$(client: Client, path: string, data: string, mode: CreateMode): Observable<string> {
  const request = { path: client.chroot.toServer(path), data: new TextEncoder().encode(data), acl: OPEN_ACL_UNSAFE,
    flags: mode };
  return client.request$(OpCode.create2, request, path)
    .pipe(map((reply) => reply.path.slice(reply.path.lastIndexOf('/') + 1)));
}

function children$(client: Client, path: string): Observable<readonly string[]> {
  return client.request$(OpCode.getChildren2, { path: client.chroot.toServer(path), watch: false }, path)
    .pipe(map((reply) => reply.children));
}

function protectionPrefix(random: () => number): string {
  const hex = Array.from({ length: 16 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `_c_${hex}-`;
}

/** Creates our candidate node, or finds it when a disconnect hid whether the create happened. */
function createCandidate$(client: Client, path: string, prefix: string, id: string, round = 0): Observable<string> {
  if (round >= ROUNDS_MAX) {
    return throwError(() => new Error(`could not create a candidate under ${path} in ${ROUNDS_MAX} rounds`));
  }
  return create$(client, `${path}/${prefix}${NODE_SUFFIX}`, id, CreateMode.EPHEMERAL_SEQUENTIAL).pipe(
    catchError((error: unknown) => {
      if (!hasErrno(error, CONNECTIONLOSS)) return throwError(() => error);
      return client.whenConnected$().pipe(
        switchMap(() => children$(client, path)),
        switchMap((children) => {
          const ours = children.find((name) => name.startsWith(prefix));
          return ours !== undefined ? of(ours) : createCandidate$(client, path, prefix, id, round + 1);
        }),
      );
    }),
  );
}

export function leadership$(client: Client, path: string, options: LeadershipOptions): Observable<boolean> {
  const { id, onSuspended = SuspendedPolicy.relinquish, random = Math.random } = options;
  return new Observable<boolean>((subscriber) => {
    const subscriptions = new Subscription();
    let predecessorWatch = new Subscription();
    // Finished inspections leave this container by themselves; unsubscribing it cancels the one running.
    const inspections = new Subscription();
    subscriptions.add(() => predecessorWatch.unsubscribe());
    subscriptions.add(inspections);
    const prefix = protectionPrefix(random);
    let ours: string | undefined;
    let leads = false;
    let connected = true;
    let checking = false;
    let again = false;
    let roundsInRow = 0;
    let closed = false;
    const publish = (): void => subscriber.next(leads && (connected || onSuspended === SuspendedPolicy.keep));
    const fail = (error: unknown): void => subscriber.error(error);

    const candidate$ = (): Observable<string> => (ours !== undefined ? of(ours)
      : concat(ensurePath$(client, path), createCandidate$(client, path, prefix, id)));

    const inspect$ = (): Observable<void> => defer(candidate$).pipe(
      switchMap((name) => {
        ours = name;
        return children$(client, path);
      }),
      map((children) => {
        const sorted = sortCandidates(children);
        const index = sorted.indexOf(ours as string);
        if (index < 0) {
          // Our node is gone (e.g. deleted by hand): make a new one in another round.
          ours = undefined;
          again = true;
          return;
        }
        leads = index === 0;
        publish();
        if (!leads) watchPredecessor(`${path}/${sorted[index - 1] as string}`);
      }),
    );

    const watchPredecessor = (predecessor: string): void => {
      const serverPath = client.chroot.toServer(predecessor);
      const watcher: Watcher = { fire: () => wake(), end: () => undefined };
      predecessorWatch.unsubscribe();
      predecessorWatch = new Subscription();
      predecessorWatch.add(client.watchedRequest$(OpCode.exists, { path: serverPath, watch: true }, predecessor, watcher,
        (errno) => (errno === 0 ? WatchKind.data : errno === NONODE ? WatchKind.exist : undefined)).subscribe({
        // Gone between our listing and this read: the watch left would only see a creation, so look again now.
        error: (error: unknown) => (hasErrno(error, NONODE) ? wake() : fail(error)),
      }));
      predecessorWatch.add(() => {
        for (const kind of Object.values(WatchKind)) client.registry.remove(kind, serverPath, watcher);
      });
    };

    /** Serialises inspections: a wake-up during one runs another right after it (at most ROUNDS_MAX in a row). */
    function wake(): void {
      if (closed) return;
      if (checking) {
        again = true;
        return;
      }
      checking = true;
      again = false;
      inspections.add(inspect$().subscribe({
        complete: () => {
          checking = false;
          roundsInRow = again ? roundsInRow + 1 : 0;
          if (again && roundsInRow < ROUNDS_MAX) wake();
        },
        error: (error: unknown) => {
          checking = false;
          // A lost connection wakes us again on reconnect; a lost session ends us through state$.
          if (!hasErrno(error, CONNECTIONLOSS) && !hasErrno(error, SESSIONEXPIRED)) fail(error);
        },
      }));
    }

    subscriptions.add(client.state$.subscribe({
      next: (event) => {
        const wasConnected = connected;
        connected = isConnectedState(event.state);
        if (event.state === ClientState.SUSPENDED) publish();
        if (event.state === ClientState.EXPIRED || event.state === ClientState.AUTH_FAILED) {
          leads = false;
          publish();
        }
        if (connected && !wasConnected) wake();
      },
      complete: () => {
        const state = client.state.state;
        if (state === ClientState.CLOSED) subscriber.complete();
        else fail(new KeeperError(state === ClientState.AUTH_FAILED ? -115 : -112));
      },
    }));
    wake();
    return () => {
      closed = true;
      subscriptions.unsubscribe();
      if (ours !== undefined) void client.delete(`${path}/${ours}`).catch(() => undefined);
    };
  }).pipe(distinctUntilChanged());
}

/** The id of the current leader under `path` (undefined while there is none, or while `path` does not exist yet),
 *  again on every change. */
export function leader$(client: Client, path: string): Observable<string | undefined> {
  return client.exists$(path).pipe(
    map((stat) => stat !== null),
    distinctUntilChanged(),
    switchMap((present) => (present ? currentLeader$(client, path) : of(undefined))),
    distinctUntilChanged(),
  );
}

function currentLeader$(client: Client, path: string): Observable<string | undefined> {
  return client.children$(path).pipe(
    // Deleted between exists and getChildren: exists$ reports it next.
    catchError((error: unknown) => (isNoNode(error) ? EMPTY : throwError(() => error))),
    switchMap(({ children }) => {
      const first = sortCandidates(children)[0];
      if (first === undefined) return of(undefined);
      const leaderPath = `${path}/${first}`;
      return client.request$(OpCode.getData, { path: client.chroot.toServer(leaderPath), watch: false }, leaderPath).pipe(
        map((node) => new TextDecoder().decode(node.data ?? new Uint8Array())),
        // The leader left between the listing and the read: the child watch brings the next listing.
        catchError((error: unknown) => (isNoNode(error) ? EMPTY : throwError(() => error))),
      );
    }),
  );
}

function isNoNode(error: unknown): boolean {
  return hasErrno(error, NONODE);
}

function hasErrno(error: unknown, errno: number): boolean {
  return error instanceof KeeperError && error.errno === errno;
}
