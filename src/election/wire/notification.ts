// Election notification codec (fle.md §2). Every notification shares a 28-byte head:
//   int state | long leader | long zxid | long electionEpoch
// then, by total length: 28 = nothing more (peerEpoch from the zxid); 36 = long peerEpoch (3.4.0-3.4.5, dropped as
// malformed by 3.8); 40 = long peerEpoch, int version (read as version 0, the 3.8 quirk); otherwise
//   long peerEpoch | int version | (version > 1:) int configLength | configLength bytes of UTF-8 config text.
// We always send version 2. Decoding never throws: a malformed frame comes back as a reason to log and drop. The
// config text is returned as text; readNotification.ts interprets it.

/** Wire ordinals of the server states: the array index is the ordinal. */
export const serverStateOrdinals = ['LOOKING', 'FOLLOWING', 'LEADING', 'OBSERVING'] as const;
export type WireState = (typeof serverStateOrdinals)[number];

/** The fields every notification carries, as we send them. */
export interface NotificationFields {
  readonly state: WireState;
  readonly leader: bigint;
  readonly zxid: bigint;
  readonly electionEpoch: bigint;
  readonly peerEpoch: bigint;
}

/** A decoded notification; `sid` comes from the connection, `configText` only from version 2 frames. */
export interface DecodedNotification extends NotificationFields {
  readonly sid: bigint;
  readonly version: number;
  readonly configText: string | null;
}

export const NOTIFICATION_VERSION = 2;
export const HEAD_BYTES = 28;
export const V1_BYTES = 40;
export const V2_HEAD_BYTES = 44;

export type DecodeResult =
  | { readonly ok: true; readonly notification: DecodedNotification }
  | { readonly ok: false; readonly reason: string };

const utf8Decoder = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

const malformed = (reason: string): DecodeResult => ({ ok: false, reason });

export function decodeNotification(sid: bigint, payload: Uint8Array): DecodeResult {
  const cap = payload.length;
  if (cap < HEAD_BYTES) return malformed(`short notification: ${cap} bytes`);
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const ordinal = view.getInt32(0);
  const state = serverStateOrdinals[ordinal];
  if (state === undefined) return malformed(`unknown state ordinal ${ordinal}`);
  const head = { sid, state, leader: view.getBigInt64(4), zxid: view.getBigInt64(12), electionEpoch: view.getBigInt64(20) };
  if (cap === HEAD_BYTES) return ok({ ...head, peerEpoch: head.zxid >> 32n, version: 0, configText: null });
  if (cap < 36) return malformed(`partial notification: ${cap} bytes`);
  const peerEpoch = view.getBigInt64(28);
  if (cap === V1_BYTES) return ok({ ...head, peerEpoch, version: 0, configText: null });
  if (cap < V1_BYTES) return malformed(`partial notification: ${cap} bytes, no version`);
  const version = view.getInt32(36);
  if (version <= 1) return ok({ ...head, peerEpoch, version, configText: null });
  if (cap < V2_HEAD_BYTES) return malformed(`partial notification: ${cap} bytes, no config length`);
  const configLength = view.getInt32(40);
  if (configLength < 0 || configLength > cap) return malformed(`invalid config length ${configLength} in ${cap} bytes`);
  if (V2_HEAD_BYTES + configLength > cap) return malformed(`config length ${configLength} overruns ${cap} bytes`);
  const configText = utf8Decoder.decode(payload.subarray(V2_HEAD_BYTES, V2_HEAD_BYTES + configLength));
  return ok({ ...head, peerEpoch, version, configText });
}

function ok(notification: DecodedNotification): DecodeResult {
  return { ok: true, notification };
}

/** The version-2 layout every 3.5+ server sends. */
export function encodeNotification(n: NotificationFields, configText: string): Uint8Array {
  const config = utf8Encoder.encode(configText);
  const out = new Uint8Array(V2_HEAD_BYTES + config.length);
  const view = new DataView(out.buffer);
  writeHead(view, n, n.state);
  view.setBigInt64(28, n.peerEpoch);
  view.setInt32(36, NOTIFICATION_VERSION);
  view.setInt32(40, config.length);
  out.set(config, V2_HEAD_BYTES);
  return out;
}

export const LegacyFormat = { pre107: 28, epochOnly: 36, version1: 40 } as const;
export type LegacyFormat = (typeof LegacyFormat)[keyof typeof LegacyFormat];

/** Older layouts (what 3.3/3.4 servers and ZooKeeper's own tests send); 3.8 receives them, never sends them. */
export function encodeLegacyNotification(n: NotificationFields, format: LegacyFormat): Uint8Array {
  const out = new Uint8Array(format);
  const view = new DataView(out.buffer);
  writeHead(view, n, n.state);
  if (format >= 36) view.setBigInt64(28, n.peerEpoch);
  if (format === 40) view.setInt32(36, 1);
  return out;
}

function writeHead(view: DataView, n: NotificationFields, state: WireState): void {
  view.setInt32(0, serverStateOrdinals.indexOf(state));
  view.setBigInt64(4, n.leader);
  view.setBigInt64(12, n.zxid);
  view.setBigInt64(20, n.electionEpoch);
}
