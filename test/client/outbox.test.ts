// The outbox writes every frame of a turn as one buffer with correct length prefixes, and a request that fails to
// encode leaves the frames before it intact and adds no bytes of its own.
import { describe, expect, it } from 'vitest';
import { TestScheduler } from 'rxjs/testing';
import { FrameDecoder } from '../../streams/index.js';
import { JuteReader, decodeRecord } from '../../src/jute/index.js';
import {
  OpCode, connectRequestCodec, existsRequestCodec, readRequestHeader, setDataRequestCodec,
} from '../../src/proto/index.js';
import { Outbox } from '../../src/client/outbox.js';

function harness() {
  const scheduler = new TestScheduler(() => undefined);
  const writes: Uint8Array[] = [];
  let stamped = 0;
  const outbox = new Outbox({ send: (bytes) => writes.push(bytes) > 0 }, scheduler, () => { stamped += 1; });
  return { scheduler, writes, outbox, stamps: () => stamped };
}

function frames(writes: readonly Uint8Array[]): Uint8Array[] {
  const decoder = new FrameDecoder({ frameBytesMax: 1 << 20 });
  return writes.flatMap((chunk) => decoder.push(chunk));
}

describe('Outbox', () => {
  it('frames pushed in one turn leave in one write, each with its own length', () => {
    const { scheduler, writes, outbox, stamps } = harness();
    outbox.pushRequest({ xid: 1, type: OpCode.exists }, existsRequestCodec, { path: '/a', watch: false });
    outbox.pushPayload(new Uint8Array([9, 9, 9]));
    outbox.pushRequest({ xid: 2, type: OpCode.exists }, existsRequestCodec, { path: '/bb/cc', watch: true });
    expect(writes).toHaveLength(0);
    scheduler.flush();
    expect(writes).toHaveLength(1);
    expect(stamps()).toBe(1);
    const out = frames(writes);
    expect(out).toHaveLength(3);
    const first = readRequestHeader(out[0] as Uint8Array);
    expect(first.header).toEqual({ xid: 1, type: OpCode.exists });
    expect(existsRequestCodec.decode(first.reader)).toEqual({ path: '/a', watch: false });
    expect([...(out[1] as Uint8Array)]).toEqual([9, 9, 9]);
    const third = readRequestHeader(out[2] as Uint8Array);
    expect(third.header.xid).toBe(2);
    expect(existsRequestCodec.decode(third.reader)).toEqual({ path: '/bb/cc', watch: true });
  });

  it('a request that cannot be encoded throws and leaves no partial bytes behind', () => {
    const { scheduler, writes, outbox } = harness();
    outbox.pushRequest({ xid: 1, type: OpCode.exists }, existsRequestCodec, { path: '/ok', watch: false });
    expect(() => outbox.pushRequest({ xid: 2, type: OpCode.setData }, setDataRequestCodec,
      { path: '/bad', data: new Uint8Array(1), version: 1.5 })).toThrow(RangeError);
    outbox.pushRequest({ xid: 3, type: OpCode.exists }, existsRequestCodec, { path: '/after', watch: false });
    scheduler.flush();
    const out = frames(writes);
    expect(out.map((frame) => readRequestHeader(frame).header.xid)).toEqual([1, 3]);
    const reader = new JuteReader(out[1] as Uint8Array);
    reader.readInt();
    reader.readInt();
    expect(reader.readUstring()).toBe('/after');
  });

  it('a record written now leaves at once behind what was waiting, and nothing is left for the turn', () => {
    const { scheduler, writes, outbox, stamps } = harness();
    outbox.pushPayload(new Uint8Array([7]));
    const connect = { protocolVersion: 0, lastZxidSeen: 5n, timeOut: 30_000, sessionId: 0n,
      passwd: new Uint8Array(16), readOnly: false };
    outbox.writeRecordNow(connectRequestCodec, connect);
    expect(writes).toHaveLength(1);
    expect(stamps()).toBe(1);
    const out = frames(writes);
    expect(out).toHaveLength(2);
    expect([...(out[0] as Uint8Array)]).toEqual([7]);
    expect(decodeRecord(connectRequestCodec, out[1] as Uint8Array)).toEqual(connect);
    scheduler.flush();
    expect(writes).toHaveLength(1);
    expect(stamps()).toBe(1);
  });

  it('a record that cannot be encoded throws, writes nothing, and keeps what was waiting', () => {
    const { scheduler, writes, outbox } = harness();
    outbox.pushPayload(new Uint8Array([7]));
    expect(() => outbox.writeRecordNow(connectRequestCodec, { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 0.5,
      sessionId: 0n, passwd: new Uint8Array(16), readOnly: false })).toThrow(RangeError);
    expect(writes).toHaveLength(0);
    scheduler.flush();
    expect(frames(writes).map((frame) => [...frame])).toEqual([[7]]);
  });

  it('a burst above the byte budget is written at once, the rest on the turn', () => {
    const { scheduler, writes, outbox } = harness();
    const path = `/${'p'.repeat(1000)}`;
    for (let xid = 1; xid <= 300; xid += 1) {
      outbox.pushRequest({ xid, type: OpCode.exists }, existsRequestCodec, { path, watch: false });
    }
    expect(writes.length).toBeGreaterThanOrEqual(1);
    scheduler.flush();
    expect(frames(writes).map((frame) => readRequestHeader(frame).header.xid))
      .toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });
});
