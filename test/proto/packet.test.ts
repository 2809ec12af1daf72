// Request/reply payload framing (header + record) and the lying replies a client must refuse with a typed error.
import { describe, expect, it } from 'vitest';
import { decodeRecord, emptyRecord, encodeRecord, JuteError } from '../../src/jute/index.js';
import {
  connectRequestCodec,
  createRequestCodec,
  decodeReply,
  encodeReply,
  encodeRequest,
  getChildrenResponseCodec,
  getDataResponseCodec,
  multiResponseCodec,
  OPEN_ACL_UNSAFE,
  OpCode,
  readAclList,
  readReplyHeader,
  setDataResponseCodec,
  watcherEventCodec,
} from '../../src/proto/index.js';
import { JuteReader } from '../../src/jute/index.js';
import { hex, toHex } from '../support/bytes.js';
import { frameOf, loadFrames, payloadOf } from './fixtures.js';

const spec = loadFrames('spec-examples.json');

function juteCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof JuteError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('the byte examples written out in the spec', () => {
  it('decodes the 30000 ms new-session ConnectRequest', () => {
    expect(decodeRecord(connectRequestCodec, payloadOf(frameOf(spec, 'connectRequest30000')))).toEqual({
      protocolVersion: 0,
      lastZxidSeen: 0n,
      timeOut: 30000,
      sessionId: 0n,
      passwd: new Uint8Array(16),
      readOnly: false,
    });
  });

  it('reads OPEN_ACL_UNSAFE from its 27 bytes', () => {
    const bytes = frameOf(spec, 'openAclUnsafe');
    expect(bytes.length).toBe(27);
    const reader = new JuteReader(bytes);
    expect(readAclList(reader)).toEqual(OPEN_ACL_UNSAFE);
    expect(reader.remaining).toBe(0);
  });

  it('encodes SessionInvalidationTest\'s create of /foo0 as a 52-byte payload', () => {
    const request = { path: '/foo0', data: new Uint8Array(), acl: OPEN_ACL_UNSAFE, flags: 1 };
    expect(encodeRequest({ xid: 1, type: OpCode.create }, createRequestCodec, request).length).toBe(52);
  });
});

describe('replies', () => {
  it('writes no body when err is non-zero, even if given one', () => {
    const bytes = encodeReply({ xid: 5, zxid: 9n, err: -101 }, setDataResponseCodec, undefined);
    expect(toHex(bytes)).toBe('00000005' + '0000000000000009' + 'ffffff9b');
    expect(decodeReply(bytes, setDataResponseCodec)).toEqual({ header: { xid: 5, zxid: 9n, err: -101 }, ok: false });
  });

  it('routes by header first: a notification is a WatcherEvent after xid -1', () => {
    const bytes = encodeReply({ xid: -1, zxid: -1n, err: 0 }, watcherEventCodec, { type: 3, state: 3, path: '/a' });
    const { header, reader } = readReplyHeader(bytes);
    expect(header).toEqual({ xid: -1, zxid: -1n, err: 0 });
    expect(watcherEventCodec.decode(reader)).toEqual({ type: 3, state: 3, path: '/a' });
  });

  it('decodes a ping reply (header only)', () => {
    expect(decodeReply(hex('fffffffe 0000000000000007 00000000'), emptyRecord)).toEqual({
      header: { xid: -2, zxid: 7n, err: 0 },
      ok: true,
      response: {},
    });
  });
});

describe('lying replies are typed JuteErrors', () => {
  const header = (err: number) => `00000002 0000000000000002 ${toHex(new Uint8Array(new Int32Array([err]).buffer).reverse())}`;

  it.each([
    ['an error reply that carries a body', `${header(-101)} 00000000`, getDataResponseCodec, 'JUTE_TRAILING'],
    ['a success reply with bytes after its record', `${header(0)} 00000000 ${'00'.repeat(68)} 00`, getDataResponseCodec, 'JUTE_TRAILING'],
    ['a data length beyond jute.maxbuffer * 2', `${header(0)} 7fffffff`, getDataResponseCodec, 'JUTE_LENGTH'],
    ['a negative data length other than -1', `${header(0)} fffffffe`, getDataResponseCodec, 'JUTE_LENGTH'],
    ['a data length beyond the frame', `${header(0)} 00000010 0102`, getDataResponseCodec, 'JUTE_TRUNCATED'],
    ['a children count beyond the frame', `${header(0)} 00010000 00000001 61`, getChildrenResponseCodec, 'JUTE_COUNT'],
    ['a null children vector', `${header(0)} ffffffff`, getChildrenResponseCodec, 'JUTE_NULL'],
    ['a multi result of an unknown type', `${header(0)} 0000002a 00 00000000`, multiResponseCodec, 'JUTE_VALUE'],
    ['a multi reply without its end marker', `${header(0)} 00000002 00 00000000`, multiResponseCodec, 'JUTE_TRUNCATED'],
    ['a reply shorter than its header', '00000002 00000000', emptyRecord, 'JUTE_TRUNCATED'],
  ] as const)('%s', (_, bytes, codec, code) => {
    expect(juteCode(() => decodeReply(hex(bytes), codec as Parameters<typeof decodeReply>[1]))).toBe(code);
  });

  it('keeps the offset of the lie in the error', () => {
    try {
      decodeReply(hex(`${header(0)} 7fffffff`), getDataResponseCodec);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(JuteError);
      expect((error as JuteError).offset).toBe(16);
      expect((error as JuteError).message).toBe('JUTE_LENGTH: length 2147483647 outside -1..2097150 at offset 16');
    }
  });
});

describe('a record is its bytes: encodeRecord/decodeRecord', () => {
  it('refuses trailing bytes after a whole record', () => {
    const bytes = encodeRecord(watcherEventCodec, { type: 1, state: 3, path: '/x' });
    expect(juteCode(() => decodeRecord(watcherEventCodec, Uint8Array.of(...bytes, 0)))).toBe('JUTE_TRAILING');
  });
});
