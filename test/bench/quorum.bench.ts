// Quorum manager benchmarks on loopback, each beside raw Node sockets doing the same minimum work in the same run:
// (1) time from dialling every peer to a full N-peer mesh (N = 3, 5, 7, 9), against raw sockets where the larger
// sid of each pair dials and sends its 34-byte initial message; (2) notification frames per second through one
// link, toSend -> inbound$, against 180-byte frames written on a raw socket and counted by a raw reader.
import * as net from 'node:net';
import { performance } from 'node:perf_hooks';
import { createQuorumManager, type QuorumManager } from '../../src/quorum/manager.js';
import { encodeInitialMessage } from '../../src/quorum/initialMessage.js';
import { freePorts } from '../support/ports.js';
import { median, printTable, type Figure } from './report.js';

const host = '127.0.0.1';
const rounds = 5;
/** Bound on polling loops: a run that has not finished after this many event-loop turns is broken. */
const turnsMax = 5_000_000;

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function ourMesh(size: number): Promise<number> {
  const ports = await freePorts(size);
  const servers = new Map(ports.map((port, i) => [BigInt(i + 1), { electionAddresses: [{ host, port }], type: 'participant' as const }]));
  const managers: QuorumManager[] = [...servers.keys()].map((sid) => createQuorumManager({ sid, servers }));
  let listening = 0;
  managers.forEach((m) => m.events$.subscribe((e) => { if (e.kind === 'listening') listening += 1; }));
  for (let t = 0; listening < size; t += 1) if (t > turnsMax) throw new Error('listeners'); else await turn();
  const started = performance.now();
  managers.forEach((m, i) => servers.forEach((_, sid) => sid !== BigInt(i + 1) && m.connectOne(sid)));
  for (let t = 0; !managers.every((m) => m.connectedSids().length === size - 1); t += 1) {
    if (t > turnsMax) throw new Error('mesh never formed');
    await turn();
  }
  const ms = performance.now() - started;
  await Promise.all(managers.map((m) => m.stop()));
  return ms;
}

async function rawMesh(size: number): Promise<number> {
  const ports = await freePorts(size);
  let linked = 0;
  const sockets: net.Socket[] = [];
  const servers = await Promise.all(ports.map((port) => new Promise<net.Server>((resolve) => {
    const server = net.createServer((socket) => {
      sockets.push(socket);
      let got = 0;
      socket.on('data', (chunk) => { got += chunk.length; if (got >= 34 && got - chunk.length < 34) linked += 1; });
    });
    server.listen(port, host, () => resolve(server));
  })));
  const started = performance.now();
  ports.forEach((_, i) => ports.forEach((port, j) => {
    if (j >= i) return; // the larger sid (i) dials the smaller (j)
    const socket = net.connect({ host, port }, () => socket.write(encodeInitialMessage({ sid: BigInt(i + 1), addresses: [{ host, port: ports[i] as number }] })));
    socket.setNoDelay(true);
    sockets.push(socket);
  }));
  const links = (size * (size - 1)) / 2;
  for (let t = 0; linked < links; t += 1) if (t > turnsMax) throw new Error('raw mesh'); else await turn();
  const ms = performance.now() - started;
  sockets.forEach((s) => s.destroy());
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ms;
}

const notification = new Uint8Array(176).fill(3);
const batch = 64;

async function ourLink(messages: number): Promise<{ seconds: number; dropped: number }> {
  const [p1, p2] = (await freePorts(2)) as [number, number];
  const servers = new Map([[1n, { electionAddresses: [{ host, port: p1 }], type: 'participant' as const }],
    [2n, { electionAddresses: [{ host, port: p2 }], type: 'participant' as const }]]);
  const m1 = createQuorumManager({ sid: 1n, servers });
  const m2 = createQuorumManager({ sid: 2n, servers });
  let received = 0;
  let dropped = 0;
  m1.inbound$.subscribe(() => (received += 1));
  let listening = 0;
  m1.events$.subscribe((e) => { if (e.kind === 'listening') listening += 1; });
  m2.events$.subscribe((e) => {
    if (e.kind === 'dropped') dropped = e.droppedTotal;
    if (e.kind === 'listening') listening += 1;
  });
  for (let t = 0; listening < 2; t += 1) if (t > turnsMax) throw new Error('listeners'); else await turn();
  m2.toSend(1n, notification);
  for (let t = 0; received < 1; t += 1) if (t > turnsMax) throw new Error('link'); else await turn();
  received = 0;
  const droppedBefore = dropped;
  const started = performance.now();
  for (let sent = 0; sent < messages; sent += batch) {
    for (let i = 0; i < batch; i += 1) m2.toSend(1n, notification);
    await turn();
  }
  for (let t = 0; received + dropped - droppedBefore < messages; t += 1) if (t > turnsMax) throw new Error('frames'); else await turn();
  const seconds = (performance.now() - started) / 1000;
  await Promise.all([m1.stop(), m2.stop()]);
  return { seconds, dropped: dropped - droppedBefore };
}

async function rawLink(messages: number): Promise<number> {
  const frame = Buffer.alloc(180, 3);
  frame.writeInt32BE(176, 0);
  let received = 0;
  let reader: net.Socket | undefined;
  const server = net.createServer((socket) => {
    reader = socket;
    let bytes = 0;
    socket.on('data', (chunk) => { bytes += chunk.length; received = Math.floor(bytes / 180); });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const writer = net.connect({ host, port: (server.address() as net.AddressInfo).port });
  writer.setNoDelay(true);
  await new Promise((resolve) => writer.once('connect', resolve));
  const started = performance.now();
  for (let sent = 0; sent < messages; sent += batch) {
    for (let i = 0; i < batch; i += 1) writer.write(frame);
    await turn();
  }
  for (let t = 0; received < messages; t += 1) if (t > turnsMax) throw new Error('raw frames'); else await turn();
  const seconds = (performance.now() - started) / 1000;
  writer.destroy();
  reader?.destroy();
  await new Promise((resolve) => server.close(resolve));
  return seconds;
}

export async function benchQuorum(): Promise<void> {
  const meshFigures: Figure[] = [];
  for (const size of [3, 5, 7, 9]) {
    await ourMesh(size); // warm-up
    const ours: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < rounds; i += 1) {
      raw.push(await rawMesh(size));
      ours.push(await ourMesh(size));
    }
    meshFigures.push({ label: `N=${size} (${(size * (size - 1)) / 2} links)`, ours: median(ours), reference: median(raw), unit: 'ms', better: 'lower' });
  }
  printTable(`Quorum mesh formation on loopback: dial every peer -> full mesh (median of ${rounds})`, 'raw sockets, hello only', meshFigures);

  const messages = 100_000;
  await ourLink(10_000);
  const ourRuns: { seconds: number; dropped: number }[] = [];
  const rawRuns: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    rawRuns.push(await rawLink(messages));
    ourRuns.push(await ourLink(messages));
  }
  const ourSeconds = median(ourRuns.map((r) => r.seconds));
  printTable(`Notification frames (176 B) through one link, batches of ${batch} per event-loop turn (median of ${rounds})`,
    'raw socket', [{ label: 'frames/s', ours: messages / ourSeconds, reference: messages / median(rawRuns), unit: 'frames/s', better: 'higher' }]);
  console.log(`send-queue drops (capacity 1, drop oldest) per run: ${ourRuns.map((r) => r.dropped).join(', ')} of ${messages}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchQuorum();
