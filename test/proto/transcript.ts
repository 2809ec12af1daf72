// Decodes a recorded client session (both directions) with our codecs, choosing each reply's codec by the op of the
// request with the same xid, and re-encodes every frame so tests can demand byte-identical round trips.
import { emptyRecord, encodeRecord, type RecordCodec } from '../../src/jute/index.js';
import {
  connectRequestCodec,
  connectResponseCodec,
  decodeReply,
  decodeRequest,
  encodeReply,
  encodeRequest,
  opRecordsOf,
  readReplyHeader,
  readRequestHeader,
  watcherEventCodec,
  Xid,
  type ReplyHeader,
  type RequestHeader,
} from '../../src/proto/index.js';
import { decodeRecord } from '../../src/jute/index.js';

export interface TranscriptFrame {
  readonly name: string;
  readonly from: 'client' | 'server';
  readonly payload: Uint8Array;
}

export interface DecodedFrame {
  readonly name: string;
  readonly from: 'client' | 'server';
  readonly header?: RequestHeader | ReplyHeader;
  readonly body: unknown;
  readonly reencoded: Uint8Array;
}

function codecOf(type: number, side: 'request' | 'response'): RecordCodec<unknown> {
  const records = opRecordsOf(type);
  if (records === undefined) throw new Error(`no records for op ${type}`);
  return records[side];
}

function decodeHandshake<T>(frame: TranscriptFrame, codec: RecordCodec<T>): DecodedFrame {
  const body = decodeRecord(codec, frame.payload);
  return { name: frame.name, from: frame.from, body, reencoded: encodeRecord(codec, body) };
}

function decodeClient(frame: TranscriptFrame, opByXid: Map<number, number>): DecodedFrame {
  const { header } = readRequestHeader(frame.payload);
  const codec = codecOf(header.type, 'request');
  const { request } = decodeRequest(frame.payload, codec);
  opByXid.set(header.xid, header.type);
  return { name: frame.name, from: frame.from, header, body: request, reencoded: encodeRequest(header, codec, request) };
}

function replyCodec(xid: number, opByXid: ReadonlyMap<number, number>): RecordCodec<unknown> {
  if (xid === Xid.notification) return watcherEventCodec as RecordCodec<unknown>;
  if (xid === Xid.ping || xid === Xid.auth) return emptyRecord;
  const type = opByXid.get(xid);
  if (type === undefined) throw new Error(`reply xid ${xid} matches no request`);
  return codecOf(type, 'response');
}

function decodeServer(frame: TranscriptFrame, opByXid: ReadonlyMap<number, number>): DecodedFrame {
  const codec = replyCodec(readReplyHeader(frame.payload).header.xid, opByXid);
  const reply = decodeReply(frame.payload, codec);
  const body = reply.ok ? reply.response : undefined;
  const reencoded = reply.ok ? encodeReply(reply.header, codec, reply.response) : encodeReply(reply.header);
  return { name: frame.name, from: frame.from, header: reply.header, body, reencoded };
}

export function decodeTranscript(frames: readonly TranscriptFrame[]): DecodedFrame[] {
  const opByXid = new Map<number, number>();
  return frames.map((frame) => {
    if (frame.name === 'connectRequest') return decodeHandshake(frame, connectRequestCodec);
    if (frame.name === 'connectResponse') return decodeHandshake(frame, connectResponseCodec);
    return frame.from === 'client' ? decodeClient(frame, opByXid) : decodeServer(frame, opByXid);
  });
}

export function byName(decoded: readonly DecodedFrame[], name: string): DecodedFrame {
  const frame = decoded.find((candidate) => candidate.name === name);
  if (frame === undefined) throw new Error(`no frame ${name} in transcript`);
  return frame;
}
