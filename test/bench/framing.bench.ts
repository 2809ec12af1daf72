// Framed messages over a loopback socket versus a raw Node socket moving the same payloads without framing.
import * as net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Observable } from 'rxjs';
import { dial, framed, listen, type ListenEvent, type SocketDuplex } from '../../streams/index.js';
import { median, printTable, type Figure } from './report.js';

const host = '127.0.0.1';

interface Run {
  readonly seconds: number;
  /** CPU time (user + system) the process spent, sender and receiver together: robust to other load. */
  readonly cpuSeconds: number;
  readonly messages: number;
  readonly payloadBytes: number;
}

/** Raw: the client writes each payload as its own write() (same write pattern as framing), the server counts bytes. */
async function rawRun(payload: Uint8Array, messages: number): Promise<Run> {
  const total = payload.length * messages;
  let serverSocket: net.Socket | undefined;
  const server = net.createServer((socket) => (serverSocket = socket));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as net.AddressInfo).port;
  const client = net.connect({ host, port });
  client.setNoDelay(true);
  await new Promise<void>((resolve) => client.once('connect', resolve));
  while (serverSocket === undefined) await new Promise((resolve) => setImmediate(resolve));
  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  const received = new Promise<void>((resolve) => {
    let count = 0;
    serverSocket?.on('data', (chunk: Buffer) => {
      count += chunk.length;
      if (count >= total) resolve();
    });
  });
  for (let sent = 0; sent < messages; ) {
    if (!client.write(payload)) await new Promise((resolve) => client.once('drain', resolve));
    sent += 1;
  }
  await received;
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpuSecondsSince(cpuStarted);
  client.destroy();
  serverSocket.destroy();
  server.close();
  return { seconds, cpuSeconds, messages, payloadBytes: total };
}

async function framedRun(payload: Uint8Array, messages: number): Promise<Run> {
  const events$ = listen({ host, port: 0 });
  let accept: (c: SocketDuplex) => void = () => undefined;
  const accepted = new Promise<SocketDuplex>((resolve) => (accept = resolve));
  let port = 0;
  const listening = events$.subscribe((e: ListenEvent) => {
    if (e.kind === 'listening') port = e.address.port;
    else accept(e.connection);
  });
  while (port === 0) await new Promise((resolve) => setImmediate(resolve));
  let clientSocket: SocketDuplex | undefined;
  const dialing = dial({ host, port }).subscribe((c) => (clientSocket = c));
  const server = framed(await accepted, { frameBytesMax: 1 << 20 });
  while (clientSocket === undefined) await new Promise((resolve) => setImmediate(resolve));
  const client = framed(clientSocket, { frameBytesMax: 1 << 20 });
  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  const received = new Promise<void>((resolve) => {
    let count = 0;
    server.input$.subscribe(() => {
      count += 1;
      if (count === messages) resolve();
    });
  });
  for (let sent = 0; sent < messages; ) {
    if (!client.send(payload)) await nextReady(client.ready$);
    sent += 1;
  }
  await received;
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpuSecondsSince(cpuStarted);
  dialing.unsubscribe();
  listening.unsubscribe();
  return { seconds, cpuSeconds, messages, payloadBytes: payload.length * messages };
}

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

function nextReady(ready$: Observable<void>): Promise<void> {
  return new Promise((resolve) => {
    const subscription = ready$.subscribe(() => {
      queueMicrotask(() => subscription.unsubscribe());
      resolve();
    });
  });
}

/** Alternates reference and ours round by round (so background load hits both alike); medians of each. */
async function interleaved(reference: () => Promise<Run>, ours: () => Promise<Run>, rounds: number): Promise<[Run, Run]> {
  const refRuns: Run[] = [];
  const ourRuns: Run[] = [];
  for (let i = 0; i < rounds; i += 1) {
    refRuns.push(await reference());
    ourRuns.push(await ours());
  }
  const pick = (runs: Run[]): Run => ({
    ...(runs[0] as Run),
    seconds: median(runs.map((r) => r.seconds)),
    cpuSeconds: median(runs.map((r) => r.cpuSeconds)),
  });
  return [pick(refRuns), pick(ourRuns)];
}

export async function benchFraming(): Promise<void> {
  const figures: Figure[] = [];
  for (const [size, messages, goal] of [
    [176, 200_000, 0.5],
    [64 * 1024, 4_000, 0.8],
  ] as const) {
    const payload = new Uint8Array(size).fill(7);
    await rawRun(payload, Math.min(messages, 2000)); // warm both paths
    await framedRun(payload, Math.min(messages, 2000));
    const [raw, ours] = await interleaved(() => rawRun(payload, messages), () => framedRun(payload, messages), 7);
    const label = size === 176 ? '176 B (notification)' : '64 KiB';
    figures.push({ label: `${label} msgs/s`, ours: ours.messages / ours.seconds, reference: raw.messages / raw.seconds, unit: 'msg/s', better: 'higher', goal });
    figures.push({ label: `${label} MB/s`, ours: ours.payloadBytes / ours.seconds / 1e6, reference: raw.payloadBytes / raw.seconds / 1e6, unit: 'MB/s', better: 'higher', goal });
    figures.push({ label: `${label} msgs per CPU-second`, ours: ours.messages / ours.cpuSeconds, reference: raw.messages / raw.cpuSeconds, unit: 'msg/cpu-s', better: 'higher' });
  }
  printTable('Framing over loopback (median of 7, interleaved)', 'raw Node socket', figures);
}
