// What the live view knows: per peer its process and latest reported status, plus a short log of recent events.
// A pure reducer over supervisor and user events; render.ts turns it into text.
import type { StatusLine } from './statusLine.js';

export const viewLimits = { eventsMax: 8 } as const;

export interface PeerExit {
  readonly code: number | null;
  readonly signal: string | null;
}

export interface PeerView {
  readonly sid: number;
  readonly pid: number | undefined;
  readonly running: boolean;
  readonly status: StatusLine | undefined;
  readonly exit: PeerExit | undefined;
  readonly starts: number;
  readonly lastError: string | undefined;
}

export interface ClusterView {
  readonly peers: readonly PeerView[];
  readonly selected: number | undefined;
  readonly events: readonly string[];
}

export type ClusterEvent =
  | { readonly kind: 'spawned'; readonly sid: number; readonly pid: number }
  | { readonly kind: 'spawnFailed'; readonly sid: number; readonly reason: string }
  | { readonly kind: 'status'; readonly sid: number; readonly status: StatusLine }
  | { readonly kind: 'stderr'; readonly sid: number; readonly line: string }
  | { readonly kind: 'exited'; readonly sid: number; readonly exit: PeerExit }
  | { readonly kind: 'selected'; readonly sid: number }
  | { readonly kind: 'message'; readonly text: string };

export function initialView(size: number): ClusterView {
  const peers = Array.from({ length: size }, (_, i): PeerView => ({
    sid: i + 1, pid: undefined, running: false, status: undefined, exit: undefined, starts: 0, lastError: undefined,
  }));
  return { peers, selected: undefined, events: [] };
}

export function reduceView(view: ClusterView, event: ClusterEvent): ClusterView {
  switch (event.kind) {
    case 'spawned':
      return updatePeer(view, event.sid, (p) => ({
        ...p, pid: event.pid, running: true, status: undefined, exit: undefined, starts: p.starts + 1,
        lastError: undefined,
      }), `peer ${event.sid} started (pid ${event.pid})`);
    case 'spawnFailed':
      return updatePeer(view, event.sid, (p) => ({ ...p, lastError: event.reason }),
        `peer ${event.sid} failed to start: ${event.reason}`);
    case 'status':
      return updatePeer(view, event.sid, (p) => ({ ...p, status: event.status }));
    case 'stderr':
      return updatePeer(view, event.sid, (p) => ({ ...p, lastError: event.line }));
    case 'exited':
      return updatePeer(view, event.sid, (p) => ({ ...p, running: false, exit: event.exit }),
        `peer ${event.sid} exited (${describeExit(event.exit)})`);
    case 'selected':
      return { ...view, selected: event.sid };
    case 'message':
      return withEvent(view, event.text);
  }
}

export function describeExit(exit: PeerExit): string {
  return exit.signal !== null ? `signal ${exit.signal}` : `code ${exit.code ?? '?'}`;
}

function updatePeer(view: ClusterView, sid: number, change: (peer: PeerView) => PeerView, text?: string): ClusterView {
  const peers = view.peers.map((p) => (p.sid === sid ? change(p) : p));
  const next = { ...view, peers };
  return text === undefined ? next : withEvent(next, text);
}

function withEvent(view: ClusterView, text: string): ClusterView {
  return { ...view, events: [...view.events, text].slice(-viewLimits.eventsMax) };
}
