// The client session as a pure reducer: (ctx, state, event) -> { state, effects }. It decides which server to dial
// and when, when a server is too slow or too quiet, when to ping, and when the session is gone (told by the server
// or inferred because no server was heard within the session timeout). Time arrives as `nowMs` in events;
// randomness through ctx.random. Sockets, timers and pending requests belong to the shell (connection.ts).
// On a read-only server it also schedules `isro` probes of the other hosts (Java's pingRwServer: the interval
// doubles from rwProbeIntervalMs up to rwProbeIntervalMsMax) and moves to the first one that answers "rw".

import type { ConnectRequest, ConnectResponse, ServerAddress } from '../proto/index.js';
import { ClientState } from './clientState.js';
import { initialHostCursor, markConnected, nextHost, type HostCursor } from './hostProvider.js';
import { connectTimeoutMs, pingIdleMs, readTimeoutMs } from './sessionTimeouts.js';

export const PASSWORD_BYTES = 16;
/** errnos the reducer fails requests with (KeeperException codes). */
export const Errno = { CONNECTIONLOSS: -4, SESSIONEXPIRED: -112, AUTHFAILED: -115 } as const;

export interface SessionContext {
  readonly hosts: readonly ServerAddress[];
  readonly sessionTimeoutMs: number;
  readonly canBeReadOnly: boolean;
  /** StaticHostProvider's pause after a full cycle of failed hosts. */
  readonly spinDelayMs: number;
  /** Upper bound (exclusive) of the random pause before every attempt after the first TCP connection. */
  readonly reconnectJitterMs: number;
  /** First pause before probing for a read-write server while CONNECTEDREADONLY (Java: 100 ms)... */
  readonly rwProbeIntervalMs: number;
  /** ...doubling after each probe up to this (Java: 60000 ms). */
  readonly rwProbeIntervalMsMax: number;
  readonly random: () => number;
}

/** How long one `isro` probe may take (Java's probe socket read timeout). */
export const RW_PROBE_TIMEOUT_MS = 1000;

export type Phase = 'dialing' | 'handshaking' | 'connected' | 'closing' | 'ended';

export interface SessionState {
  readonly phase: Phase;
  readonly publicState: ClientState;
  readonly cursor: HostCursor;
  readonly connectionId: number;
  readonly tcpEverConnected: boolean;
  readonly sessionId: bigint;
  readonly passwd: Uint8Array;
  /** 0 until a server negotiated one; the requested timeout is used until then. */
  readonly negotiatedTimeoutMs: number;
  readonly seenRwServer: boolean;
  /** Dialing/handshaking: the attempt is abandoned at this time. Closing: give up waiting for the reply. */
  readonly deadlineMs: number;
  /** Last time a server of this session was heard; the client declares expiry a session timeout after it. */
  readonly lastHeardMs: number;
  /** Read-only only: when the next `isro` probe is due (Infinity otherwise), the pause after it, and whether one
   *  is out. */
  readonly rwProbeAtMs: number;
  readonly rwProbeIntervalMs: number;
  readonly rwProbeInFlight: boolean;
}

export type SessionEvent =
  | { readonly kind: 'start'; readonly nowMs: number }
  | { readonly kind: 'dialed'; readonly connectionId: number; readonly nowMs: number; readonly lastZxid: bigint }
  | { readonly kind: 'connectResponse'; readonly connectionId: number; readonly nowMs: number;
      readonly response: ConnectResponse }
  | { readonly kind: 'connectionLost'; readonly connectionId: number; readonly nowMs: number;
      readonly lastHeardMs: number; readonly reason: string }
  | { readonly kind: 'check'; readonly nowMs: number; readonly lastHeardMs: number; readonly lastSentMs: number }
  | { readonly kind: 'authFailed'; readonly connectionId: number; readonly nowMs: number }
  | { readonly kind: 'close'; readonly nowMs: number }
  /** The `isro` probe of hosts[hostIndex] made during connection `connectionId` ended; `readWrite` if it said "rw". */
  | { readonly kind: 'rwProbeResult'; readonly connectionId: number; readonly hostIndex: number;
      readonly nowMs: number; readonly readWrite: boolean }
  | { readonly kind: 'closeReplied'; readonly connectionId: number };

export type SessionEffect =
  | { readonly kind: 'dial'; readonly connectionId: number; readonly host: ServerAddress; readonly delayMs: number;
      readonly timeoutMs: number }
  | { readonly kind: 'sendConnect'; readonly connectionId: number; readonly request: ConnectRequest }
  /** Session (re)established: send auth, SetWatches, then the queued requests. */
  | { readonly kind: 'prime'; readonly connectionId: number }
  | { readonly kind: 'ping'; readonly connectionId: number }
  | { readonly kind: 'probeRw'; readonly connectionId: number; readonly hostIndex: number;
      readonly host: ServerAddress; readonly timeoutMs: number }
  | { readonly kind: 'sendCloseSession'; readonly connectionId: number }
  | { readonly kind: 'drop'; readonly connectionId: number; readonly reason: string }
  | { readonly kind: 'failRequests'; readonly errno: number; readonly reason: string }
  | { readonly kind: 'state'; readonly state: ClientState; readonly sessionId: bigint;
      readonly server: ServerAddress | undefined }
  | { readonly kind: 'armCheck'; readonly atMs: number }
  /** Terminal: watchers end (with SESSIONEXPIRED / AUTHFAILED, or complete for CLOSED). */
  | { readonly kind: 'ended'; readonly state: ClientState };

export interface SessionStepResult {
  readonly state: SessionState;
  readonly effects: readonly SessionEffect[];
}

export function initialSessionState(): SessionState {
  return {
    phase: 'dialing', publicState: ClientState.CONNECTING, cursor: initialHostCursor, connectionId: 0,
    tcpEverConnected: false, sessionId: 0n, passwd: new Uint8Array(PASSWORD_BYTES), negotiatedTimeoutMs: 0,
    seenRwServer: false, deadlineMs: 0, lastHeardMs: 0, rwProbeAtMs: Number.POSITIVE_INFINITY, rwProbeIntervalMs: 0,
    rwProbeInFlight: false,
  };
}

export function sessionTimeoutOf(ctx: SessionContext, state: SessionState): number {
  return state.negotiatedTimeoutMs > 0 ? state.negotiatedTimeoutMs : ctx.sessionTimeoutMs;
}

export function currentHost(ctx: SessionContext, state: SessionState): ServerAddress | undefined {
  return state.cursor.currentIndex < 0 ? undefined : ctx.hosts[state.cursor.currentIndex];
}

function hasSession(state: SessionState): boolean {
  return state.sessionId !== 0n && state.negotiatedTimeoutMs > 0;
}

function stateEffect(ctx: SessionContext, state: SessionState, next: ClientState): SessionEffect[] {
  if (state.publicState === next) return [];
  return [stateChanged(ctx, state, next)];
}

function stateChanged(ctx: SessionContext, state: SessionState, next: ClientState): SessionEffect {
  return { kind: 'state', state: next, sessionId: state.sessionId, server: currentHost(ctx, state) };
}

function withPublic(ctx: SessionContext, state: SessionState, next: ClientState): SessionStepResult {
  return { state: { ...state, publicState: next }, effects: stateEffect(ctx, state, next) };
}

/** The session is over for good: tell watchers, fail everything, close the transport. */
function becomeEnded(ctx: SessionContext, state: SessionState, next: ClientState, errno: number, reason: string)
: SessionStepResult {
  const ended = withPublic(ctx, { ...state, phase: 'ended' }, next);
  return {
    state: ended.state,
    effects: [
      { kind: 'drop', connectionId: state.connectionId, reason },
      { kind: 'failRequests', errno, reason },
      ...ended.effects,
      { kind: 'ended', state: next },
    ],
  };
}

function isExpiredClientSide(ctx: SessionContext, state: SessionState, nowMs: number): boolean {
  return hasSession(state) && nowMs - state.lastHeardMs >= sessionTimeoutOf(ctx, state);
}

function expiryDeadline(ctx: SessionContext, state: SessionState): number {
  return hasSession(state) ? state.lastHeardMs + sessionTimeoutOf(ctx, state) : Number.POSITIVE_INFINITY;
}

/** Leave the current server (if any) and schedule a dial of the next one (or of `to`, a host found read-write). */
function beginAttempt(ctx: SessionContext, state: SessionState, nowMs: number, reason: string, to?: HostCursor)
: SessionStepResult {
  if (isExpiredClientSide(ctx, state, nowMs)) {
    return becomeEnded(ctx, state, ClientState.EXPIRED, Errno.SESSIONEXPIRED,
      `no server answered within the session timeout of ${sessionTimeoutOf(ctx, state)} ms`);
  }
  const { cursor, spin } = to === undefined ? nextHost(state.cursor, ctx.hosts.length) : { cursor: to, spin: false };
  const jitterMs = state.tcpEverConnected ? Math.floor(ctx.random() * ctx.reconnectJitterMs) : 0;
  const delayMs = (spin ? ctx.spinDelayMs : 0) + jitterMs;
  const timeoutMs = connectTimeoutMs(sessionTimeoutOf(ctx, state), ctx.hosts.length);
  const connectionId = state.connectionId + 1;
  const deadlineMs = nowMs + delayMs + timeoutMs;
  const host = ctx.hosts[cursor.currentIndex] as ServerAddress;
  // The changes as their own object, spread after the state: V8 copies a spread with one fast step but defines the
  // properties written after a spread one at a time through its runtime (~0.5 us each, on every session set-up).
  const changes = { phase: 'dialing', cursor, connectionId, deadlineMs, rwProbeAtMs: Number.POSITIVE_INFINITY,
    rwProbeInFlight: false } satisfies Partial<SessionState>;
  const next: SessionState = { ...state, ...changes };
  const effects: SessionEffect[] = [];
  if (state.connectionId > 0) {
    effects.push({ kind: 'drop', connectionId: state.connectionId, reason });
    effects.push({ kind: 'failRequests', errno: Errno.CONNECTIONLOSS, reason });
  }
  effects.push({ kind: 'dial', connectionId, host, delayMs, timeoutMs });
  // Also no later than a session connected at once would first need a check: the shell then keeps this timer
  // through the handshake instead of moving it on every set-up (a check that comes early only re-arms).
  const connectedCheckMs = nowMs + delayMs + pingIdleMs(readTimeoutMs(sessionTimeoutOf(ctx, state)));
  effects.push({ kind: 'armCheck', atMs: Math.min(deadlineMs, expiryDeadline(ctx, next), connectedCheckMs) });
  return { state: next, effects };
}

/** A connection that was serving the session broke: SUSPENDED, then on to the next server. */
function loseConnection(ctx: SessionContext, state: SessionState, nowMs: number, lastHeardMs: number, reason: string)
: SessionStepResult {
  const wasConnected = state.phase === 'connected';
  const heard = wasConnected ? { ...state, lastHeardMs: Math.max(state.lastHeardMs, lastHeardMs) } : state;
  const suspended = wasConnected ? withPublic(ctx, heard, ClientState.SUSPENDED) : { state: heard, effects: [] };
  const attempt = beginAttempt(ctx, suspended.state, nowMs, reason);
  return { state: attempt.state, effects: [...suspended.effects, ...attempt.effects] };
}

function onDialed(ctx: SessionContext, state: SessionState, lastZxid: bigint): SessionStepResult {
  const resume = state.seenRwServer;
  const request: ConnectRequest = {
    protocolVersion: 0,
    lastZxidSeen: lastZxid,
    timeOut: ctx.sessionTimeoutMs,
    sessionId: resume ? state.sessionId : 0n,
    passwd: resume ? state.passwd : new Uint8Array(PASSWORD_BYTES),
    readOnly: ctx.canBeReadOnly,
  };
  return {
    state: { ...state, ...({ phase: 'handshaking', tcpEverConnected: true } satisfies Partial<SessionState>) },
    effects: [{ kind: 'sendConnect', connectionId: state.connectionId, request }],
  };
}

function onConnectResponse(ctx: SessionContext, state: SessionState, response: ConnectResponse, nowMs: number)
: SessionStepResult {
  if (response.timeOut <= 0) {
    return becomeEnded(ctx, state, ClientState.EXPIRED, Errno.SESSIONEXPIRED, 'the server says the session expired');
  }
  const readOnly = response.readOnly === true;
  // One new state with the public state in it (not a second copy through withPublic): this runs on every set-up.
  const changes = {
    phase: 'connected', publicState: readOnly ? ClientState.CONNECTEDREADONLY : ClientState.CONNECTED,
    cursor: markConnected(state.cursor), sessionId: response.sessionId, passwd: response.passwd,
    negotiatedTimeoutMs: response.timeOut, seenRwServer: state.seenRwServer || !readOnly, lastHeardMs: nowMs,
    rwProbeIntervalMs: ctx.rwProbeIntervalMs,
    rwProbeAtMs: readOnly ? nowMs + ctx.rwProbeIntervalMs : Number.POSITIVE_INFINITY,
  } satisfies Partial<SessionState>;
  const next: SessionState = { ...state, ...changes };
  const firstCheck = Math.min(next.rwProbeAtMs,
    nowMs + Math.min(pingIdleMs(readTimeoutMs(response.timeOut)), readTimeoutMs(response.timeOut)));
  const effects: SessionEffect[] = state.publicState === next.publicState ? []
    : [stateChanged(ctx, next, next.publicState)];
  effects.push({ kind: 'prime', connectionId: state.connectionId }, { kind: 'armCheck', atMs: firstCheck });
  return { state: next, effects };
}

/** Connected: a read timeout drops the server; send idleness sends a ping; otherwise sleep until one is due. */
function checkConnected(ctx: SessionContext, state: SessionState, e: Extract<SessionEvent, { kind: 'check' }>)
: SessionStepResult {
  const readTimeout = readTimeoutMs(sessionTimeoutOf(ctx, state));
  const heard = { ...state, lastHeardMs: Math.max(state.lastHeardMs, e.lastHeardMs) };
  if (e.nowMs - e.lastHeardMs >= readTimeout) {
    return loseConnection(ctx, heard, e.nowMs, e.lastHeardMs,
      `client session timed out, have not heard from server in ${e.nowMs - e.lastHeardMs} ms`);
  }
  const pingAfterMs = pingIdleMs(readTimeout);
  const probed = maybeProbeRw(ctx, heard, e.nowMs);
  const effects: SessionEffect[] = [...probed.effects];
  let lastSentMs = e.lastSentMs;
  if (e.nowMs - e.lastSentMs >= pingAfterMs) {
    effects.push({ kind: 'ping', connectionId: state.connectionId });
    lastSentMs = e.nowMs;
  }
  const probeAtMs = probed.state.rwProbeInFlight ? Number.POSITIVE_INFINITY : probed.state.rwProbeAtMs;
  effects.push({ kind: 'armCheck', atMs: Math.min(e.lastHeardMs + readTimeout, lastSentMs + pingAfterMs, probeAtMs) });
  return { state: probed.state, effects };
}

/** Read-only and a probe due: ask the next host (round-robin, no spin) whether it serves read-write. */
function maybeProbeRw(ctx: SessionContext, state: SessionState, nowMs: number): SessionStepResult {
  if (state.publicState !== ClientState.CONNECTEDREADONLY || state.rwProbeInFlight || nowMs < state.rwProbeAtMs) {
    return { state, effects: [] };
  }
  const { cursor } = nextHost(state.cursor, ctx.hosts.length);
  const rwProbeIntervalMs = Math.min(state.rwProbeIntervalMs * 2, ctx.rwProbeIntervalMsMax);
  const host = ctx.hosts[cursor.currentIndex] as ServerAddress;
  return {
    state: { ...state, cursor, rwProbeIntervalMs, rwProbeAtMs: nowMs + rwProbeIntervalMs, rwProbeInFlight: true },
    effects: [{ kind: 'probeRw', connectionId: state.connectionId, hostIndex: cursor.currentIndex, host,
      timeoutMs: RW_PROBE_TIMEOUT_MS }],
  };
}

/** A read-write server found: leave the read-only one for it (SUSPENDED in between, as Java's Disconnected). */
function onRwProbeResult(ctx: SessionContext, state: SessionState, e: Extract<SessionEvent, { kind: 'rwProbeResult' }>)
: SessionStepResult {
  const stillReadOnly = isCurrent(state, e.connectionId) && state.phase === 'connected'
    && state.publicState === ClientState.CONNECTEDREADONLY;
  if (!stillReadOnly) return { state, effects: [] };
  const settled = { ...state, rwProbeInFlight: false };
  // An immediate check re-arms the timer with the probe, ping and read deadlines all in view.
  if (!e.readWrite) return { state: settled, effects: [{ kind: 'armCheck', atMs: e.nowMs }] };
  const host = ctx.hosts[e.hostIndex] as ServerAddress;
  const suspended = withPublic(ctx, settled, ClientState.SUSPENDED);
  const attempt = beginAttempt(ctx, suspended.state, e.nowMs,
    `read-write server ${host.host}:${host.port} found`, { ...settled.cursor, currentIndex: e.hostIndex });
  return { state: attempt.state, effects: [...suspended.effects, ...attempt.effects] };
}

function onCheck(ctx: SessionContext, state: SessionState, e: Extract<SessionEvent, { kind: 'check' }>)
: SessionStepResult {
  switch (state.phase) {
    case 'connected':
      return checkConnected(ctx, state, e);
    case 'dialing':
    case 'handshaking':
      if (isExpiredClientSide(ctx, state, e.nowMs) || e.nowMs >= state.deadlineMs) {
        return beginAttempt(ctx, state, e.nowMs, `no answer from the server within ${
          connectTimeoutMs(sessionTimeoutOf(ctx, state), ctx.hosts.length)} ms`);
      }
      return { state, effects: [{ kind: 'armCheck', atMs: Math.min(state.deadlineMs, expiryDeadline(ctx, state)) }] };
    case 'closing':
      if (e.nowMs < state.deadlineMs) return { state, effects: [{ kind: 'armCheck', atMs: state.deadlineMs }] };
      return becomeEnded(ctx, state, ClientState.CLOSED, Errno.CONNECTIONLOSS, 'no reply to closeSession');
    case 'ended':
      return { state, effects: [] };
  }
}

function onClose(ctx: SessionContext, state: SessionState, nowMs: number): SessionStepResult {
  if (state.phase === 'ended' || state.phase === 'closing') return { state, effects: [] };
  if (state.phase !== 'connected') {
    return becomeEnded(ctx, state, ClientState.CLOSED, Errno.CONNECTIONLOSS, 'client closed');
  }
  const deadlineMs = nowMs + readTimeoutMs(sessionTimeoutOf(ctx, state));
  return {
    state: { ...state, phase: 'closing', deadlineMs },
    effects: [
      { kind: 'sendCloseSession', connectionId: state.connectionId },
      { kind: 'armCheck', atMs: deadlineMs },
    ],
  };
}

function isCurrent(state: SessionState, connectionId: number): boolean {
  return connectionId === state.connectionId && state.phase !== 'ended';
}

export function sessionStep(ctx: SessionContext, state: SessionState, event: SessionEvent): SessionStepResult {
  switch (event.kind) {
    case 'start':
      return state.connectionId === 0 ? beginAttempt(ctx, state, event.nowMs, 'start') : { state, effects: [] };
    case 'dialed':
      return isCurrent(state, event.connectionId) && state.phase === 'dialing'
        ? onDialed(ctx, state, event.lastZxid) : { state, effects: [] };
    case 'connectResponse':
      return isCurrent(state, event.connectionId) && state.phase === 'handshaking'
        ? onConnectResponse(ctx, state, event.response, event.nowMs) : { state, effects: [] };
    case 'connectionLost':
      if (!isCurrent(state, event.connectionId)) return { state, effects: [] };
      if (state.phase === 'closing') {
        return becomeEnded(ctx, state, ClientState.CLOSED, Errno.CONNECTIONLOSS, 'client closed');
      }
      return loseConnection(ctx, state, event.nowMs, event.lastHeardMs, event.reason);
    case 'check':
      return onCheck(ctx, state, event);
    case 'authFailed':
      return isCurrent(state, event.connectionId)
        ? becomeEnded(ctx, state, ClientState.AUTH_FAILED, Errno.AUTHFAILED, 'authentication failed')
        : { state, effects: [] };
    case 'close':
      return onClose(ctx, state, event.nowMs);
    case 'rwProbeResult':
      return onRwProbeResult(ctx, state, event);
    case 'closeReplied':
      return isCurrent(state, event.connectionId) && state.phase === 'closing'
        ? becomeEnded(ctx, state, ClientState.CLOSED, Errno.CONNECTIONLOSS, 'client closed')
        : { state, effects: [] };
  }
}
