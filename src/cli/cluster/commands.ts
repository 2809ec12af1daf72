// What a user can ask of the running cluster, from stdin lines (`kill N`, `kill -9 N`, `start N`, `quit`) or from
// single keys on a TTY. `kill N` stops a peer gracefully (SIGTERM, like zkServer.sh stop); `kill -9 N` crashes it
// (SIGKILL). Pure parsers.

export type KillSignal = 'SIGTERM' | 'SIGKILL';

export type ClusterCommand =
  | { readonly kind: 'kill'; readonly sid: number; readonly signal: KillSignal }
  | { readonly kind: 'start'; readonly sid: number }
  | { readonly kind: 'select'; readonly sid: number }
  | { readonly kind: 'quit' }
  | { readonly kind: 'help' }
  | { readonly kind: 'invalid'; readonly reason: string };

export const commandHelp = 'commands: kill N (SIGTERM) | kill -9 N (SIGKILL) | start N | quit';
export const keyHelp =
  'keys: 1-9 select a peer, k stop it (SIGTERM), K crash it (SIGKILL), s start it, q or Ctrl-C quit';

export function parseCommandLine(line: string, size: number): ClusterCommand | undefined {
  const words = line.trim().split(/\s+/).filter((w) => w !== '');
  const [verb, ...rest] = words;
  if (verb === undefined) return undefined;
  switch (verb.toLowerCase()) {
    case 'quit':
    case 'exit':
    case 'q':
      return rest.length === 0 ? { kind: 'quit' } : invalid(`'${verb}' takes no arguments`);
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'kill':
    case 'stop':
      return parseKill(rest, size);
    case 'start':
      if (rest.length !== 1) return invalid('usage: start N');
      return withSid(rest[0] ?? '', size, (sid) => ({ kind: 'start', sid }));
    default:
      return invalid(`unknown command '${verb}' (${commandHelp})`);
  }
}

function parseKill(rest: readonly string[], size: number): ClusterCommand {
  const [first, second] = rest;
  if (rest.length === 1) return withSid(first ?? '', size, (sid) => ({ kind: 'kill', sid, signal: 'SIGTERM' }));
  if (rest.length === 2 && (first === '-9' || first === '-KILL')) {
    return withSid(second ?? '', size, (sid) => ({ kind: 'kill', sid, signal: 'SIGKILL' }));
  }
  return invalid('usage: kill N | kill -9 N');
}

function withSid(text: string, size: number, make: (sid: number) => ClusterCommand): ClusterCommand {
  if (!/^\d{1,2}$/.test(text)) return invalid(`'${text}' is not a peer number (1..${size})`);
  const sid = Number(text);
  return sid >= 1 && sid <= size ? make(sid) : invalid(`no peer ${sid}: peers are 1..${size}`);
}

function invalid(reason: string): ClusterCommand {
  return { kind: 'invalid', reason };
}

/** One key press on a TTY in raw mode. Ctrl-C arrives as \u0003 because raw mode turns off the terminal's SIGINT. */
export function commandForKey(key: string, selected: number | undefined, size: number): ClusterCommand | undefined {
  if (key === 'q' || key === '\u0003' || key === '\u0004') return { kind: 'quit' };
  if (key === '?' || key === 'h') return { kind: 'help' };
  if (/^[1-9]$/.test(key)) {
    const sid = Number(key);
    return sid <= size ? { kind: 'select', sid } : invalid(`no peer ${sid}: peers are 1..${size}`);
  }
  if (key !== 'k' && key !== 'K' && key !== 's') return undefined;
  if (selected === undefined) return invalid('select a peer first (1-9)');
  if (key === 's') return { kind: 'start', sid: selected };
  return { kind: 'kill', sid: selected, signal: key === 'K' ? 'SIGKILL' : 'SIGTERM' };
}
