// Hostile and broken clients against a running standalone server: each bad connection is closed (or, where real
// ZooKeeper 3.8 answers with an error code instead, answered) on its own, and a good client proves the server still
// serves afterwards. Every wait is bounded by the wire client's waitMs.
import { connect as netConnect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFrame } from '../../streams/index.js';
import { JuteWriter } from '../../src/jute/writer.js';
import { ErrorCode } from '../../src/proto/errorCodes.js';
import { OpCode } from '../../src/proto/opCodes.js';
import { readReplyHeader } from '../../src/proto/packet.js';
import { startStandaloneServer, type StandaloneServer } from '../../src/server/standaloneServer.js';
import { waitUntil } from './serverProcess.js';
import { WireClient } from './wireClient.js';

const frameBytesMax = 4096;
const connectionsPerHostMax = 50;
let server: StandaloneServer;
let bystander: WireClient;
let port = 0;

beforeAll(async () => {
  server = await startStandaloneServer({ host: '127.0.0.1', port: 0, tickTimeMs: 2000, frameBytesMax, maxClientCnxns: connectionsPerHostMax });
  port = server.address.port;
  bystander = await WireClient.connect({ port });
});

afterAll(async () => {
  bystander.close();
  await server.stop();
});

/** The server still serves: a new session can write and read, and the session that was there all along too. */
async function stillServing(tag: string): Promise<void> {
  const fresh = await WireClient.connect({ port });
  try {
    expect(await fresh.create(`/ok-${tag}`, tag)).toBe(`/ok-${tag}`);
    expect(await bystander.getData(`/ok-${tag}`)).toBe(tag);
  } finally {
    fresh.close();
  }
}

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

describe('bad input closes only its own connection', () => {
  it('garbage after the handshake (a negative frame length)', async () => {
    const victim = await WireClient.connect({ port });
    victim.raw.sendFrames('garbage', bytes(0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5));
    await victim.raw.closedByServer();
    await stillServing('garbage');
  });

  it('a frame too short to hold a request header', async () => {
    const victim = await WireClient.connect({ port });
    victim.raw.send('short', bytes(1, 2, 3));
    await victim.raw.closedByServer();
    await stillServing('short');
  });

  it('a ConnectRequest whose password length lies about the frame', async () => {
    const w = new JuteWriter().writeInt(0).writeLong(0n).writeInt(30_000).writeLong(0n).writeInt(1000);
    const liar = await rawSocket();
    liar.write(encodeFrame(Uint8Array.from([...w.toBytes(), ...new Uint8Array(16)])));
    await closedBy(liar);
    await stillServing('liar');
  });

  it('frames above jute.maxbuffer close the connection; a frame of exactly jute.maxbuffer is served', async () => {
    const client = await WireClient.connect({ port });
    const overhead = createFrameBytes('/big', '');
    expect(await client.create('/big', 'x'.repeat(frameBytesMax - overhead))).toBe('/big');
    client.sendCreate('/bigger', 'x'.repeat(frameBytesMax - overhead + 1));
    await client.raw.closedByServer();
    const huge = await rawSocket();
    huge.write(bytes(0x7f, 0xff, 0xff, 0xff));
    await closedBy(huge);
    await stillServing('maxbuffer');
  });

  it('many idle connections from one host: those past maxClientCnxns are refused, others are served', async () => {
    const idle = await Promise.all(Array.from({ length: connectionsPerHostMax + 10 }, () => rawSocket('127.0.0.2')));
    try {
      let closed = 0;
      for (const socket of idle) socket.once('close', () => (closed += 1));
      await waitUntil(() => closed >= 10, '10 refused connections', () => `${closed} closed`, 10_000);
      expect(closed).toBe(10);
      expect(server.stats().listener.connections()).toBe(connectionsPerHostMax + 1); // + the bystander
      await stillServing('idle');
    } finally {
      for (const socket of idle) socket.destroy();
    }
  });
});

describe('bad requests ZooKeeper 3.8 answers with an error and keeps the session', () => {
  it('a huge vector count in a request body is MARSHALLINGERROR, decoded without allocating it', async () => {
    const client = await WireClient.connect({ port });
    try {
      const body = new JuteWriter().writeInt(7).writeInt(OpCode.create).writeUstring('/v').writeBuffer(new Uint8Array(1))
        .writeInt(0x7fffffff).toBytes();
      client.raw.send('hugeVector', body);
      expect(readReplyHeader(await client.raw.receive('hugeVectorReply')).header).toMatchObject({ xid: 7, err: ErrorCode.MARSHALLINGERROR });
      expect(await client.create('/after-vector', 'v')).toBe('/after-vector');
    } finally {
      client.close();
    }
    await stillServing('vector');
  });

  it('deep paths are answered (NONODE), not recursed into', async () => {
    const client = await WireClient.connect({ port, waitMs: 20_000 });
    try {
      const deep = '/d'.repeat(1500);
      expect(await client.getData(deep)).toBe(ErrorCode.NONODE);
      expect(await client.create(deep, 'x')).toBe(ErrorCode.NONODE);
      let path = '';
      for (let depth = 0; depth < 300; depth += 1) {
        path += '/n';
        expect(await client.create(path, '')).toBe(path);
      }
      expect(await client.getData(path)).toBe('');
    } finally {
      client.close();
    }
    await stillServing('deep');
  });

  it.each(['a', '/a/', '//', '/a//b', '/a/./b', '/a/../b', '/.', '', '/x\u0000y'])('invalid path %j is BADARGUMENTS', async (path) => {
    const client = await WireClient.connect({ port });
    try {
      expect(await client.create(path, 'x')).toBe(ErrorCode.BADARGUMENTS);
      expect(await client.create(`/valid-${path.length}-${path.charCodeAt(1) || 0}`, 'x')).toMatch(/^\/valid-/);
    } finally {
      client.close();
    }
  });
});

function createFrameBytes(path: string, data: string): number {
  const w = new JuteWriter().writeInt(1).writeInt(OpCode.create).writeUstring(path).writeBuffer(Buffer.from(data))
    .writeInt(1).writeInt(31).writeUstring('world').writeUstring('anyone').writeInt(0);
  return w.toBytes().length;
}

function rawSocket(localAddress = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: '127.0.0.1', port, localAddress }, () => resolve(socket));
    socket.once('error', reject);
  });
}

function closedBy(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not close the connection within 10 s')), 10_000);
    socket.on('data', () => undefined);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
