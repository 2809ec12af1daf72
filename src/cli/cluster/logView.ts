// The view for a non-TTY stdout: one line per change (lifecycle events, status changes, and the election's
// progress whenever it changes). Pure: given the event and the views before and after it.
import { electionProgress } from './electionProgress.js';
import { describeStatus } from './render.js';
import type { ClusterEvent, ClusterView } from './viewState.js';

export function logLines(event: ClusterEvent, before: ClusterView, after: ClusterView): string[] {
  const lines: string[] = [];
  if (event.kind === 'status') lines.push(describeStatus(event.sid, event.status));
  else if (event.kind === 'stderr') lines.push(`peer ${event.sid}: ${event.line}`);
  else if (after.events !== before.events) lines.push(...after.events.slice(-1));
  const progress = electionProgress(after.peers);
  if (progress !== electionProgress(before.peers)) lines.push(`election: ${progress}`);
  return lines;
}
