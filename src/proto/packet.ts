// Whole request and reply payloads (what sits inside one length-prefixed frame): header plus record.
//   request payload: RequestHeader [request record]
//   reply payload:   ReplyHeader [response record, only when err == 0]
// Decoding is strict: a body after a non-zero err, or bytes after the record, mean the peer lied about a length,
// and the connection that carried it should be closed.
import { DEFAULT_READER_CONFIG, JuteReader, type JuteReaderConfig } from '../jute/reader.js';
import type { RecordCodec } from '../jute/record.js';
import { JuteWriter } from '../jute/writer.js';
import { replyHeaderCodec, type ReplyHeader } from './replyHeader.js';
import { requestHeaderCodec, type RequestHeader } from './requestHeader.js';

export function encodeRequest<T>(header: RequestHeader, codec: RecordCodec<T>, request: T): Uint8Array {
  const writer = new JuteWriter();
  requestHeaderCodec.encode(writer, header);
  codec.encode(writer, request);
  return writer.toBytes();
}

/** Reads only the header, so a server can pick the body codec by `type`; the reader is left at the body. */
export function readRequestHeader(payload: Uint8Array, config: JuteReaderConfig = DEFAULT_READER_CONFIG): {
  readonly header: RequestHeader;
  readonly reader: JuteReader;
} {
  const reader = new JuteReader(payload, config);
  return { header: requestHeaderCodec.decode(reader), reader };
}

export function decodeRequest<T>(
  payload: Uint8Array,
  codec: RecordCodec<T>,
  config: JuteReaderConfig = DEFAULT_READER_CONFIG,
): { readonly header: RequestHeader; readonly request: T } {
  const { header, reader } = readRequestHeader(payload, config);
  const request = codec.decode(reader);
  reader.expectEnd();
  return { header, request };
}

/** Encodes a reply; the body is written only when `header.err` is 0, as ZooKeeper does. */
export function encodeReply<T>(header: ReplyHeader, codec?: RecordCodec<T>, response?: T): Uint8Array {
  const writer = new JuteWriter();
  replyHeaderCodec.encode(writer, header);
  if (header.err === 0 && codec !== undefined && response !== undefined) codec.encode(writer, response);
  return writer.toBytes();
}

export type DecodedReply<T> =
  | { readonly header: ReplyHeader; readonly ok: true; readonly response: T }
  | { readonly header: ReplyHeader; readonly ok: false };

/** Decodes a reply whose success body is `codec`; a non-zero err must come with no body at all. */
export function decodeReply<T>(
  payload: Uint8Array,
  codec: RecordCodec<T>,
  config: JuteReaderConfig = DEFAULT_READER_CONFIG,
): DecodedReply<T> {
  const reader = new JuteReader(payload, config);
  const header = replyHeaderCodec.decode(reader);
  if (header.err !== 0) {
    reader.expectEnd();
    return { header, ok: false };
  }
  const response = codec.decode(reader);
  reader.expectEnd();
  return { header, ok: true, response };
}

/** The header alone, for routing a reply by xid (-1 notification, -2 ping, -4 auth) before choosing its codec. */
export function readReplyHeader(payload: Uint8Array, config: JuteReaderConfig = DEFAULT_READER_CONFIG): {
  readonly header: ReplyHeader;
  readonly reader: JuteReader;
} {
  const reader = new JuteReader(payload, config);
  return { header: replyHeaderCodec.decode(reader), reader };
}
