// Leader election for apps, in the manner of Curator's LeaderLatch: every candidate creates an ephemeral sequential
// node under `path`; the lowest sequence leads; each other candidate watches only its predecessor, so a departure
// wakes one client, not all. leadership$ says whether this client leads; leader$ tells observers who does.

import {
  EMPTY, Observable, Subscription, catchError, distinctUntilChanged, from, map, of, switchMap, throwError,
} from 'rxjs';
import { CreateMode, KeeperError, OpCode } from '../proto/index.js';
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

async function ensurePath(client: Client, path: string): Promise<void> {
  const parts = path.split('/').filter((part) => part !== '');
  for (let i = 1; i <= parts.length; i += 1) {
    try {
      await client.create(`/${parts.slice(0, i).join('/')}`);
    } catch (error) {
      if (!(error instanceof KeeperError && error.errno === NODEEXISTS)) throw error;
    }
  }
}

function protectionPrefix(random: () => number): string {
  const hex = Array.from({ length: 16 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `_c_${hex}-`;
}

/** Creates our candidate node, or finds it when a disconnect hid whether the create happened. */
async function createCandidate(client: Client, path: string, prefix: string, id: string): Promise<string> {
  for (let round = 0; round < ROUNDS_MAX; round += 1) {
    try {
      const made = await client.create(`${path}/${prefix}${NODE_SUFFIX}`, id, { mode: CreateMode.EPHEMERAL_SEQUENTIAL });
      return made.path.slice(path.length + 1);
    } catch (error) {
      if (!(error instanceof KeeperError && error.errno === CONNECTIONLOSS)) throw error;
      await client.connected();
      const { children } = await client.getChildren(path);
      const ours = children.find((name) => name.startsWith(prefix));
      if (ours !== undefined) return ours;
    }
  }
  throw new Error(`could not create a candidate under ${path} in ${ROUNDS_MAX} rounds`);
}

export function leadership$(client: Client, path: string, options: LeadershipOptions): Observable<boolean> {
  const { id, onSuspended = SuspendedPolicy.relinquish, random = Math.random } = options;
  return new Observable<boolean>((subscriber) => {
    const subscriptions = new Subscription();
    let predecessorWatch = new Subscription();
    subscriptions.add(() => predecessorWatch.unsubscribe());
    const prefix = protectionPrefix(random);
    let ours: string | undefined;
    let leads = false;
    let connected = true;
    let checking = false;
    let again = false;
    let closed = false;
    const publish = (): void => subscriber.next(leads && (connected || onSuspended === SuspendedPolicy.keep));
    const fail = (error: unknown): void => subscriber.error(error);

    const inspect = async (): Promise<void> => {
      if (ours === undefined) {
        await ensurePath(client, path);
        ours = await createCandidate(client, path, prefix, id);
      }
      const sorted = sortCandidates((await client.getChildren(path)).children);
      const index = sorted.indexOf(ours);
      if (index < 0) {
        ours = undefined;
        return wake();
      }
      leads = index === 0;
      publish();
      if (!leads) watchPredecessor(`${path}/${sorted[index - 1] as string}`);
    };

    const watchPredecessor = (predecessor: string): void => {
      const serverPath = client.chroot.toServer(predecessor);
      const watcher: Watcher = { fire: () => wake(), end: () => undefined };
      predecessorWatch.unsubscribe();
      predecessorWatch = new Subscription();
      predecessorWatch.add(client.watchedRequest$(OpCode.exists, { path: serverPath, watch: true }, predecessor, watcher,
        (errno) => (errno === 0 ? WatchKind.data : errno === NONODE ? WatchKind.exist : undefined)).subscribe({
        error: (error: unknown) => (error instanceof KeeperError && error.errno === NONODE ? wake() : fail(error)),
      }));
      predecessorWatch.add(() => {
        for (const kind of Object.values(WatchKind)) client.registry.remove(kind, serverPath, watcher);
      });
    };

    /** Serialises inspections: a wake-up during one runs another right after it. */
    function wake(): void {
      if (closed) return;
      if (checking) {
        again = true;
        return;
      }
      checking = true;
      void (async () => {
        for (let round = 0; round < ROUNDS_MAX && !closed; round += 1) {
          again = false;
          await inspect();
          if (!again) break;
        }
      })().catch((error: unknown) => {
        // A lost connection wakes us again on reconnect; a lost session ends us through state$.
        if (!(error instanceof KeeperError && (error.errno === CONNECTIONLOSS || error.errno === SESSIONEXPIRED))) {
          fail(error);
        }
      }).finally(() => {
        checking = false;
      });
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
      return from(client.getData(`${path}/${first}`)).pipe(
        map((node) => new TextDecoder().decode(node.data)),
        // The leader left between the listing and the read: the child watch brings the next listing.
        catchError((error: unknown) => (isNoNode(error) ? EMPTY : throwError(() => error))),
      );
    }),
  );
}

function isNoNode(error: unknown): boolean {
  return error instanceof KeeperError && error.errno === NONODE;
}
