// The live view as text: a header, one row per peer, the election's progress, recent events and the key help.
// Pure (view in, lines out), so the TTY redraw and the tests see the same text.
import { electionProgress } from './electionProgress.js';
import type { PeerPlan } from './plan.js';
import type { StatusLine } from './statusLine.js';
import { type ClusterView, type PeerView, describeExit } from './viewState.js';

export interface RenderContext {
  readonly plans: readonly PeerPlan[];
  readonly dir: string;
  readonly help: string;
}

const columns = [
  ['peer', 5], ['pid', 8], ['state', 10], ['vote', 15], ['leader', 7], ['epoch', 6], ['round', 6],
  ['elected in', 11], ['conns', 6], ['client', 7], ['quorum', 7], ['election', 8],
] as const;

export function renderView(view: ClusterView, context: RenderContext): string[] {
  const header = columns.map(([name, width]) => name.padEnd(width)).join(' ').trimEnd();
  const rows = view.peers.map((peer) => renderRow(peer, view.selected, context.plans));
  return [
    `rxzk cluster: ${view.peers.length} peers on 127.0.0.1, files in ${context.dir}`,
    '',
    header,
    ...rows,
    '',
    `election: ${electionProgress(view.peers)}`,
    '',
    ...view.events.map((e) => `  ${e}`),
    '',
    context.help,
  ];
}

function renderRow(peer: PeerView, selected: number | undefined, plans: readonly PeerPlan[]): string {
  const plan = plans.find((p) => p.sid === peer.sid);
  const marker = selected === peer.sid ? '>' : ' ';
  const head = [`${marker}${peer.sid}`, peer.pid === undefined || !peer.running ? '-' : String(peer.pid)];
  const ports = [plan?.clientPort, plan?.quorumPort, plan?.electionPort].map((p) => String(p ?? '-'));
  const status = statusCells(peer);
  // A peer without a status says why in one cell spanning the status columns, so the port columns stay aligned.
  const cells = typeof status === 'string' ? [...head, status, ...ports] : [...head, ...status, ...ports];
  const widths = typeof status === 'string' ? [...widthsOf(0, 2), spanWidth, ...widthsOf(9, 12)] : widthsOf(0, 12);
  const row = cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' ').trimEnd();
  const note = !peer.running && peer.lastError !== undefined ? `  (${peer.lastError.slice(0, 60)})` : '';
  return row + note;
}

const widthsOf = (from: number, to: number): number[] => columns.slice(from, to).map(([, width]) => width);
/** The state .. conns columns and the spaces between them. */
const spanWidth = widthsOf(2, 9).reduce((sum, w) => sum + w + 1, -1);

/** state, vote, leader, epoch, round, elected in, conns; or one text when there is no status to show. */
function statusCells(peer: PeerView): string[] | string {
  if (!peer.running) {
    if (peer.exit !== undefined) return `stopped (${describeExit(peer.exit)})`;
    return peer.starts === 0 ? 'not started' : 'starting';
  }
  const s = peer.status;
  if (s === undefined) return 'starting';
  const epochs = [s.peerEpoch.toString(), s.electionEpoch.toString()];
  return [s.state, describeVote(s), optional(s.leader), ...epochs, elapsed(s), String(s.connections)];
}

export function describeVote(s: StatusLine): string {
  if (s.voteLeader === undefined) return '-';
  return s.voteZxid === undefined ? s.voteLeader.toString() : `${s.voteLeader} 0x${s.voteZxid.toString(16)}`;
}

function optional(value: bigint | undefined): string {
  return value === undefined ? '-' : value.toString();
}

function elapsed(s: StatusLine): string {
  return s.lastElectionMs === undefined ? '-' : `${s.lastElectionMs} ms`;
}

/** One line per status change for a log-style (non-TTY) view. */
export function describeStatus(sid: number, s: StatusLine): string {
  const leader = s.leader === undefined ? '' : ` leader=${s.leader}`;
  const took = s.lastElectionMs === undefined ? '' : ` elected in ${s.lastElectionMs} ms`;
  const vote = describeVote(s).replace(' ', '/');
  const epochs = `epoch=${s.peerEpoch} round=${s.electionEpoch}`;
  return `peer ${sid} ${s.state}${leader} vote=${vote} ${epochs}${took} conns=${s.connections}`;
}
