// The public connection states of a client and the event state$ carries. Plain data, shared by the pure session
// reducer and the shells.

import type { ServerAddress } from '../proto/index.js';

export const ClientState = {
  CONNECTING: 'CONNECTING',
  CONNECTED: 'CONNECTED',
  CONNECTEDREADONLY: 'CONNECTEDREADONLY',
  /** Was connected, lost the connection, and is looking for a server to resume the session on. */
  SUSPENDED: 'SUSPENDED',
  EXPIRED: 'EXPIRED',
  CLOSED: 'CLOSED',
  AUTH_FAILED: 'AUTH_FAILED',
} as const;
export type ClientState = (typeof ClientState)[keyof typeof ClientState];

export interface ClientStateEvent {
  readonly state: ClientState;
  /** 0n until a server has granted a session. */
  readonly sessionId: bigint;
  /** The server of the current (or last) connection, if any. */
  readonly server: ServerAddress | undefined;
}

export function isConnectedState(state: ClientState): boolean {
  return state === ClientState.CONNECTED || state === ClientState.CONNECTEDREADONLY;
}

/** The handle can never connect again. */
export function isTerminalState(state: ClientState): boolean {
  return state === ClientState.EXPIRED || state === ClientState.CLOSED || state === ClientState.AUTH_FAILED;
}
