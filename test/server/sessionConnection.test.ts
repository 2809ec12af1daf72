// Flow control of one session connection: reading pauses while too many of its requests wait for the pipeline or
// while its replies back up unread, and resumes once it is served, so one greedy client cannot grow the server's
// memory without bound. A fake socket records pause/resume; frames arrive on a Subject.
import { describe, expect, it } from 'vitest';
import { Subject } from 'rxjs';
import { encodeFrame, type SocketDuplex } from '../../streams/index.js';
import { encodeRecord } from '../../src/jute/record.js';
import { silentLogger } from '../../src/logging.js';
import { connectRequestCodec } from '../../src/proto/connectRequest.js';
import { OpCode } from '../../src/proto/opCodes.js';
import { opRecords } from '../../src/proto/opRecords.js';
import { encodeRequest } from '../../src/proto/packet.js';
import { IN_FLIGHT_REQUESTS_MAX, SessionConnection } from '../../src/server/sessionConnection.js';

function fakeSocket(sendAnswers: () => boolean) {
  const events: string[] = [];
  const ready$ = new Subject<void>();
  const closed$ = new Subject<{ error?: Error }>();
  const socket: SocketDuplex = {
    input$: new Subject<Uint8Array>(),
    send: () => sendAnswers(),
    ready$,
    close: () => undefined,
    destroy: () => undefined,
    closed$,
    pause: () => void events.push('pause'),
    resume: () => void events.push('resume'),
    local: { host: '127.0.0.1', port: 2181 },
    remote: { host: '127.0.0.1', port: 40000 },
  };
  return { socket, events, ready$ };
}

const connectFrame = encodeFrame(encodeRecord(connectRequestCodec, {
  protocolVersion: 0, lastZxidSeen: 0n, timeOut: 30_000, sessionId: 0n, passwd: new Uint8Array(16),
}));
const getDataFrame = (xid: number): Uint8Array =>
  encodeFrame(encodeRequest({ xid, type: OpCode.getData }, opRecords[OpCode.getData].request, { path: '/a', watch: false }));

function open(sendAnswers: () => boolean = () => true) {
  const { socket, events, ready$ } = fakeSocket(sendAnswers);
  const bytes$ = new Subject<Uint8Array>();
  const requests: number[] = [];
  const conn = new SessionConnection(socket, bytes$, {
    onConnect: (c) => {
      c.established = true;
      c.sessionId = 1n;
    },
    onRequest: (_c, header) => void requests.push(header.xid),
    onClosed: () => undefined,
  }, { id: 1, frameBytesMax: 1 << 20, logger: silentLogger });
  bytes$.next(connectFrame);
  return { conn, bytes$, events, requests, ready$ };
}

describe('SessionConnection flow control', () => {
  it('pauses reading at the in-flight limit and resumes below half of it', () => {
    const { conn, bytes$, events, requests } = open();
    for (let xid = 1; xid <= IN_FLIGHT_REQUESTS_MAX + 5; xid += 1) bytes$.next(getDataFrame(xid));
    expect(requests).toHaveLength(IN_FLIGHT_REQUESTS_MAX + 5); // frames already read are still handed on
    expect(events).toEqual(['pause']);
    for (let i = 0; i < IN_FLIGHT_REQUESTS_MAX / 2; i += 1) conn.requestStarted();
    expect(events).toEqual(['pause']); // still above half
    for (let i = 0; i < 10; i += 1) conn.requestStarted();
    expect(events).toEqual(['pause', 'resume']);
    expect(conn.requestsInFlight).toBeLessThanOrEqual(IN_FLIGHT_REQUESTS_MAX / 2);
  });

  it('pauses reading while replies back up unread, until the socket drains', () => {
    let accepting = true;
    const { conn, events, ready$ } = open(() => accepting);
    accepting = false;
    conn.send(new Uint8Array([1, 2, 3])); // the socket says: above its high-water mark
    conn.send(new Uint8Array([4]));
    expect(events).toEqual(['pause']);
    accepting = true;
    ready$.next();
    expect(events).toEqual(['pause', 'resume']);
  });
});

describe('SessionRouter', () => {
  it('a request that throws inside the server closes only its connection; the pipeline keeps serving', async () => {
    const { SessionRouter } = await import('../../src/server/sessionRouter.js');
    const { SessionTracker } = await import('../../src/server/sessionTracker.js');
    const { RequestPipeline } = await import('../../src/server/requestPipeline.js');
    type Core = ConstructorParameters<typeof SessionRouter>[0]['core'];
    const core = {
      lastZxid: 0n,
      createSession: () => undefined,
      process: () => {
        throw new Error('a bug in request processing');
      },
      watches: { removeWatcher: () => undefined },
    } as unknown as Core;
    const tracker = new SessionTracker({ tickTimeMs: 2000, firstSessionId: 0x100n });
    let router: InstanceType<typeof SessionRouter> | undefined;
    const pipeline = new RequestPipeline({
      append: async () => undefined,
      deliver: (outputs) => router?.deliver(outputs),
      onFatal: (error) => {
        throw new Error(`the pipeline must not fail: ${String(error)}`);
      },
    });
    router = new SessionRouter({ core, tracker, pipeline, minSessionTimeoutMs: 4000, maxSessionTimeoutMs: 40000,
      nowMs: () => 0, logger: silentLogger });
    const openConnection = (id: number) => {
      const closes: string[] = [];
      const sent: Uint8Array[] = [];
      const { socket } = fakeSocket(() => true);
      const bytes$ = new Subject<Uint8Array>();
      const conn = new SessionConnection({ ...socket, send: (b) => (sent.push(b), true), close: () => void closes.push('close') },
        bytes$, router as InstanceType<typeof SessionRouter>, { id, frameBytesMax: 1 << 20, logger: silentLogger });
      router?.add(conn);
      bytes$.next(connectFrame);
      return { bytes$, closes, sent };
    };
    const first = openConnection(1);
    await pipeline.idle();
    expect(first.sent).toHaveLength(1); // the ConnectResponse
    first.bytes$.next(getDataFrame(1));
    await pipeline.idle();
    expect(first.closes).toEqual(['close']);
    const second = openConnection(2);
    await pipeline.idle();
    expect(second.sent).toHaveLength(1);
    expect(second.closes).toEqual([]);
  });
});
