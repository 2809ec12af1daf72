import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as net from 'node:net';
import { Subscription, filter, firstValueFrom, map, take, toArray, type Observable, type SchedulerLike } from 'rxjs';
import {
  ConnectTimeoutError,
  FrameLengthError,
  dial,
  framed,
  listen,
  type ListenEvent,
  type SocketAddress,
  type SocketDuplex,
} from '../../streams/index.js';
import { marbles } from '../support/marbles.js';
import { int32, toHex } from '../support/bytes.js';

const loopback = '127.0.0.1';
let cleanup = new Subscription();
beforeEach(() => {
  cleanup = new Subscription();
});
afterEach(() => cleanup.unsubscribe());

/** Starts a listener on a free loopback port; resolves its address and the stream of accepted connections. */
async function startListener(): Promise<{ address: SocketAddress; connections$: Observable<SocketDuplex> }> {
  const events$ = new (await import('rxjs')).ReplaySubject<ListenEvent>();
  cleanup.add(listen({ host: loopback, port: 0 }).subscribe(events$));
  const listening = await firstValueFrom(events$.pipe(filter((e) => e.kind === 'listening')));
  const connections$ = events$.pipe(
    filter((e): e is Extract<ListenEvent, { kind: 'connection' }> => e.kind === 'connection'),
    map((e) => e.connection),
  );
  return { address: listening.address, connections$ };
}

async function connect(address: SocketAddress): Promise<SocketDuplex> {
  const connection$ = dial({ host: address.host, port: address.port, connectTimeoutMs: 2000 });
  return new Promise((resolve, reject) => {
    cleanup.add(connection$.subscribe({ next: resolve, error: reject }));
  });
}

describe('socket (loopback)', () => {
  it('carries frames both ways over a real socket', async () => {
    const { address, connections$ } = await startListener();
    // The server echoes every frame back with its bytes reversed.
    cleanup.add(
      connections$.subscribe((raw) => {
        const server = framed(raw, { frameBytesMax: 1 << 20 });
        server.input$.subscribe((frame) => server.send(frame.slice().reverse()));
      }),
    );
    const client = framed(await connect(address), { frameBytesMax: 1 << 20 });
    const big = new Uint8Array(300_000).map((_, i) => i % 251);
    const replies = firstValueFrom(client.input$.pipe(take(3), toArray()));
    client.send(new Uint8Array([1, 2, 3]));
    client.send(big);
    client.send(new Uint8Array([9]));
    const [a, b, c] = await replies;
    expect(toHex(a as Uint8Array)).toBe('030201');
    expect(toHex(b as Uint8Array)).toBe(toHex(big.slice().reverse()));
    expect(toHex(c as Uint8Array)).toBe('09');
  });

  it('a client that sends a lying length is disconnected; the listener keeps serving others', async () => {
    const { address, connections$ } = await startListener();
    const serverErrors: unknown[] = [];
    cleanup.add(
      connections$.subscribe((raw) => {
        const server = framed(raw, { frameBytesMax: 1024 });
        server.input$.subscribe({ next: (frame) => server.send(frame), error: (e: unknown) => serverErrors.push(e) });
      }),
    );
    const liar = await connect(address);
    const liarEnd = firstValueFrom(liar.input$.pipe(toArray()));
    liar.send(int32(0x7fffffff));
    expect(await liarEnd).toEqual([]); // the server closed it: EOF, nothing echoed
    expect(serverErrors).toHaveLength(1);
    expect(serverErrors[0]).toBeInstanceOf(FrameLengthError);

    const honest = framed(await connect(address), { frameBytesMax: 1024 });
    const echoed = firstValueFrom(honest.input$);
    honest.send(new Uint8Array([42]));
    expect(toHex(await echoed)).toBe('2a');
  });

  it('EOF from the peer completes only that connection', async () => {
    const { address, connections$ } = await startListener();
    const accepted: SocketDuplex[] = [];
    cleanup.add(connections$.subscribe((c) => accepted.push(c)));
    const first = await connect(address);
    const second = await connect(address);
    await waitFor(() => accepted.length === 2);
    const [serverFirst, serverSecond] = accepted as [SocketDuplex, SocketDuplex];
    const firstDone = firstValueFrom(serverFirst.input$.pipe(toArray()));
    first.close();
    expect(await firstDone).toEqual([]);
    const secondData = firstValueFrom(serverSecond.input$);
    second.send(new Uint8Array([7]));
    expect(toHex(await secondData)).toBe('07');
  });

  it('unsubscribing from input$ closes the socket', async () => {
    const { address, connections$ } = await startListener();
    const serverSide = firstValueFrom(connections$);
    const client = await connect(address);
    const server = await serverSide;
    const clientSawEof = firstValueFrom(client.input$.pipe(toArray()));
    server.input$.subscribe().unsubscribe();
    expect(await clientSawEof).toEqual([]);
    expect(await firstValueFrom(server.closed$)).toEqual({});
  });

  it('stopping the listener closes its accepted connections and frees the port', async () => {
    const events$ = listen({ host: loopback, port: 0 });
    const accepted: SocketDuplex[] = [];
    let port = 0;
    const subscription = events$.subscribe((e) => {
      if (e.kind === 'listening') port = e.address.port;
      else accepted.push(e.connection);
    });
    await waitFor(() => port !== 0);
    const client = await connect({ host: loopback, port });
    await waitFor(() => accepted.length === 1);
    const clientEnd = firstValueFrom(client.input$.pipe(toArray()));
    subscription.unsubscribe();
    expect(await clientEnd).toEqual([]);
    await expect(isPortFree(port)).resolves.toBe(true);
  });

  it('a bind failure errors the listen stream (so it can be retried)', async () => {
    const { address } = await startListener();
    await expect(firstValueFrom(listen({ host: loopback, port: address.port }))).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('both ends know their addresses: the dialed end when asked, the accepted end even after the close', async () => {
    const { address, connections$ } = await startListener();
    const serverSide = firstValueFrom(connections$);
    const client = await connect(address);
    const server = await serverSide;
    expect(client.remote).toEqual({ host: loopback, port: address.port });
    expect(client.local.host).toBe(loopback);
    client.input$.subscribe().unsubscribe();
    await firstValueFrom(server.input$.pipe(toArray()));
    expect(server.remote).toEqual(client.local);
    expect(server.local).toEqual({ host: loopback, port: address.port });
  });

  it('pause() stops reading (the bytes wait in the kernel) until resume()', async () => {
    const { address, connections$ } = await startListener();
    const serverSide = firstValueFrom(connections$);
    const client = await connect(address);
    const server = await serverSide;
    const received: number[] = [];
    server.input$.subscribe((bytes) => received.push(...bytes));
    server.pause?.();
    client.send(new Uint8Array([1, 2, 3]));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toEqual([]);
    server.resume?.();
    await waitFor(() => received.length === 3);
    expect(received).toEqual([1, 2, 3]);
  });

  it('send() reports backpressure and ready$ says when to go on', async () => {
    const { address, connections$ } = await startListener();
    const serverSide = firstValueFrom(connections$);
    const client = await connect(address);
    const server = await serverSide; // not reading yet: the kernel buffers fill up
    const chunk = new Uint8Array(64 * 1024);
    let sent = 0;
    while (client.send(chunk) && sent < 10_000) sent += 1;
    expect(sent).toBeLessThan(10_000);
    const ready = firstValueFrom(client.ready$);
    let received = 0;
    server.input$.subscribe((bytes) => (received += bytes.length));
    await ready;
    expect(received).toBeGreaterThan(0);
  });
});

describe('dial timeout (virtual time)', () => {
  it('errors with ConnectTimeoutError after connectTimeoutMs on the scheduler', marbles((m) => {
    // The dial cannot complete while the virtual clock runs synchronously, so only the timer decides.
    const attempt = dial({ host: loopback, port: 9, connectTimeoutMs: 5000, scheduler: m.scheduler });
    m.expect(attempt).toBeObservable('5000ms #', undefined, new ConnectTimeoutError({ host: loopback, port: 9 }, 5000));
  }));

  it('with connectTimeoutMs Infinity arms no timer: the caller bounds the dial by unsubscribing', () => {
    const delays: number[] = [];
    const spy: SchedulerLike = {
      now: () => 0,
      schedule: (_work: unknown, delay?: number) => {
        delays.push(delay ?? 0);
        return new Subscription();
      },
    } as SchedulerLike;
    dial({ host: loopback, port: 9, connectTimeoutMs: 5000, scheduler: spy }).subscribe({ error: () => undefined })
      .unsubscribe();
    dial({ host: loopback, port: 9, connectTimeoutMs: Number.POSITIVE_INFINITY, scheduler: spy })
      .subscribe({ error: () => undefined }).unsubscribe();
    expect(delays).toEqual([5000]);
  });
});

async function waitFor(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  for (let waited = 0; !predicate(); waited += 5) {
    if (waited > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, loopback, () => probe.close(() => resolve(true)));
  });
}
