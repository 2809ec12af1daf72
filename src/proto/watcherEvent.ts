// WatcherEvent: the body of a notification (reply xid -1), plus the event, state and watcher-type numbers.
//   WatcherEvent { int type; int state; ustring path }
import type { RecordCodec } from '../jute/record.js';

export const EventType = {
  None: -1,
  NodeCreated: 1,
  NodeDeleted: 2,
  NodeDataChanged: 3,
  NodeChildrenChanged: 4,
  DataWatchRemoved: 5,
  ChildWatchRemoved: 6,
  PersistentWatchRemoved: 7,
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

export const KeeperState = {
  Unknown: -1,
  Disconnected: 0,
  NoSyncConnected: 1,
  SyncConnected: 3,
  AuthFailed: 4,
  ConnectedReadOnly: 5,
  SaslAuthenticated: 6,
  Expired: -112,
  Closed: 7,
} as const;
export type KeeperState = (typeof KeeperState)[keyof typeof KeeperState];

/** The `type` of checkWatches/removeWatches. */
export const WatcherType = { Children: 1, Data: 2, Any: 3 } as const;
export type WatcherType = (typeof WatcherType)[keyof typeof WatcherType];

/** Plain numbers, not the unions above: a newer server may send values we do not know, and decoding keeps them. */
export interface WatcherEvent {
  readonly type: number;
  readonly state: number;
  readonly path: string;
}

export const watcherEventCodec: RecordCodec<WatcherEvent> = {
  encode(w, v) {
    w.writeInt(v.type).writeInt(v.state).writeUstring(v.path);
  },
  decode(r) {
    return { type: r.readInt(), state: r.readInt(), path: r.readString() };
  },
};
