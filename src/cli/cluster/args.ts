// `rxzk cluster` arguments: parsing and validation into a plain ClusterArgs, with messages a user can act on.
// Pure: no IO; the caller prints the error and the usage text.
import { RxzkError } from '../../errors.js';

export const clusterLimits = {
  sizeMax: 9,
  portMax: 65_535,
  argsMax: 64,
} as const;

export interface ClusterArgs {
  readonly size: number;
  readonly clientPortBase: number;
  readonly quorumPortBase: number;
  readonly electionPortBase: number;
  /** Where the peers' zoo.cfg and data go; undefined = a fresh temp directory removed on exit. */
  readonly dir: string | undefined;
  /** Run `node <peerScript> <zoo.cfg>` per peer instead of `rxzk start` (tests use a stub peer). */
  readonly peerScript: string | undefined;
  readonly logLevel: string;
}

export class UsageError extends RxzkError {
  override readonly name = 'UsageError';
  constructor(message: string) {
    super('USAGE', message);
  }
}

export const clusterUsage = `usage: rxzk cluster [--size N] [--client-port-base P] [--quorum-port-base P]
                    [--election-port-base P] [--dir D] [--log-level L]
  runs N peers (1..${clusterLimits.sizeMax}, default 3) on 127.0.0.1; peer i uses base + i - 1 on each port
  (defaults 2181, 2888, 3888); --dir keeps zoo.cfg and data there (default: a temp dir removed on exit)`;

export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

const defaults: ClusterArgs = {
  size: 3,
  clientPortBase: 2181,
  quorumPortBase: 2888,
  electionPortBase: 3888,
  dir: undefined,
  peerScript: undefined,
  logLevel: 'info',
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Splits `--name=value` and `--name value` forms into pairs; every flag here takes a value. */
export function flagPairs(args: readonly string[]): Array<[string, string]> {
  if (args.length > clusterLimits.argsMax) throw new UsageError(`too many arguments (${args.length})`);
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument '${arg}'`);
    const eq = arg.indexOf('=');
    if (eq > 0) {
      pairs.push([arg.slice(0, eq), arg.slice(eq + 1)]);
      continue;
    }
    const value = args[i + 1];
    if (value === undefined) throw new UsageError(`${arg} needs a value`);
    pairs.push([arg, value]);
    i += 1;
  }
  return pairs;
}

export function parseClusterArgs(args: readonly string[]): ClusterArgs {
  const result: Mutable<ClusterArgs> = { ...defaults };
  for (const [flag, value] of flagPairs(args)) {
    switch (flag) {
      case '--size':
        result.size = integer(flag, value, 1, clusterLimits.sizeMax);
        break;
      case '--client-port-base':
        result.clientPortBase = integer(flag, value, 1, clusterLimits.portMax);
        break;
      case '--quorum-port-base':
        result.quorumPortBase = integer(flag, value, 1, clusterLimits.portMax);
        break;
      case '--election-port-base':
        result.electionPortBase = integer(flag, value, 1, clusterLimits.portMax);
        break;
      case '--dir':
        result.dir = nonEmpty(flag, value);
        break;
      case '--peer-script':
        result.peerScript = nonEmpty(flag, value);
        break;
      case '--log-level':
        result.logLevel = logLevel(value);
        break;
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  checkPortRanges(result);
  return result;
}

export function logLevel(value: string): string {
  if (!(logLevels as readonly string[]).includes(value)) {
    throw new UsageError(`--log-level must be one of ${logLevels.join(', ')}, got '${value}'`);
  }
  return value;
}

function integer(flag: string, value: string, min: number, max: number): number {
  if (!/^\d{1,6}$/.test(value)) throw new UsageError(`${flag} must be a whole number, got '${value}'`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`${flag} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function nonEmpty(flag: string, value: string): string {
  if (value.trim() === '') throw new UsageError(`${flag} must not be empty`);
  return value;
}

/** Each kind of port takes `size` consecutive ports; they must fit below 65536 and never overlap. */
function checkPortRanges(args: ClusterArgs): void {
  const ranges = [
    ['--client-port-base', args.clientPortBase],
    ['--quorum-port-base', args.quorumPortBase],
    ['--election-port-base', args.electionPortBase],
  ] as const;
  for (const [flag, base] of ranges) {
    const last = base + args.size - 1;
    if (last > clusterLimits.portMax) {
      const why = `needs ports up to ${last}, above ${clusterLimits.portMax}`;
      throw new UsageError(`${flag} ${base} with --size ${args.size} ${why}`);
    }
  }
  for (const [flagA, a] of ranges) {
    for (const [flagB, b] of ranges) {
      if (flagA < flagB && a < b + args.size && b < a + args.size) {
        throw new UsageError(`${flagA} ${a} and ${flagB} ${b} overlap for ${args.size} peers`);
      }
    }
  }
}
