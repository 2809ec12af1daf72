import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeNotification, encodeLegacyNotification, encodeNotification, serverStateOrdinals }
  from '../../../src/election/wire/notification.js';
import { readNotification } from '../../../src/election/readNotification.js';
import type { OutboundNotification } from '../../../src/election/types.js';
import { concat, hex, toHex } from '../../support/bytes.js';

interface Example { title: string; from: number; to: number; frameHex: string }
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/election/zk38-notifications.json', import.meta.url), 'utf8')) as
  { configText: string; examples: Example[] };

const body = (frameHex: string): Uint8Array => hex(frameHex).subarray(4);
const sample: OutboundNotification = { state: 'LOOKING', leader: 2n, zxid: 0x100000005n, electionEpoch: 1n, peerEpoch: 1n };

describe('real ZooKeeper 3.8 frames', () => {
  it.each(fixture.examples)('$title decodes and re-encodes byte for byte', (example) => {
    const payload = body(example.frameHex);
    const decoded = decodeNotification(BigInt(example.from), payload);
    if (!decoded.ok) throw new Error(decoded.reason);
    const n = decoded.notification;
    expect(n.version).toBe(2);
    expect(n.configText).toBe(fixture.configText);
    expect(toHex(encodeNotification(n, fixture.configText))).toBe(toHex(payload));
    const read = readNotification(BigInt(example.from), payload);
    expect(read.ok && read.notification.config?.verifier?.voters).toEqual([1n, 2n, 3n]);
    expect(read.ok && read.notification.config?.verifier?.version).toBe(0n);
  });
});

describe('formats a 3.8 server can receive', () => {
  it('28 bytes: peerEpoch comes from the zxid, version 0', () => {
    const decoded = decodeNotification(3n, encodeLegacyNotification(sample, 28));
    expect(decoded).toMatchObject({ ok: true, notification: { peerEpoch: 1n, version: 0, zxid: 0x100000005n, configText: null } });
  });
  it('40 bytes: the version field is not read (version 0)', () => {
    const decoded = decodeNotification(3n, encodeLegacyNotification({ ...sample, peerEpoch: 7n }, 40));
    expect(decoded).toMatchObject({ ok: true, notification: { peerEpoch: 7n, version: 0, state: 'LOOKING', sid: 3n } });
  });
  it('36 bytes: dropped as malformed', () => {
    expect(decodeNotification(3n, encodeLegacyNotification(sample, 36))).toEqual({ ok: false, reason: 'partial notification: 36 bytes, no version' });
  });
  it('48 bytes of version 1 with trailing data: parsed, trailing bytes ignored (testForwardCompatibility)', () => {
    const v1 = concat([encodeLegacyNotification(sample, 40), new Uint8Array(8)]);
    new DataView(v1.buffer).setInt32(36, 1);
    expect(decodeNotification(3n, v1)).toMatchObject({ ok: true, notification: { version: 1, peerEpoch: 1n, configText: null } });
  });
});

describe('malformed notifications (FLEMalformedNotificationMessageTest)', () => {
  const v2 = (configLength: number, configBytes: number): Uint8Array => {
    const bytes = concat([encodeNotification(sample, ''), new Uint8Array(configBytes)]);
    new DataView(bytes.buffer).setInt32(40, configLength);
    return bytes;
  };
  it.each([
    ['too short: state and leader only', new Uint8Array(12), 'short notification: 12 bytes'],
    ['bad protocol: 2 bytes of peerEpoch', new Uint8Array(30), 'partial notification: 30 bytes'],
    ['negative config length', v2(-123, 4), 'invalid config length -123 in 48 bytes'],
    ['config length beyond the frame', v2(10000, 29), 'invalid config length 10000 in 73 bytes'],
    ['config length past the remaining bytes', v2(60, 29), 'config length 60 overruns 73 bytes'],
  ])('%s', (_name, payload, reason) => {
    expect(decodeNotification(1n, payload)).toEqual({ ok: false, reason });
  });
  it('unknown state ordinal', () => {
    const bytes = encodeNotification(sample, 'version=0');
    new DataView(bytes.buffer).setInt32(0, 7);
    expect(decodeNotification(1n, bytes)).toEqual({ ok: false, reason: 'unknown state ordinal 7' });
  });
  it('an invalid config string keeps the notification, without a verifier', () => {
    const read = readNotification(1n, encodeNotification(sample, 'my very invalid config string'));
    expect(read).toMatchObject({ ok: true, notification: { leader: 2n, config: { text: 'my very invalid config string', verifier: null } } });
  });
});

describe('round trip', () => {
  const long = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
  it('v2 encode/decode keeps every field', () => {
    fc.assert(fc.property(fc.constantFrom(...serverStateOrdinals), long, long, long, long, fc.string({ maxLength: 40 }),
      (state, leader, zxid, electionEpoch, peerEpoch, text) => {
        const out = { state, leader, zxid, electionEpoch, peerEpoch };
        const decoded = decodeNotification(9n, encodeNotification(out, text));
        expect(decoded.ok && decoded.notification).toMatchObject({ ...out, sid: 9n, version: 2 });
        expect(decoded.ok && decoded.notification.configText).toBe(text);
      }));
  });
  it('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
      const decoded = decodeNotification(1n, bytes);
      expect(typeof decoded.ok).toBe('boolean');
    }));
  });
});
