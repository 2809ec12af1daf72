#!/usr/bin/env node
// The `rxzk` command: dispatches to one subcommand and turns its result into an exit code.
import { RXZK_VERSION } from '../version.js';

type Command = (args: readonly string[], out: (line: string) => void) => Promise<number>;

// Each subcommand's module is imported only when it runs: a long-lived `rxzk start` then never initialises the
// cluster view, its child_process and readline, or the status client (in the CommonJS bundle their code stays
// compiled lazily, never run). Literal specifiers keep them in the CLI bundle.
const commands: Record<string, Command> = {
  status: async (args, out) => (await import('./status.js')).statusCommand(args, out),
  start: async (args, out) => (await import('./start.js')).startCommand(args, out),
  // The cluster runs `rxzk start` children through this very module, whether it is main.ts (tsx) or main.js (dist).
  cluster: async (args, out) => (await import('./cluster.js')).clusterCommand(args, out, { mainUrl: import.meta.url }),
};

const usage = `rxzk ${RXZK_VERSION} — ZooKeeper's election and session protocols as RxJS streams

usage:
  rxzk status [host:port]     ask a server (rxzk or ZooKeeper) for its mode and zxid via srvr
  rxzk start <zoo.cfg>        run one peer in the foreground [--log-level L]; stops on Ctrl-C/SIGTERM
  rxzk cluster [--size N]     run N peers on 127.0.0.1 with a live view; kill and restart them, watch re-election
              [--client-port-base 2181] [--quorum-port-base 2888] [--election-port-base 3888] [--dir D]
  rxzk --version`;

export async function main(argv: readonly string[], out: (line: string) => void = console.log): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--version' || name === '-v') {
    out(RXZK_VERSION);
    return 0;
  }
  const command = name === undefined ? undefined : commands[name];
  if (command === undefined) {
    out(usage);
    return name === undefined || name === 'help' || name === '--help' ? 0 : 64;
  }
  return command(args, out);
}

// Run as a program (tsx src/cli/main.ts, node dist/src/cli/main.js, the dist/rxzk.cjs bundle or the rxzk bin), not
// when imported by tests.
const invokedDirectly = process.argv[1] !== undefined && /(?:^|[/\\])(?:main\.[jt]s|rxzk(?:\.[cm]?js)?)$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
