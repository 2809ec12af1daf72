// Bad input on a live listener (real loopback sockets): each bad connection closes only itself, with a reason, and
// the established link between the two managers keeps carrying messages (CnxManagerTest's spin-lock, NPE and
// socket-timeout cases among them).
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom, take, timeout } from 'rxjs';
import { OBSERVER_ID } from '../../src/quorum/constants.js';
import type { QuorumConnectionEvent } from '../../src/quorum/events.js';
import { encodeInitialMessage, encodeLegacyInitialMessage } from '../../src/quorum/initialMessage.js';
import { createQuorumManager, type QuorumManager } from '../../src/quorum/manager.js';
import { freePorts } from '../support/ports.js';
import { concat, int32 } from '../support/bytes.js';
import { bytes, firstMatch, host, waitMsMax } from './helpers.js';

let m1: QuorumManager;
let m2: QuorumManager;
let port2 = 0;
let port1 = 0;
const handshakeTimeoutMs = 300;

beforeAll(async () => {
  [port1, port2] = (await freePorts(2)) as [number, number];
  const servers = new Map([
    [1n, { electionAddresses: [{ host, port: port1 }], type: 'participant' as const }],
    [2n, { electionAddresses: [{ host, port: port2 }], type: 'participant' as const }],
    [3n, { electionAddresses: [{ host, port: 1 }], type: 'observer' as const }],
  ]);
  m1 = createQuorumManager({ sid: 1n, servers, socketTimeoutMs: handshakeTimeoutMs });
  m2 = createQuorumManager({ sid: 2n, servers, socketTimeoutMs: handshakeTimeoutMs });
  await Promise.all([m1, m2].map((m) => firstMatch(m.events$, (e) => e.kind === 'listening')));
  await stillWorks();
});

afterAll(async () => {
  await Promise.all([m1.stop(), m2.stop()]);
});

/** Both directions of the 1-2 link still deliver. */
async function stillWorks(): Promise<void> {
  const at2 = firstValueFrom(m2.inbound$.pipe(take(1), timeout(waitMsMax)));
  m1.toSend(2n, bytes(7));
  expect(await at2).toEqual({ sid: 1n, payload: bytes(7) });
  const at1 = firstValueFrom(m1.inbound$.pipe(take(1), timeout(waitMsMax)));
  m2.toSend(1n, bytes(8));
  expect(await at1).toEqual({ sid: 2n, payload: bytes(8) });
  expect(m2.connectedSids()).toContain(1n);
}

/** Sends the bytes to m2's election port, then waits for m2 to close the socket; returns m2's event about it. */
async function sendToListener(data: Uint8Array, matches: (e: QuorumConnectionEvent) => boolean,
  after?: (socket: Socket) => void): Promise<QuorumConnectionEvent> {
  const event = firstMatch(m2.events$, matches);
  const socket = connect({ host, port: port2 });
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('data', () => undefined);
  if (data.length > 0) socket.write(data);
  after?.(socket);
  const result = await event;
  await closed;
  return result;
}

const hello3 = (): Uint8Array => encodeInitialMessage({ sid: 3n, addresses: [{ host, port: 1 }] });
const handshake = (outcome: string) => (e: QuorumConnectionEvent): boolean => e.kind === 'handshakeClosed' && e.outcome === outcome;

describe('bad input on a live listener', () => {
  it('a frame length of -20 after a valid header closes that connection (testCnxManagerSpinLock)', async () => {
    const event = await sendToListener(concat([hello3(), int32(-20)]), (e) => e.kind === 'closed' && e.sid === 3n);
    expect(event).toMatchObject({ kind: 'closed', reason: 'badFrame', error: { name: 'FrameLengthError', length: -20 } });
    await stillWorks();
  });

  it.each([0, 524_289, 0x7fffffff])('a lying frame length %i closes that connection', async (length) => {
    const event = await sendToListener(concat([hello3(), int32(length)]), (e) => e.kind === 'closed' && e.sid === 3n);
    expect(event).toMatchObject({ reason: 'badFrame' });
    await stillWorks();
  });

  it('a frame that promises more than it sends ends with the sender\'s close', async () => {
    const event = await sendToListener(concat([hello3(), int32(100), bytes(1, 2, 3)]),
      (e) => e.kind === 'closed' && e.sid === 3n, (socket) => socket.end());
    expect(event).toMatchObject({ reason: 'eof' });
    await stillWorks();
  });

  it('a 2049-byte address is refused from the header', async () => {
    const header = concat([bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0), bytes(0, 0, 0, 0, 0, 0, 0, 3), int32(2049)]);
    const event = await sendToListener(concat([header, new Uint8Array(2049).fill(0x31)]), handshake('badHandshake'));
    expect(event).toMatchObject({ error: { code: 'QUORUM_INITIAL_BAD_LENGTH' } });
    await stillWorks();
  });

  it('a malformed address text is refused', async () => {
    const text = new TextEncoder().encode("what's going on here?");
    const header = concat([bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0), bytes(0, 0, 0, 0, 0, 0, 0, 3), int32(text.length)]);
    const event = await sendToListener(concat([header, text]), handshake('badHandshake'));
    expect(event).toMatchObject({ error: { code: 'QUORUM_INITIAL_BAD_ADDRESS' } });
    await stillWorks();
  });

  it('random bytes with an unknown protocol version are refused', async () => {
    let seed = 12345;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
    for (let round = 0; round < 5; round += 1) {
      const noise = Uint8Array.from({ length: 64 }, random);
      noise[0] = 0x80 | (noise[0] ?? 0); // negative, and never -65536/-65535 because byte 5 is forced below
      noise[5] = 0x12;
      const event = await sendToListener(noise, handshake('badHandshake'));
      expect(event).toMatchObject({ error: { code: 'QUORUM_INITIAL_BAD_VERSION' } });
    }
    await stillWorks();
  });

  it('a truncated initial message is closed when the peer hangs up', async () => {
    await sendToListener(hello3().subarray(0, 25), handshake('eof'), (socket) => socket.end());
    await stillWorks();
  });

  it('a truncated initial message is closed after the handshake timeout', async () => {
    const event = await sendToListener(hello3().subarray(0, 12), handshake('handshakeTimeout'));
    expect(event).toMatchObject({ error: { code: 'QUORUM_HANDSHAKE_TIMEOUT' } });
    await stillWorks();
  });

  it('a connection that sends nothing is closed after the handshake timeout (testSocketTimeout)', async () => {
    await sendToListener(new Uint8Array(0), handshake('handshakeTimeout'));
    await stillWorks();
  });

  it('a connection claiming our own sid is refused', async () => {
    const event = await sendToListener(encodeInitialMessage({ sid: 2n, addresses: [{ host, port: port2 }] }), handshake('ownSid'));
    expect(event).toMatchObject({ sid: 2n });
    await stillWorks();
  });
});

describe('legacy and observer peers', () => {
  it('a bare-sid observer header and its frame reach the inbound stream (testCnxManagerNPE)', async () => {
    const inbound = firstValueFrom(m2.inbound$.pipe(take(1), timeout(waitMsMax)));
    const socket = connect({ host, port: port2 });
    socket.on('error', () => undefined);
    socket.write(concat([encodeLegacyInitialMessage(3n), int32(4), int32(5)]));
    expect(await inbound).toEqual({ sid: 3n, payload: int32(5) });
    socket.destroy();
    await firstMatch(m2.events$, (e) => e.kind === 'closed' && e.sid === 3n);
    await stillWorks();
  });

  it('a peer outside the config leaves no send queue behind once its link closes', async () => {
    const inbound = firstValueFrom(m2.inbound$.pipe(take(1), timeout(waitMsMax)));
    const socket = connect({ host, port: port2 });
    socket.on('error', () => undefined);
    socket.write(concat([encodeLegacyInitialMessage(9n), int32(4), int32(7)]));
    expect(await inbound).toEqual({ sid: 9n, payload: int32(7) });
    expect(m2.sendQueueSids()).toContain(9n);
    socket.destroy();
    await firstMatch(m2.events$, (e) => e.kind === 'closed' && e.sid === 9n);
    expect(m2.sendQueueSids()).not.toContain(9n);
    await stillWorks();
  });

  it('OBSERVER_ID peers get -1, -2 ... and, being smaller, are dialled back', async () => {
    const hello = encodeInitialMessage({ sid: OBSERVER_ID, addresses: [{ host, port: 1 }] });
    const first = await sendToListener(hello, handshake('dialBack'));
    const second = await sendToListener(hello, handshake('dialBack'));
    expect([first, second].map((e) => (e.kind === 'handshakeClosed' ? e.sid : undefined))).toEqual([-1n, -2n]);
    await stillWorks();
  });
});
