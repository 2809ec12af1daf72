// Golden bytes captured from kazoo against a real ZooKeeper 3.8.0: each frame decodes to the values the capture
// lists, re-encodes to the same bytes, decodes the same when the frame arrives split at any byte, and every
// truncation of it is a typed JuteError.
import { describe, expect, it } from 'vitest';
import { FrameDecoder } from '../../streams/index.js';
import { decodeRecord, emptyRecord, encodeRecord, JuteError, type RecordCodec } from '../../src/jute/index.js';
import {
  connectRequestCodec,
  connectResponseCodec,
  createRequestCodec,
  createResponseCodec,
  decodeReply,
  decodeRequest,
  encodeReply,
  encodeRequest,
  getDataRequestCodec,
  getDataResponseCodec,
  OPEN_ACL_UNSAFE,
  OpCode,
  type ReplyHeader,
  type RequestHeader,
} from '../../src/proto/index.js';
import { toHex } from '../jute/hex.js';
import { frameOf, loadFrames, payloadOf } from './fixtures.js';

const frames = loadFrames('zk38-kazoo-session.json');
const hello = new TextEncoder().encode('hello');
const passwd = Uint8Array.from(Buffer.from('d0f7ba911d9595a72e5765032ebb8356', 'hex'));
const stat = {
  czxid: 2n,
  mzxid: 2n,
  ctime: 1795452531208n,
  mtime: 1795452531208n,
  version: 0,
  cversion: 0,
  aversion: 0,
  ephemeralOwner: 0n,
  dataLength: 5,
  numChildren: 0,
  pzxid: 2n,
};

interface Golden {
  readonly name: string;
  readonly decode: (payload: Uint8Array) => unknown;
  readonly encode: () => Uint8Array;
  readonly expected: unknown;
}

function requestGolden<T>(name: string, header: RequestHeader, codec: RecordCodec<T>, request: T): Golden {
  return {
    name,
    decode: (payload) => decodeRequest(payload, codec),
    encode: () => encodeRequest(header, codec, request),
    expected: { header, request },
  };
}

function replyGolden<T>(name: string, header: ReplyHeader, codec: RecordCodec<T>, response: T): Golden {
  return {
    name,
    decode: (payload) => decodeReply(payload, codec),
    encode: () => encodeReply(header, codec, response),
    expected: { header, ok: true, response },
  };
}

function recordGolden<T>(name: string, codec: RecordCodec<T>, value: T): Golden {
  return {
    name,
    decode: (payload) => decodeRecord(codec, payload),
    encode: () => encodeRecord(codec, value),
    expected: value,
  };
}

const goldens: readonly Golden[] = [
  recordGolden('connectRequest', connectRequestCodec, {
    protocolVersion: 0,
    lastZxidSeen: 0n,
    timeOut: 10000,
    sessionId: 0n,
    passwd: new Uint8Array(16),
    readOnly: false,
  }),
  recordGolden('connectResponse', connectResponseCodec, {
    protocolVersion: 0,
    timeOut: 10000,
    sessionId: 0x01000010d6ee0000n,
    passwd,
    readOnly: false,
  }),
  requestGolden('createRequest', { xid: 1, type: OpCode.create }, createRequestCodec, {
    path: '/vec',
    data: hello,
    acl: OPEN_ACL_UNSAFE,
    flags: 0,
  }),
  replyGolden('createReply', { xid: 1, zxid: 2n, err: 0 }, createResponseCodec, { path: '/vec' }),
  requestGolden('getDataRequest', { xid: 2, type: OpCode.getData }, getDataRequestCodec, { path: '/vec', watch: false }),
  replyGolden('getDataReply', { xid: 2, zxid: 2n, err: 0 }, getDataResponseCodec, { data: hello, stat }),
  requestGolden('closeSessionRequest', { xid: 3, type: OpCode.closeSession }, emptyRecord, {}),
  replyGolden('closeSessionReply', { xid: 3, zxid: 3n, err: 0 }, emptyRecord, {}),
];

function decodeWholeFrames(chunks: readonly Uint8Array[]): Uint8Array[] {
  const decoder = new FrameDecoder({ frameBytesMax: 0xfffff });
  return chunks.flatMap((chunk) => decoder.push(chunk));
}

describe.each(goldens)('golden $name', (golden) => {
  const frame = frameOf(frames, golden.name);
  const payload = payloadOf(frame);

  it('decodes to the captured values', () => {
    expect(golden.decode(payload)).toEqual(golden.expected);
  });

  it('encodes back to the captured bytes', () => {
    expect(toHex(golden.encode())).toBe(toHex(payload));
  });

  it('decodes the same when the frame is split at any byte', () => {
    for (let split = 0; split <= frame.length; split += 1) {
      const payloads = decodeWholeFrames([frame.subarray(0, split), frame.subarray(split)]);
      expect(payloads.length, `split at ${split}`).toBe(1);
      expect(golden.decode(payloads[0] ?? new Uint8Array())).toEqual(golden.expected);
    }
  });

  it('decodes the same when the frame arrives one byte at a time', () => {
    const bytes = Array.from(frame, (byte) => Uint8Array.of(byte));
    const payloads = decodeWholeFrames(bytes);
    expect(payloads.map((p) => golden.decode(p))).toEqual([golden.expected]);
  });

  it('throws a JuteError for every truncation, except where a trailer is optional', () => {
    for (let cut = 0; cut < payload.length; cut += 1) {
      const optionalTrailerCut = golden.name.startsWith('connect') && cut === payload.length - 1;
      if (optionalTrailerCut) continue;
      expect(() => golden.decode(payload.subarray(0, cut)), `cut at ${cut}`).toThrow(JuteError);
    }
  });
});

describe('the handshake without the readOnly trailer (old clients)', () => {
  it('decodes a 44-byte ConnectRequest with readOnly absent', () => {
    const payload = payloadOf(frameOf(frames, 'connectRequest')).subarray(0, 44);
    const request = decodeRecord(connectRequestCodec, payload);
    expect(request).not.toHaveProperty('readOnly');
    expect(encodeRecord(connectRequestCodec, request)).toEqual(payload);
  });

  it('decodes a 36-byte ConnectResponse with readOnly absent', () => {
    const payload = payloadOf(frameOf(frames, 'connectResponse')).subarray(0, 36);
    const response = decodeRecord(connectResponseCodec, payload);
    expect(response).toEqual({ protocolVersion: 0, timeOut: 10000, sessionId: 0x01000010d6ee0000n, passwd });
    expect(encodeRecord(connectResponseCodec, response).length).toBe(36);
  });
});
