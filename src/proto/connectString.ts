// Parses a client connect string, `host[:port],host[:port]...[/chroot]`, the way ZooKeeper's ConnectStringParser
// does: everything from the first '/' is the chroot ("/" alone means none), entries are trimmed and empty ones
// skipped, IPv6 literals go in brackets, and a missing or empty port means 2181. Unlike Java, which prints and skips
// a malformed bracketed entry, every malformed entry and an empty host list is a ConfigError here.
import { ConfigError } from '../errors.js';
import { invalidPathReason } from './path.js';

export const DEFAULT_CLIENT_PORT = 2181;

export interface ServerAddress {
  readonly host: string;
  readonly port: number;
}

export interface ConnectString {
  readonly servers: readonly ServerAddress[];
  /** Undefined when there is no chroot. */
  readonly chrootPath: string | undefined;
}

function fail(text: string, reason: string): never {
  throw new ConfigError('CONNECT_STRING', `invalid connect string "${text}": ${reason}`);
}

function parsePort(entry: string, text: string): number {
  if (entry === '') return DEFAULT_CLIENT_PORT;
  const port = /^[+-]?\d{1,10}$/.test(entry) ? Number(entry) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(text, `port "${entry}" is not 0..65535`);
  return port;
}

function parseBracketed(entry: string, text: string): ServerAddress {
  const close = entry.lastIndexOf(']');
  if (close < 0) fail(text, `${entry} starts with '[' but has no matching ']'`);
  const host = entry.slice(1, close);
  if (host === '') fail(text, `${entry} has an empty host`);
  const rest = entry.slice(close + 1);
  if (rest === '') return { host, port: DEFAULT_CLIENT_PORT };
  if (!rest.startsWith(':')) fail(text, `${entry} does not have : after ]`);
  if (rest === ':') fail(text, `${entry} doesn't have a port after colon`);
  return { host, port: parsePort(rest.slice(1), text) };
}

function parseServer(entry: string, text: string): ServerAddress {
  if (entry.startsWith('[')) return parseBracketed(entry, text);
  const colon = entry.lastIndexOf(':');
  const host = colon < 0 ? entry : entry.slice(0, colon);
  if (host === '') fail(text, `${entry} has an empty host`);
  return { host, port: colon < 0 ? DEFAULT_CLIENT_PORT : parsePort(entry.slice(colon + 1), text) };
}

function parseChroot(chroot: string, text: string): string | undefined {
  if (chroot === '' || chroot === '/') return undefined;
  const reason = invalidPathReason(chroot);
  if (reason !== undefined) fail(text, `chroot ${reason}`);
  return chroot;
}

export function parseConnectString(text: string): ConnectString {
  const slash = text.indexOf('/');
  const hosts = slash < 0 ? text : text.slice(0, slash);
  const chrootPath = parseChroot(slash < 0 ? '' : text.slice(slash), text);
  const entries = hosts.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (entries.length === 0) fail(text, 'no servers');
  return { servers: entries.map((entry) => parseServer(entry, text)), chrootPath };
}
