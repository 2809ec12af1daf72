import { describe, expect, it } from 'vitest';
import { Subject } from 'rxjs';
import { BoundedQueue, QueueOverflowError } from '../../streams/index.js';
import { marbles } from '../support/marbles.js';

/** A consumer whose send() answers false while it is "full", until release() lets it take more. */
function gatedTarget<T>() {
  const received: T[] = [];
  const ready$ = new Subject<void>();
  let open = true;
  return {
    received,
    ready$,
    send(item: T): boolean {
      received.push(item);
      return open;
    },
    block() {
      open = false;
    },
    release() {
      open = true;
      ready$.next();
    },
  };
}

describe('BoundedQueue', () => {
  it('keeps only the newest items when nobody consumes, counting the drops', marbles((m) => {
    const queue = new BoundedQueue<string>({ capacity: 2 });
    const producer = m.hot('-a-b-c-d------|');
    const consumer = '      --------^-----';
    const expected = '      --------(cd)--|';
    producer.subscribe(queue);
    m.expect(queue, consumer).toBeObservable(expected);
    m.flush();
    expect(queue.dropped).toBe(2);
  }));

  it('with capacity 1 and drop-oldest behaves as ZooKeeper send queues: the latest message wins', marbles((m) => {
    const queue = new BoundedQueue<string>({ capacity: 1 });
    const drops: number[] = [];
    queue.dropped$.subscribe((n) => drops.push(n));
    m.hot('-a-b-c-----|').subscribe(queue);
    m.expect(queue, '------^----').toBeObservable('------c----|');
    m.flush();
    expect(drops).toEqual([1, 2]);
  }));

  it('passes items straight through while a consumer is attached', marbles((m) => {
    const queue = new BoundedQueue<string>({ capacity: 1 });
    m.hot('-a-b-c-|').subscribe(queue);
    m.expect(queue).toBeObservable('-a-b-c-|');
    m.flush();
    expect(queue.dropped).toBe(0);
    expect(queue.lastDelivered).toBe('c');
  }));

  it('drop-newest refuses new items when full', () => {
    const queue = new BoundedQueue<number>({ capacity: 2, overflow: 'dropNewest' });
    [1, 2, 3, 4].forEach((n) => queue.next(n));
    expect([queue.poll(), queue.poll(), queue.poll()]).toEqual([1, 2, undefined]);
    expect(queue.dropped).toBe(2);
  });

  it('the error policy errors the consumer with a typed error', marbles((m) => {
    const queue = new BoundedQueue<string>({ capacity: 1, overflow: 'error' });
    m.hot('-a-b-').subscribe(queue);
    m.expect(queue, '----^').toBeObservable('----#', undefined, new QueueOverflowError(1));
  }));

  it('pipeTo waits for ready$ when the target is full, and drops the oldest meanwhile', () => {
    const queue = new BoundedQueue<number>({ capacity: 1 });
    const target = gatedTarget<number>();
    const subscription = queue.pipeTo(target);
    queue.next(1);
    target.block();
    queue.next(2); // accepted, but the target says it is now full
    queue.next(3); // waits in the queue
    queue.next(4); // replaces 3
    expect(target.received).toEqual([1, 2]);
    expect(queue.size).toBe(1);
    expect(queue.dropped).toBe(1);
    target.release();
    expect(target.received).toEqual([1, 2, 4]);
    expect(queue.lastDelivered).toBe(4);
    subscription.unsubscribe();
    queue.next(5);
    expect(target.received).toEqual([1, 2, 4]);
    expect(queue.size).toBe(1);
  });

  it('remembers the last delivered item across consumers, for resend on reconnect', () => {
    const queue = new BoundedQueue<string>({ capacity: 1 });
    const first = gatedTarget<string>();
    const link = queue.pipeTo(first);
    queue.next('vote-1');
    link.unsubscribe();
    expect(queue.isEmpty()).toBe(true);
    expect(queue.lastDelivered).toBe('vote-1');
  });

  it('allows one consumer at a time', () => {
    const queue = new BoundedQueue<number>({ capacity: 1 });
    queue.subscribe();
    let error: unknown;
    queue.subscribe({ error: (e: unknown) => (error = e) });
    expect(String(error)).toContain('already has a consumer');
  });

  it('completes its consumer after the queued items drain', marbles((m) => {
    const queue = new BoundedQueue<string>({ capacity: 3 });
    m.hot('-a-b-|').subscribe(queue);
    m.expect(queue, '-------^').toBeObservable('-------(ab|)');
  }));
});
