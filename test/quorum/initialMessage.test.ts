// The initial-message codec against the bytes real ZooKeeper 3.8 sent (vectors/zk38-election.md (a)), every split
// point, CnxManagerTest.testInitialMessage's cases, and 3.8's address rules including Java's split quirks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADDRESS_BYTES_MAX, OBSERVER_ID } from '../../src/quorum/constants.js';
import { InitialMessageParser, encodeInitialMessage, encodeLegacyInitialMessage, parseAddressList, parseInitialMessage,
  type InitialMessageParse } from '../../src/quorum/initialMessage.js';
import { concat, hex, int32, toHex } from '../support/bytes.js';

// Captured: sid 1 -> sid 2 and sid 3 -> sid 1 (zk38-election.md table (a)).
const captured = [
  { sid: 1n, host: '127.0.0.1', port: 3881, bytes: 'ffffffffffff000000000000000000010000000e3132372e302e302e313a33383831' },
  { sid: 2n, host: '127.0.0.1', port: 3882, bytes: 'ffffffffffff000000000000000000020000000e3132372e302e302e313a33383832' },
  { sid: 3n, host: '127.0.0.1', port: 3883, bytes: 'ffffffffffff000000000000000000030000000e3132372e302e302e313a33383833' },
];
// A LOOKING notification frame that followed an initial message in the capture (length 176 + body prefix).
const frameHead = hex('000000b0 00000000 00000000 00000002');

function header(version: bigint, sid: bigint, length: number): Uint8Array {
  const bytes = new Uint8Array(20);
  const view = new DataView(bytes.buffer);
  view.setBigInt64(0, version);
  view.setBigInt64(8, sid);
  view.setInt32(16, length);
  return bytes;
}

function withText(version: bigint, sid: bigint, text: string): Uint8Array {
  const body = new TextEncoder().encode(text);
  return concat([header(version, sid, body.length), body]);
}

function pushAll(chunks: readonly Uint8Array[]): InitialMessageParse {
  const parser = new InitialMessageParser();
  let last: InitialMessageParse = { kind: 'pending' };
  for (const chunk of chunks) {
    last = parser.push(chunk);
    if (last.kind !== 'pending') return last;
  }
  return last;
}

function errorCode(result: InitialMessageParse): string | undefined {
  return result.kind === 'invalid' ? result.error.code : undefined;
}

describe('encodeInitialMessage', () => {
  it.each(captured)('encodes sid $sid exactly as 3.8 did', ({ sid, host, port, bytes }) => {
    expect(toHex(encodeInitialMessage({ sid, addresses: [{ host, port }] }))).toBe(bytes);
  });

  it('V2 joins every address with | under version -65535', () => {
    const bytes = encodeInitialMessage({ sid: 5n, multiAddress: true,
      addresses: [{ host: '127.0.0.1', port: 1 }, { host: '127.0.0.2', port: 2 }] });
    expect(toHex(bytes.subarray(0, 8))).toBe('ffffffffffff0001');
    expect(new TextDecoder().decode(bytes.subarray(20))).toBe('127.0.0.1:1|127.0.0.2:2');
  });

  it('V1 advertises only the first address, IPv6 in brackets', () => {
    const bytes = encodeInitialMessage({ sid: 5n, addresses: [{ host: '0:0:0:0:0:0:0:1', port: 3888 }, { host: 'b', port: 2 }] });
    expect(new TextDecoder().decode(bytes.subarray(20))).toBe('[0:0:0:0:0:0:0:1]:3888');
  });

  it('refuses to advertise a wildcard, a bad port, nothing, or more than 2048 bytes', () => {
    expect(() => encodeInitialMessage({ sid: 1n, addresses: [{ host: '0.0.0.0', port: 3888 }] })).toThrow(/cannot advertise/);
    expect(() => encodeInitialMessage({ sid: 1n, addresses: [{ host: '127.0.0.1', port: 70000 }] })).toThrow(/cannot advertise/);
    expect(() => encodeInitialMessage({ sid: 1n, addresses: [] })).toThrow(/no election address/);
    expect(() => encodeInitialMessage({ sid: 1n, addresses: [{ host: 'h'.repeat(2044), port: 3888 }] })).toThrow(/max 2048/);
  });
});

describe('InitialMessageParser on captured bytes', () => {
  it.each(captured)('decodes sid $sid at every split point and leaves the frame bytes that follow', ({ sid, host, port, bytes }) => {
    const stream = concat([hex(bytes), frameHead]);
    for (let a = 0; a <= stream.length; a += 1) {
      for (let b = a; b <= stream.length; b += 1) {
        const result = pushAll([stream.subarray(0, a), stream.subarray(a, b), stream.subarray(b)]);
        expect(result.kind, `split ${a}/${b}`).toBe('parsed');
        if (result.kind !== 'parsed') return;
        expect(result.message).toEqual({ kind: 'v1', sid, addresses: [{ host, port }] });
        // The rest is what followed the message inside the chunk that completed it; later chunks follow it.
        const completedAt = a >= 34 ? a : b >= 34 ? b : stream.length;
        expect(toHex(result.rest)).toBe(toHex(stream.subarray(34, completedAt)));
      }
    }
  });

  it('one byte at a time: pending until the last address byte', () => {
    const bytes = hex(captured[0]?.bytes ?? '');
    const parser = new InitialMessageParser();
    for (let i = 0; i < bytes.length - 1; i += 1) expect(parser.push(bytes.subarray(i, i + 1)).kind).toBe('pending');
    const last = parser.push(bytes.subarray(bytes.length - 1));
    expect(last.kind === 'parsed' ? last.rest.length : -1).toBe(0);
  });

  it('a second push after the message is a programmer error', () => {
    const parser = new InitialMessageParser();
    parser.push(hex(captured[0]?.bytes ?? ''));
    expect(() => parser.push(new Uint8Array(1))).toThrow(/already finished/);
  });
});

describe('InitialMessageParser validation (CnxManagerTest.testInitialMessage and 3.8 handleConnection)', () => {
  it('rejects protocol version -65530', () => {
    expect(errorCode(parseInitialMessage(header(-65530n, 5n, 12)))).toBe('QUORUM_INITIAL_BAD_VERSION');
  });

  it('decides on the version from its 8 bytes alone', () => {
    expect(errorCode(new InitialMessageParser().push(header(-1n, 5n, 12).subarray(0, 8)))).toBe('QUORUM_INITIAL_BAD_VERSION');
  });

  it.each([0, -1, ADDRESS_BYTES_MAX + 1, 1024 * 1024])('rejects address length %i from the header alone', (length) => {
    expect(errorCode(parseInitialMessage(header(-65536n, 5n, length)))).toBe('QUORUM_INITIAL_BAD_LENGTH');
  });

  it('accepts exactly 2048 address bytes', () => {
    const text = `${'a'.repeat(ADDRESS_BYTES_MAX - 5)}:3888`;
    const result = parseInitialMessage(withText(-65536n, 5n, text));
    expect(result.kind === 'parsed' ? result.message.addresses[0]?.port : undefined).toBe(3888);
  });

  it("rejects `what's going on here?`", () => {
    expect(errorCode(parseInitialMessage(withText(-65536n, 5n, "what's going on here?")))).toBe('QUORUM_INITIAL_BAD_ADDRESS');
  });

  it('V1 10.0.0.2:3888 is sid 5 with one address', () => {
    expect(parseInitialMessage(withText(-65536n, 5n, '10.0.0.2:3888'))).toMatchObject(
      { kind: 'parsed', message: { kind: 'v1', sid: 5n, addresses: [{ host: '10.0.0.2', port: 3888 }] } });
  });

  it('V2 keeps three addresses in order', () => {
    const result = parseInitialMessage(withText(-65535n, 5n, '1.1.1.1:9999|2.2.2.2:8888|3.3.3.3:7777'));
    expect(result).toMatchObject({ kind: 'parsed', message: { kind: 'v2', sid: 5n, addresses: [
      { host: '1.1.1.1', port: 9999 }, { host: '2.2.2.2', port: 8888 }, { host: '3.3.3.3', port: 7777 }] } });
  });

  it('the legacy bare sid (testCnxManagerNPE) leaves the frame that follows', () => {
    const result = parseInitialMessage(concat([encodeLegacyInitialMessage(2n), int32(4), int32(5)]));
    expect(result.kind).toBe('parsed');
    if (result.kind !== 'parsed') return;
    expect(result.message).toEqual({ kind: 'legacy', sid: 2n, addresses: [] });
    expect(toHex(result.rest)).toBe('0000000400000005');
  });

  it('OBSERVER_ID passes through the codec (the manager substitutes it)', () => {
    const result = parseInitialMessage(withText(-65536n, OBSERVER_ID, '127.0.0.1:1'));
    expect(result.kind === 'parsed' ? result.message.sid : undefined).toBe(OBSERVER_ID);
  });

  it('a truncated message stays pending: the shell closes it on the handshake timeout', () => {
    const full = hex(captured[0]?.bytes ?? '');
    for (let cut = 0; cut < full.length; cut += 1) expect(parseInitialMessage(full.subarray(0, cut)).kind).toBe('pending');
  });
});

describe('parseAddressList (ConfigUtils.getHostAndPort + Java split)', () => {
  it.each([
    ['127.0.0.1:3888', [{ host: '127.0.0.1', port: 3888 }]],
    ['[0:0:0:0:0:0:0:1]:3888', [{ host: '0:0:0:0:0:0:0:1', port: 3888 }]],
    ['[::1]x3888', [{ host: '::1', port: 3888 }]], // the char after ] is not checked
    ['host:3888:', [{ host: 'host', port: 3888 }]], // Java drops trailing empty strings
    ['a:1|', [{ host: 'a', port: 1 }]],
    ['0.0.0.0:3888', []], // wildcards are dropped silently
    ['[::]:3888|127.0.0.1:1', [{ host: '127.0.0.1', port: 1 }]],
    ['h:+12', [{ host: 'h', port: 12 }]], // Integer.parseInt takes a sign
  ])('%s', (text, expected) => {
    expect(parseAddressList(text)).toEqual(expected);
  });

  it.each(['host', 'host:', '::1:3888', 'a:1:2', '[::1]', '[::1]:', '[::1', 'h:x', 'h:65536', 'h:-1', '|a:1', '', 'h:99999999999'])(
    'rejects %j', (text) => {
      expect(parseAddressList(text)).toBeInstanceOf(Error);
    });
});

describe('round trip', () => {
  it('encode then parse returns the sid and addresses, whatever the split', () => {
    const host = fc.tuple(fc.integer({ min: 1, max: 255 }), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 }))
      .map((parts) => parts.join('.'));
    const address = fc.record({ host, port: fc.integer({ min: 0, max: 65535 }) });
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.array(address, { minLength: 1, maxLength: 20 }),
      fc.boolean(), fc.nat(), (sid, addresses, multiAddress, cut) => {
        const bytes = encodeInitialMessage({ sid, addresses, multiAddress });
        const at = cut % (bytes.length + 1);
        const result = pushAll([bytes.subarray(0, at), bytes.subarray(at)]);
        expect(result).toMatchObject({ kind: 'parsed', message: { sid, addresses: multiAddress ? addresses : addresses.slice(0, 1) } });
      }));
  });
});
