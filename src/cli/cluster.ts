// `rxzk cluster`: a mini ensemble on 127.0.0.1 with a live view. Writes each peer's zoo.cfg and myid, runs every
// peer as its own `rxzk start` process, shows their election state, and lets the user kill and restart peers.
// Quitting (q, `quit`, Ctrl-C, SIGTERM) stops every peer it started before it exits.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Observable, Subject, Subscription, fromEvent, merge } from 'rxjs';
import { type ClusterArgs, UsageError, clusterUsage, parseClusterArgs } from './cluster/args.js';
import { type ClusterCommand, commandHelp, keyHelp } from './cluster/commands.js';
import { type CommandInput, commands$ } from './cluster/input.js';
import { logLines } from './cluster/logView.js';
import { type PeerPlan, planCluster } from './cluster/plan.js';
import { type RenderContext, renderView } from './cluster/render.js';
import { type ChildCommand, Supervisor } from './cluster/supervisor.js';
import { type TtyOutput, ttyView } from './cluster/ttyView.js';
import { type ClusterEvent, type ClusterView, initialView, reduceView } from './cluster/viewState.js';
import { writePlan } from './cluster/writePlan.js';
import { peerProcessEnv } from './cluster/peerEnv.js';

export type ViewOutput = TtyOutput & { readonly isTTY?: boolean };

export interface ClusterIo {
  /** URL of the rxzk main module the children run (`rxzk start`); defaults to main next to this file. */
  readonly mainUrl?: string;
  readonly stdin?: CommandInput;
  readonly stdout?: ViewOutput;
}

const defaultMainUrl = (): string => new URL(`./main${extname(fileURLToPath(import.meta.url))}`, import.meta.url).href;

export async function clusterCommand(
  args: readonly string[],
  out: (line: string) => void,
  io: ClusterIo = {},
): Promise<number> {
  let parsed: ClusterArgs;
  try {
    parsed = parseClusterArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    out(`rxzk cluster: ${error.message}`);
    out(clusterUsage);
    return 64;
  }
  const dir = parsed.dir === undefined ? await mkdtemp(join(tmpdir(), 'rxzk-cluster-')) : resolve(parsed.dir);
  try {
    const plans = planCluster(parsed, dir);
    await writePlan(plans);
    return await runCluster(parsed, plans, dir, out, io);
  } catch (error) {
    out(`rxzk cluster: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    if (parsed.dir === undefined) await rm(dir, { recursive: true, force: true });
  }
}

function childCommandFor(args: ClusterArgs, mainUrl: string): (plan: PeerPlan) => ChildCommand {
  if (args.peerScript !== undefined) {
    const script = resolve(args.peerScript);
    return (plan) => ({ command: process.execPath, args: [script, plan.cfgPath] });
  }
  const main = fileURLToPath(mainUrl);
  const env = peerProcessEnv(process.env);
  return (plan) => ({
    command: process.execPath,
    args: [...process.execArgv, main, 'start', plan.cfgPath, '--log-level', args.logLevel, '--stop-on-stdin-close'],
    env,
  });
}

async function runCluster(
  args: ClusterArgs,
  plans: readonly PeerPlan[],
  dir: string,
  out: (line: string) => void,
  io: ClusterIo,
): Promise<number> {
  const { stdin = process.stdin, stdout = process.stdout, mainUrl = defaultMainUrl() } = io;
  const supervisor = new Supervisor({ plans, childCommand: childCommandFor(args, mainUrl) });
  // Children must never outlive us: 'exit' runs on process.exit and on an uncaught error (not on a fatal signal,
  // which is why the children also watch their stdin).
  const teardown = new Subscription();
  const killOnExit = (): void => {
    supervisor.killAllNow();
    // Also leave the terminal usable (cooked mode, main screen) if we die on an error.
    teardown.unsubscribe();
  };
  process.on('exit', killOnExit);
  const help = stdin.isTTY === true ? keyHelp : commandHelp;
  const local = new Subject<ClusterEvent>();
  const display = showView(merge(supervisor.events$, local), { plans, dir, help }, out, stdout);
  teardown.add(() => display.close());
  let quitRequested: (() => void) | undefined;
  const quit = new Promise<void>((resolve) => void (quitRequested = resolve));
  const signals = merge(fromEvent(process, 'SIGINT'), fromEvent(process, 'SIGTERM'), fromEvent(process, 'SIGHUP'));
  // The first signal quits gracefully; another one while stopping kills what is left at once.
  const onSignals = signals.subscribe(() => {
    if (quitRequested !== undefined) return quitRequested();
    local.next({ kind: 'message', text: 'second signal: killing every peer now (SIGKILL)' });
    supervisor.killAllNow();
  });
  const onCommands = commands$(stdin, plans.length, display.selected).subscribe((command) =>
    command.kind === 'quit' ? quitRequested?.() : perform(command, supervisor, local, help));
  teardown.add(onCommands);
  for (const plan of plans) supervisor.start(plan.sid);
  await quit;
  quitRequested = undefined;
  onCommands.unsubscribe();
  local.next({ kind: 'message', text: `stopping ${supervisor.pids().length} running peers` });
  await supervisor.stopAll();
  const left = supervisor.pids();
  if (left.length > 0) supervisor.killAllNow();
  display.close();
  onSignals.unsubscribe();
  process.off('exit', killOnExit);
  out(left.length === 0 ? 'rxzk cluster: every peer stopped' : `rxzk cluster: killed leftover pids ${left.join(' ')}`);
  return left.length === 0 ? 0 : 1;
}

interface Display {
  readonly selected: () => number | undefined;
  close(): void;
}

/** The live view on a TTY, or one line per change otherwise. */
function showView(
  events$: Observable<ClusterEvent>,
  context: RenderContext,
  out: (line: string) => void,
  stdout: ViewOutput,
): Display {
  const tty = stdout.isTTY === true ? ttyView(stdout) : undefined;
  let view: ClusterView = initialView(context.plans.length);
  const { plans, dir, help } = context;
  if (tty === undefined) out(`rxzk cluster: ${plans.length} peers on 127.0.0.1, files in ${dir}; ${help}`);
  else tty.show(renderView(view, context));
  const subscription = events$.subscribe((event) => {
    const before = view;
    view = reduceView(before, event);
    if (tty === undefined) for (const line of logLines(event, before, view)) out(line);
    else tty.show(renderView(view, context));
  });
  return {
    selected: () => view.selected,
    close: () => {
      subscription.unsubscribe();
      tty?.close();
    },
  };
}

function perform(command: ClusterCommand, supervisor: Supervisor, local: Subject<ClusterEvent>, help: string): void {
  switch (command.kind) {
    case 'kill':
      return supervisor.kill(command.sid, command.signal);
    case 'start':
      return supervisor.start(command.sid);
    case 'select':
      return local.next({ kind: 'selected', sid: command.sid });
    case 'help':
      return local.next({ kind: 'message', text: help });
    case 'invalid':
      return local.next({ kind: 'message', text: command.reason });
    case 'quit':
      return undefined;
  }
}
