// The pure session reducer, step by step: what it dials, what it sends, and how a session ends.
import { describe, expect, it } from 'vitest';
import {
  initialSessionState, sessionStep, type SessionContext, type SessionEvent, type SessionState,
} from '../../src/client/sessionStep.js';

const ctx: SessionContext = {
  hosts: [{ host: '127.0.0.1', port: 1 }, { host: '127.0.0.2', port: 2 }], sessionTimeoutMs: 10_000,
  canBeReadOnly: true, spinDelayMs: 1000, reconnectJitterMs: 1000, rwProbeIntervalMs: 100, rwProbeIntervalMsMax: 60_000,
  random: () => 0.5,
};

function run(events: SessionEvent[], state: SessionState = initialSessionState()) {
  const effects = [];
  for (const event of events) {
    const result = sessionStep(ctx, state, event);
    state = result.state;
    effects.push(...result.effects);
  }
  return { state, effects };
}

const response = (timeOut: number, readOnly = false) => ({ protocolVersion: 0, timeOut, sessionId: timeOut > 0 ? 5n : 0n,
  passwd: new Uint8Array(16).fill(1), readOnly });

describe('sessionStep', () => {
  it('first dial has no delay and a connect timeout of sessionTimeout / hosts; the handshake is a fresh session', () => {
    const { effects } = run([{ kind: 'start', nowMs: 0 }, { kind: 'dialed', connectionId: 1, nowMs: 3, lastZxid: 7n }]);
    expect(effects[0]).toEqual({ kind: 'dial', connectionId: 1, host: ctx.hosts[0], delayMs: 0, timeoutMs: 5000 });
    expect(effects[2]).toMatchObject({ kind: 'sendConnect', request: { lastZxidSeen: 7n, timeOut: 10_000,
      sessionId: 0n, readOnly: true } });
  });

  it('a read-only server gives CONNECTEDREADONLY and the next handshake still asks for a new session', () => {
    const { state, effects } = run([
      { kind: 'start', nowMs: 0 }, { kind: 'dialed', connectionId: 1, nowMs: 0, lastZxid: 0n },
      { kind: 'connectResponse', connectionId: 1, nowMs: 1, response: response(10_000, true) },
      { kind: 'connectionLost', connectionId: 1, nowMs: 5, lastHeardMs: 5, reason: 'eof' },
      { kind: 'dialed', connectionId: 2, nowMs: 600, lastZxid: 0n },
    ]);
    expect(effects.filter((e) => e.kind === 'state').map((e) => e.kind === 'state' && e.state))
      .toEqual(['CONNECTEDREADONLY', 'SUSPENDED']);
    expect(effects.at(-1)).toMatchObject({ kind: 'sendConnect', request: { sessionId: 0n } });
    expect(state.phase).toBe('handshaking');
  });

  it('timeOut 0 ends the session as EXPIRED and fails requests with SESSIONEXPIRED', () => {
    const { state, effects } = run([
      { kind: 'start', nowMs: 0 }, { kind: 'dialed', connectionId: 1, nowMs: 0, lastZxid: 0n },
      { kind: 'connectResponse', connectionId: 1, nowMs: 1, response: response(0) },
    ]);
    expect(state.phase).toBe('ended');
    expect(effects).toContainEqual({ kind: 'failRequests', errno: -112, reason: 'the server says the session expired' });
    expect(effects.at(-1)).toEqual({ kind: 'ended', state: 'EXPIRED' });
  });

  it('AUTH_FAILED is terminal and stale events of old connections are ignored', () => {
    const { state, effects } = run([
      { kind: 'start', nowMs: 0 }, { kind: 'dialed', connectionId: 1, nowMs: 0, lastZxid: 0n },
      { kind: 'connectResponse', connectionId: 1, nowMs: 1, response: response(10_000) },
      { kind: 'authFailed', connectionId: 1, nowMs: 2 },
      { kind: 'connectionLost', connectionId: 1, nowMs: 3, lastHeardMs: 3, reason: 'eof' },
    ]);
    expect(state.publicState).toBe('AUTH_FAILED');
    expect(effects.filter((e) => e.kind === 'dial')).toHaveLength(1);
  });

  it('read-only: the first check due probes the next host; a stale or negative answer moves nowhere', () => {
    const readOnly = [
      { kind: 'start', nowMs: 0 }, { kind: 'dialed', connectionId: 1, nowMs: 0, lastZxid: 0n },
      { kind: 'connectResponse', connectionId: 1, nowMs: 1, response: response(10_000, true) },
    ] satisfies SessionEvent[];
    const connected = run(readOnly);
    expect(connected.effects.at(-1)).toEqual({ kind: 'armCheck', atMs: 101 });
    const probed = run([{ kind: 'check', nowMs: 101, lastHeardMs: 1, lastSentMs: 1 }], connected.state);
    expect(probed.effects[0]).toEqual({ kind: 'probeRw', connectionId: 1, hostIndex: 1, host: ctx.hosts[1],
      timeoutMs: 1000 });
    expect(probed.state.rwProbeAtMs).toBe(301);
    // While the probe is out, checks do not start another one.
    const busy = run([{ kind: 'check', nowMs: 400, lastHeardMs: 399, lastSentMs: 399 }], probed.state);
    expect(busy.effects.filter((e) => e.kind === 'probeRw')).toEqual([]);
    const stale = run([{ kind: 'rwProbeResult', connectionId: 0, hostIndex: 1, nowMs: 402, readWrite: true }],
      busy.state);
    expect(stale.effects).toEqual([]);
    const no = run([{ kind: 'rwProbeResult', connectionId: 1, hostIndex: 1, nowMs: 402, readWrite: false }],
      busy.state);
    expect(no.effects).toEqual([{ kind: 'armCheck', atMs: 402 }]);
    expect(no.state.rwProbeInFlight).toBe(false);
  });

  it('a read-write answer leaves the read-only server for that host, SUSPENDED in between', () => {
    const { state, effects } = run([
      { kind: 'start', nowMs: 0 }, { kind: 'dialed', connectionId: 1, nowMs: 0, lastZxid: 0n },
      { kind: 'connectResponse', connectionId: 1, nowMs: 1, response: response(10_000, true) },
      { kind: 'check', nowMs: 101, lastHeardMs: 1, lastSentMs: 1 },
      { kind: 'rwProbeResult', connectionId: 1, hostIndex: 1, nowMs: 103, readWrite: true },
    ]);
    expect(effects.filter((e) => e.kind === 'state').map((e) => e.kind === 'state' && e.state))
      .toEqual(['CONNECTEDREADONLY', 'SUSPENDED']);
    expect(effects).toContainEqual({ kind: 'drop', connectionId: 1, reason: 'read-write server 127.0.0.2:2 found' });
    // Jitter (random 0.5 of 1000 ms) as for any reconnect, but no spin: the host was just found alive.
    expect(effects).toContainEqual({ kind: 'dial', connectionId: 2, host: ctx.hosts[1], delayMs: 500, timeoutMs: 5000 });
    expect(state.rwProbeAtMs).toBe(Number.POSITIVE_INFINITY);
  });

  it('close while connected sends closeSession, and its reply ends the session as CLOSED', () => {
    const { effects } = run([
      { kind: 'start', nowMs: 0 }, { kind: 'dialed', connectionId: 1, nowMs: 0, lastZxid: 0n },
      { kind: 'connectResponse', connectionId: 1, nowMs: 1, response: response(10_000) },
      { kind: 'close', nowMs: 2 }, { kind: 'closeReplied', connectionId: 1 },
    ]);
    expect(effects.map((e) => e.kind)).toContain('sendCloseSession');
    expect(effects.at(-1)).toEqual({ kind: 'ended', state: 'CLOSED' });
  });
});
