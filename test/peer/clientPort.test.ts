// The client port on a real loopback socket: four-letter words get their reply and a close; silent, garbage and
// session connections are closed one by one while the listener keeps answering.
import { afterEach, describe, expect, it } from 'vitest';
import * as net from 'node:net';
import { firstValueFrom, toArray, type Observable } from 'rxjs';
import { startClientPort, type ClientPort } from '../../src/peer/clientPort.js';
import type { SocketAddress, SocketDuplex } from '../../streams/index.js';

let port: ClientPort | undefined;
afterEach(() => port?.close());

function ask(address: SocketAddress, bytes: Uint8Array | string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(address.port, address.host, () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}

const answers = (firstFour: Uint8Array): string | undefined => {
  const word = Buffer.from(firstFour).toString('latin1');
  return word === 'ruok' ? 'imok' : word === 'srvr' ? 'Mode: follower\n' : undefined;
};

describe('client port', () => {
  it('answers a four-letter word and closes, even when it arrives a byte at a time', async () => {
    port = startClientPort({ address: { host: '127.0.0.1', port: 0 }, answerFourLetterWord: answers });
    const address = await port.listening;
    expect(await ask(address, 'ruok')).toBe('imok');
    const reply = new Promise<string>((resolve) => {
      const socket = net.connect(address.port, address.host, () => {
        'srvr'.split('').forEach((c, i) => setTimeout(() => socket.write(c), i * 5));
      });
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    });
    expect(await reply).toBe('Mode: follower\n');
  });

  it('closes session bytes when no session handler exists, and keeps serving', async () => {
    port = startClientPort({ address: { host: '127.0.0.1', port: 0 }, answerFourLetterWord: answers });
    const address = await port.listening;
    expect(await ask(address, new Uint8Array([0, 0, 0, 44, 1, 2, 3]))).toBe('');
    expect(await ask(address, new Uint8Array(Array.from({ length: 64 }, (_, i) => (i * 37) & 0xff)))).toBe('');
    expect(await ask(address, 'ruok')).toBe('imok');
  });

  it('closes a connection that sends nothing, after firstBytesTimeoutMs', async () => {
    port = startClientPort({ address: { host: '127.0.0.1', port: 0 }, answerFourLetterWord: answers, firstBytesTimeoutMs: 50 });
    const address = await port.listening;
    expect(await ask(address, new Uint8Array(0))).toBe('');
    expect(await ask(address, 'ruok')).toBe('imok');
  });

  it('hands other connections to the session handler with every byte, first four included', async () => {
    let received: Promise<Uint8Array[]> | undefined;
    port = startClientPort({
      address: { host: '127.0.0.1', port: 0 },
      answerFourLetterWord: answers,
      onSession: (connection: SocketDuplex, bytes$: Observable<Uint8Array>) => {
        received = firstValueFrom(bytes$.pipe(toArray()));
        connection.send(new Uint8Array([9]));
      },
    });
    const address = await port.listening;
    const sent = new Uint8Array([0, 0, 0, 3, 7, 7, 7]);
    await new Promise<void>((resolve) => {
      const socket = net.connect(address.port, address.host, () => socket.end(sent));
      socket.on('data', () => undefined);
      socket.on('close', () => resolve());
    });
    const chunks = await (received as Promise<Uint8Array[]>);
    expect(Buffer.concat(chunks)).toEqual(Buffer.from(sent));
  });
});
