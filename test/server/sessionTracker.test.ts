import { describe, expect, it } from 'vitest';
import { ExpiryQueue } from '../../src/server/expiryQueue.js';
import { SessionTracker } from '../../src/server/sessionTracker.js';

describe('ExpiryQueue buckets', () => {
  it('rounds now + timeout up to the next tick multiple', () => {
    const q = new ExpiryQueue<string>(2000);
    expect(q.bucketOf(0, 4000)).toBe(6000);
    expect(q.bucketOf(1999, 4000)).toBe(6000);
    expect(q.bucketOf(2000, 4000)).toBe(8000);
  });

  it('polls only due buckets and forgets moved items', () => {
    const q = new ExpiryQueue<string>(1000);
    q.update('a', 0, 3000);
    q.update('b', 0, 5000);
    q.update('a', 2500, 3000); // touched: moves from 4000 to 6000
    expect(q.poll(4000)).toEqual([]);
    expect(q.nextExpiryMs()).toBe(6000);
    expect(q.poll(6000).sort()).toEqual(['a', 'b']);
    expect(q.nextExpiryMs()).toBeUndefined();
  });
});

describe('SessionTracker in virtual time', () => {
  const tracker = (): SessionTracker => new SessionTracker({ tickTimeMs: 2000, firstSessionId: 0x0100000000000000n });

  it('a session without touches expires at its bucket, exactly once', () => {
    const t = tracker();
    const id = t.newSessionId();
    t.track(id, 4000, 0);
    expect(t.expire(4000)).toEqual([]);
    expect(t.expire(6000)).toEqual([id]);
    expect(t.expire(8000)).toEqual([]);
    expect(t.isLive(id)).toBe(false);
  });

  it('touching within the timeout keeps it alive', () => {
    const t = tracker();
    const id = t.newSessionId();
    t.track(id, 4000, 0);
    for (let now = 1000; now <= 20000; now += 3000) {
      expect(t.touch(id, now)).toBe(true);
      expect(t.expire(now)).toEqual([]);
    }
    expect(t.isLive(id)).toBe(true);
  });

  it('an expired (closing) session cannot be revived by track or touch (testAddSessionAfterSessionExpiry)', () => {
    const t = tracker();
    const id = t.newSessionId();
    t.track(id, 4000, 0);
    expect(t.expire(6000)).toEqual([id]);
    t.track(id, 4000, 6000);
    expect(t.touch(id, 6000)).toBe(false);
    expect(t.setClosing(id)).toBe(false);
    t.remove(id);
    expect(t.get(id)).toBeUndefined();
  });

  it('new ids count up and skip restored ones', () => {
    const t = tracker();
    t.track(0x0100000000000000n, 4000, 0);
    expect(t.newSessionId()).toBe(0x0100000000000001n);
    expect(t.newSessionId()).toBe(0x0100000000000002n);
  });
});
