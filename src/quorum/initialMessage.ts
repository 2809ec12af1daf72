// The initial (identification) message a dialler sends on an election connection (quorum-wire.md §3): encode, and
// an incremental push parser that validates as ZooKeeper 3.8's acceptor does and hands back the bytes that follow,
// so frame decoding continues from them. Pure: no sockets, no clocks.
//
// Grammar:   legacy := sid:int64 (>= 0)
//            v1/v2  := version:int64 (-65536 | -65535)  sid:int64  n:int32 (1..2048)  address:utf8[n]
//            address := piece ('|' piece)*      piece := host ':' port | '[' v6host ']' ':' port
import { ConfigError, ProtocolError } from '../errors.js';
import { formatHostPort, isWildcardHost } from '../config/hostAddress.js';
import { parseJavaInt } from '../config/javaNumbers.js';
import { javaSplit } from '../config/javaSplit.js';
import { ADDRESS_BYTES_MAX, INITIAL_MESSAGE_HEADER_BYTES, PROTOCOL_VERSION_V1, PROTOCOL_VERSION_V2 } from './constants.js';

export interface ElectionAddress {
  readonly host: string;
  readonly port: number;
}

export const InitialMessageKind = { legacy: 'legacy', v1: 'v1', v2: 'v2' } as const;
export type InitialMessageKind = (typeof InitialMessageKind)[keyof typeof InitialMessageKind];

export interface InitialMessage {
  readonly kind: InitialMessageKind;
  readonly sid: bigint;
  /** Non-wildcard addresses the sender advertised (none for the legacy form, or when all were wildcards). */
  readonly addresses: readonly ElectionAddress[];
}

export const InitialMessageErrorCode = {
  badVersion: 'QUORUM_INITIAL_BAD_VERSION',
  badLength: 'QUORUM_INITIAL_BAD_LENGTH',
  badAddress: 'QUORUM_INITIAL_BAD_ADDRESS',
} as const;

export type InitialMessageParse =
  | { readonly kind: 'pending' }
  | { readonly kind: 'parsed'; readonly message: InitialMessage; readonly rest: Uint8Array }
  | { readonly kind: 'invalid'; readonly error: ProtocolError };

const LONG_BYTES = 8;
const PORT_MAX = 65_535;

export interface EncodeInitialMessageConfig {
  readonly sid: bigint;
  readonly addresses: readonly ElectionAddress[];
  /** V2 (all addresses, `|`-joined) instead of V1 (the first address); only for multiAddress.enabled peers. */
  readonly multiAddress?: boolean;
}

/** The whole message as one buffer, so it goes out in one write (3.8's acceptor reads the address in one read()). */
export function encodeInitialMessage(config: EncodeInitialMessageConfig): Uint8Array {
  const { sid, addresses, multiAddress = false } = config;
  const advertised = multiAddress ? addresses : addresses.slice(0, 1);
  if (advertised.length === 0) throw new ConfigError('QUORUM_NO_ADDRESS', `server ${sid} has no election address`);
  for (const address of advertised) assertAdvertisable(address);
  const text = new TextEncoder().encode(advertised.map(formatHostPort).join('|'));
  if (text.length > ADDRESS_BYTES_MAX) {
    throw new ConfigError('QUORUM_ADDRESS_TOO_LONG', `election address text is ${text.length} bytes, max ${ADDRESS_BYTES_MAX}`);
  }
  const bytes = new Uint8Array(INITIAL_MESSAGE_HEADER_BYTES + text.length);
  const view = new DataView(bytes.buffer);
  view.setBigInt64(0, multiAddress ? PROTOCOL_VERSION_V2 : PROTOCOL_VERSION_V1);
  view.setBigInt64(LONG_BYTES, sid);
  view.setInt32(2 * LONG_BYTES, text.length);
  bytes.set(text, INITIAL_MESSAGE_HEADER_BYTES);
  return bytes;
}

/** The legacy bare-sid form (3.4 and older). Only for tests: nothing should send it any more. */
export function encodeLegacyInitialMessage(sid: bigint): Uint8Array {
  const bytes = new Uint8Array(LONG_BYTES);
  new DataView(bytes.buffer).setBigInt64(0, sid);
  return bytes;
}

function assertAdvertisable(address: ElectionAddress): void {
  // A receiver silently drops a wildcard, and a bad port crashes a 3.8 listener thread (quorum-wire.md §3.5 6).
  if (isWildcardHost(address.host) || address.host === '' || !Number.isInteger(address.port) || address.port < 0 ||
    address.port > PORT_MAX) {
    throw new ConfigError('QUORUM_BAD_ADVERTISED_ADDRESS', `cannot advertise election address ${formatHostPort(address)}`);
  }
}

/**
 * Push machine for the acceptor side. Unlike 3.8, which gives up when the address is not in its first read(), this
 * waits for the declared bytes (the shell bounds the wait with the handshake timeout); every other check is 3.8's.
 */
export class InitialMessageParser {
  private readonly buffer = new Uint8Array(INITIAL_MESSAGE_HEADER_BYTES + ADDRESS_BYTES_MAX);
  private filled = 0;
  private needed = LONG_BYTES;
  private done = false;

  /** Bytes held while the message is incomplete. */
  get bufferedBytes(): number {
    return this.filled;
  }

  push(chunk: Uint8Array): InitialMessageParse {
    if (this.done) throw new Error('InitialMessageParser already finished');
    let offset = 0;
    for (;;) {
      const n = Math.min(this.needed - this.filled, chunk.length - offset);
      this.buffer.set(chunk.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled < this.needed) return { kind: 'pending' };
      const outcome = this.advance();
      if (outcome === undefined) continue;
      this.done = true;
      return outcome.kind === 'invalid' ? outcome : { kind: 'parsed', message: outcome.message, rest: chunk.subarray(offset) };
    }
  }

  /** Called when `needed` bytes are in: raises `needed`, or finishes. */
  private advance(): { kind: 'parsed'; message: InitialMessage } | { kind: 'invalid'; error: ProtocolError } | undefined {
    const view = new DataView(this.buffer.buffer);
    const version = view.getBigInt64(0);
    if (this.needed === LONG_BYTES) {
      if (version >= 0n) return { kind: 'parsed', message: { kind: 'legacy', sid: version, addresses: [] } };
      if (version !== PROTOCOL_VERSION_V1 && version !== PROTOCOL_VERSION_V2) {
        return invalid(InitialMessageErrorCode.badVersion, `unrecognized protocol version ${version}`);
      }
      this.needed = INITIAL_MESSAGE_HEADER_BYTES;
      return undefined;
    }
    const length = view.getInt32(2 * LONG_BYTES);
    if (this.needed === INITIAL_MESSAGE_HEADER_BYTES) {
      if (length <= 0 || length > ADDRESS_BYTES_MAX) {
        return invalid(InitialMessageErrorCode.badLength, `initial message address length ${length} outside 1..${ADDRESS_BYTES_MAX}`);
      }
      this.needed = INITIAL_MESSAGE_HEADER_BYTES + length;
      return undefined;
    }
    const text = new TextDecoder().decode(this.buffer.subarray(INITIAL_MESSAGE_HEADER_BYTES, this.needed));
    const addresses = parseAddressList(text);
    if (addresses instanceof ProtocolError) return { kind: 'invalid', error: addresses };
    const kind = version === PROTOCOL_VERSION_V1 ? InitialMessageKind.v1 : InitialMessageKind.v2;
    return { kind: 'parsed', message: { kind, sid: view.getBigInt64(LONG_BYTES), addresses } };
  }
}

function invalid(code: string, message: string): { kind: 'invalid'; error: ProtocolError } {
  return { kind: 'invalid', error: new ProtocolError(code, message) };
}

/** One-shot parse of a complete buffer; `pending` when it is too short. */
export function parseInitialMessage(bytes: Uint8Array): InitialMessageParse {
  return new InitialMessageParser().push(bytes);
}

/** 3.8 splits on `|` under both versions; wildcard pieces are dropped, any bad piece rejects the whole message. */
export function parseAddressList(text: string): ElectionAddress[] | ProtocolError {
  const addresses: ElectionAddress[] = [];
  for (const piece of javaSplit(text, '|')) {
    const parts = hostAndPort(piece);
    const badlyFormed = (): ProtocolError =>
      new ProtocolError(InitialMessageErrorCode.badAddress, `badly formed address: ${JSON.stringify(piece)}`);
    if (parts === undefined || parts.length !== 2) return badlyFormed();
    const [host = '', portText = ''] = parts;
    const port = parsePort(portText);
    if (port === undefined) return badlyFormed();
    if (!isWildcardHost(host)) addresses.push({ host, port });
  }
  return addresses;
}

/** ConfigUtils.getHostAndPort; undefined where Java throws. The char after `]` is skipped unchecked, as in Java. */
function hostAndPort(piece: string): string[] | undefined {
  if (!piece.startsWith('[')) return javaSplit(piece, ':');
  const close = piece.indexOf(']');
  if (close < 0 || close + 2 === piece.length) return undefined;
  if (close + 2 < piece.length) return [piece.slice(1, close), ...javaSplit(piece.slice(close + 2), ':')];
  return [piece.replace(/\[|\]/g, '')];
}

/** Integer.parseInt, plus the 0..65535 range check 3.8 lacks (there a bad port kills the listener thread). */
function parsePort(text: string): number | undefined {
  let port: number;
  try {
    port = parseJavaInt(text);
  } catch {
    return undefined;
  }
  return port >= 0 && port <= PORT_MAX ? port : undefined;
}
