import { describe, expect, it } from 'vitest';
import { toArray, firstValueFrom } from 'rxjs';
import { InputAlreadyConsumedError, encodeFrame, FrameLengthError, framed, memoryDuplexPair } from '../../streams/index.js';
import { marbles } from '../support/marbles.js';
import { concat, int32 } from '../support/bytes.js';

describe('memoryDuplexPair', () => {
  it('delivers what one end sends to the other, buffering until someone reads', async () => {
    const [left, right] = memoryDuplexPair<string, string>();
    left.send('a');
    left.send('b');
    const received = firstValueFrom(right.input$.pipe(toArray()));
    left.send('c');
    left.close();
    expect(await received).toEqual(['a', 'b', 'c']);
  });

  it('delivers after a delay on the given scheduler', marbles((m) => {
    const [left, right] = memoryDuplexPair<string, string>({ scheduler: m.scheduler, delayMs: 2 });
    m.cold('a-b-|').subscribe({ next: (x) => left.send(x), complete: () => left.close() });
    m.expect(right.input$).toBeObservable('--a-b-|');
  }));

  it('a destroy with an error reaches the other side as an error, and both see closed$', async () => {
    const [left, right] = memoryDuplexPair<string, string>();
    const failure = new Error('boom');
    const outcome = firstValueFrom(right.input$.pipe(toArray())).catch((e: unknown) => e);
    left.destroy(failure);
    expect(await outcome).toBe(failure);
    expect(await firstValueFrom(left.closed$)).toEqual({ error: failure });
    expect(await firstValueFrom(right.closed$)).toEqual({ error: failure });
    expect(left.send('late')).toBe(false);
  });

  it('unsubscribing from input$ closes the pair', async () => {
    const [left, right] = memoryDuplexPair<string, string>();
    right.input$.subscribe().unsubscribe();
    expect(await firstValueFrom(left.closed$)).toEqual({});
    expect(left.send('x')).toBe(false);
  });

  it('refuses a second concurrent reader', async () => {
    const [, right] = memoryDuplexPair<string, string>();
    right.input$.subscribe();
    await expect(firstValueFrom(right.input$)).rejects.toBeInstanceOf(InputAlreadyConsumedError);
  });
});

describe('framed', () => {
  it('frames what it sends and unframes what it reads', async () => {
    const [left, right] = memoryDuplexPair<Uint8Array, Uint8Array>();
    const leftFrames = framed(left, { frameBytesMax: 100 });
    const rightFrames = framed(right, { frameBytesMax: 100 });
    const received = firstValueFrom(rightFrames.input$.pipe(toArray()));
    leftFrames.send(new Uint8Array([1, 2]));
    leftFrames.send(new Uint8Array([3]));
    leftFrames.close();
    expect(await received).toEqual([new Uint8Array([1, 2]), new Uint8Array([3])]);
  });

  it('a lying length errors input$ and closes the transport', async () => {
    const [left, right] = memoryDuplexPair<Uint8Array, Uint8Array>();
    const rightFrames = framed(right, { frameBytesMax: 100 });
    const outcome = firstValueFrom(rightFrames.input$).catch((e: unknown) => e);
    left.send(concat([encodeFrame(new Uint8Array([9])).subarray(0, 0), int32(1_000_000)]));
    expect(await outcome).toBeInstanceOf(FrameLengthError);
    expect(left.send(new Uint8Array([1]))).toBe(false);
  });
});
