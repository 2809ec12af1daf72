// A send queue as a Subject with bounded buffering. Producers call next(); one consumer at a time drains it, either
// by subscribing or through pipeTo(target), which honours the target's backpressure. When the consumer cannot take
// an item, items wait here, and a full queue applies its overflow policy (ZooKeeper's send queues: capacity 1, drop
// the oldest). The last item handed to a consumer is remembered, because ZooKeeper re-sends it on reconnect.
import { Observable, Subject, Subscription, type Observer, type Subscriber } from 'rxjs';

export type OverflowPolicy = 'dropOldest' | 'dropNewest' | 'error';

export interface BoundedQueueConfig {
  readonly capacity: number;
  readonly overflow?: OverflowPolicy;
}

export class QueueOverflowError extends Error {
  override readonly name = 'QueueOverflowError';
  readonly capacity: number;
  constructor(capacity: number) {
    super(`queue overflow: capacity ${capacity} reached`);
    this.capacity = capacity;
  }
}

/** Where a consumer takes items: false means "no more for now, wait for ready$". */
export interface QueueTarget<T> {
  send(item: T): boolean;
  readonly ready$: Observable<unknown>;
}

interface Consumer<T> {
  offer(item: T): boolean;
  end(error?: unknown): void;
}

export class BoundedQueue<T> extends Observable<T> implements Observer<T> {
  readonly capacity: number;
  readonly overflow: OverflowPolicy;
  private readonly ring: (T | undefined)[];
  private head = 0;
  private count = 0;
  private droppedCount = 0;
  private readonly droppedSubject = new Subject<number>();
  private consumer: Consumer<T> | undefined;
  private paused = false;
  private flushing = false;
  private finished: { error?: unknown } | undefined;
  private last: T | undefined;

  /** Cumulative drop count, emitted at each drop. */
  readonly dropped$: Observable<number> = this.droppedSubject.asObservable();

  constructor(config: BoundedQueueConfig) {
    let self: BoundedQueue<T> | undefined;
    super((subscriber) => (self as BoundedQueue<T>).attachSubscriber(subscriber));
    self = this;
    const { capacity, overflow = 'dropOldest' } = config;
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.overflow = overflow;
    this.ring = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  get lastDelivered(): T | undefined {
    return this.last;
  }

  isEmpty(): boolean {
    return this.count === 0;
  }

  next(item: T): void {
    if (this.finished !== undefined) return;
    if (this.count === this.capacity) {
      if (this.overflow === 'error') {
        this.error(new QueueOverflowError(this.capacity));
        return;
      }
      this.countDrop();
      if (this.overflow === 'dropNewest') return;
      this.shift();
    }
    this.ring[(this.head + this.count) % this.capacity] = item;
    this.count += 1;
    this.flush();
  }

  error(error: unknown): void {
    if (this.finished !== undefined) return;
    this.finished = { error };
    this.clear();
    this.droppedSubject.complete();
    this.consumer?.end(error);
  }

  complete(): void {
    if (this.finished !== undefined) return;
    this.finished = {};
    this.droppedSubject.complete();
    this.flush();
  }

  /** Takes one item now, bypassing any consumer; it counts as delivered. */
  poll(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.shift();
    this.last = item;
    return item;
  }

  /** Delivers items into target one at a time, pausing while target.send() answers false until ready$ emits. */
  pipeTo(target: QueueTarget<T>): Subscription {
    const subscription = new Subscription();
    let readySubscription: Subscription | undefined;
    const consumer: Consumer<T> = {
      offer: (item) => {
        const more = target.send(item);
        if (!more && readySubscription === undefined) {
          readySubscription = target.ready$.subscribe(() => {
            readySubscription?.unsubscribe();
            readySubscription = undefined;
            this.paused = false;
            this.flush();
          });
          subscription.add(readySubscription);
        }
        return more;
      },
      end: () => subscription.unsubscribe(),
    };
    if (!this.attach(consumer)) throw new Error('BoundedQueue already has a consumer');
    subscription.add(() => this.detach(consumer));
    this.flush();
    return subscription;
  }

  private attachSubscriber(subscriber: Subscriber<T>): (() => void) | undefined {
    const consumer: Consumer<T> = {
      offer: (item) => {
        subscriber.next(item);
        return true;
      },
      end: (error) => (error === undefined ? subscriber.complete() : subscriber.error(error)),
    };
    if (!this.attach(consumer)) {
      subscriber.error(new Error('BoundedQueue already has a consumer'));
      return undefined;
    }
    if (this.finished?.error !== undefined) {
      consumer.end(this.finished.error);
      return undefined;
    }
    this.flush();
    return () => this.detach(consumer);
  }

  private attach(consumer: Consumer<T>): boolean {
    if (this.consumer !== undefined) return false;
    this.consumer = consumer;
    this.paused = false;
    return true;
  }

  private detach(consumer: Consumer<T>): void {
    if (this.consumer === consumer) this.consumer = undefined;
  }

  /** Hands queued items to the consumer until it pauses or the queue is empty; re-entrant calls are absorbed. */
  private flush(): void {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.consumer !== undefined && !this.paused && this.count > 0) {
        const item = this.shift();
        this.last = item;
        if (!this.consumer.offer(item)) this.paused = true;
      }
      if (this.finished !== undefined && this.finished.error === undefined && this.count === 0) this.consumer?.end();
    } finally {
      this.flushing = false;
    }
  }

  private shift(): T {
    const item = this.ring[this.head] as T;
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count -= 1;
    return item;
  }

  private clear(): void {
    while (this.count > 0) this.shift();
  }

  private countDrop(): void {
    this.droppedCount += 1;
    this.droppedSubject.next(this.droppedCount);
  }
}
