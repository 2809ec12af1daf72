// The in-memory Zab rehearsal a peer runs once to have its roles compiled before it needs them: a real leader and
// learner shell meet on a memory pair and sync, with nothing left running afterwards.
import { firstValueFrom, VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { rehearseZabHandshake } from '../../src/zab/rehearsal.js';
import { marbles } from '../support/marbles.js';

describe('rehearseZabHandshake', () => {
  it('syncs a leader and a learner in memory without waiting on any timer', marbles((m) => {
    m.expect(rehearseZabHandshake({ scheduler: m.scheduler })).toBeObservable('(s|)', { s: 'synced' });
  }));

  it('leaves no timer behind once it has synced (the leader ping interval, the read timer, the bound)', () => {
    const scheduler = new VirtualTimeScheduler();
    const outcomes: string[] = [];
    rehearseZabHandshake({ scheduler }).subscribe((outcome) => outcomes.push(outcome));
    expect(outcomes).toEqual(['synced']);
    expect(scheduler.actions).toHaveLength(0);
  });

  it('gives up at its bound when the handshake does not finish in time, and tears both roles down', marbles((m) => {
    // Each packet takes 100 ms on the link: FOLLOWERINFO, LEADERINFO, ACKEPOCH, ... cannot all cross in 250 ms.
    const rehearsal$ = rehearseZabHandshake({ scheduler: m.scheduler, timeoutMs: 250, linkDelayMs: 100 });
    m.expect(rehearsal$).toBeObservable('250ms (t|)', { t: 'timedOut' });
    m.flush();
    expect(m.scheduler.actions).toHaveLength(0);
  }));

  it('on a slow link it still syncs within its bound', marbles((m) => {
    // FOLLOWERINFO, LEADERINFO, ACKEPOCH, DIFF with NEWLEADER, ACK, UPTODATE: six crossings of 10 ms.
    m.expect(rehearseZabHandshake({ scheduler: m.scheduler, linkDelayMs: 10 })).toBeObservable('60ms (s|)', { s: 'synced' });
  }));

  it('runs again in the same process on real timers', async () => {
    expect(await firstValueFrom(rehearseZabHandshake())).toBe('synced');
    expect(await firstValueFrom(rehearseZabHandshake())).toBe('synced');
  });
});
