// The connection rules as tables: the challenge rule both ways (quorum-wire.md §3.7), observer ids, connectOne's
// dial plan, haveDelivered's "any queue empty" quirk and the listener's bind attempts.
import { describe, expect, it } from 'vitest';
import { OBSERVER_ID } from '../../src/quorum/constants.js';
import { assignObserverId, bindAttemptsMax, decideAccepted, decideDialled, haveDelivered, listenAddressOf, planDial }
  from '../../src/quorum/rules.js';

const here = { host: '127.0.0.1', port: 3881 };

describe('the challenge rule', () => {
  it.each([
    [2n, 3n, 'keep'],
    [2n, 1n, 'dialBack'],
    [2n, -1n, 'dialBack'], // anonymous observers are always smaller
    [2n, 2n, 'refuseSelf'],
  ] as const)('accepted: mine %s, theirs %s -> %s', (mine, theirs, decision) => {
    expect(decideAccepted(mine, theirs)).toBe(decision);
  });

  it.each([
    [2n, 3n, 'closeAfterHello'],
    [2n, 1n, 'keep'],
  ] as const)('dialled: mine %s, theirs %s -> %s', (mine, theirs, decision) => {
    expect(decideDialled(mine, theirs)).toBe(decision);
  });

  it('whichever side dials, only the larger sid\'s connection survives', () => {
    for (const [a, b] of [[1n, 2n], [2n, 1n], [5n, 9n]] as const) {
      const kept = [decideDialled(a, b) === 'keep' ? a : undefined, decideAccepted(b, a) === 'keep' ? a : undefined,
        decideDialled(b, a) === 'keep' ? b : undefined, decideAccepted(a, b) === 'keep' ? b : undefined];
      expect(kept.filter((x) => x !== undefined)).toEqual([a > b ? a : b, a > b ? a : b]);
    }
  });
});

describe('assignObserverId', () => {
  it('counts down from -1 for OBSERVER_ID and leaves real sids alone', () => {
    const first = assignObserverId(OBSERVER_ID, -1n);
    const second = assignObserverId(OBSERVER_ID, first.counter);
    expect([first.sid, second.sid, second.counter]).toEqual([-1n, -2n, -3n]);
    expect(assignObserverId(7n, -3n)).toEqual({ sid: 7n, counter: -3n });
  });
});

describe('planDial (connectOne)', () => {
  const base = { mySid: 2n, sid: 1n, connected: false, inProgress: false, configured: [here] };
  it('dials configured addresses', () => expect(planDial(base)).toEqual({ kind: 'dial', addresses: [here] }));
  it('prefers addresses the peer advertised', () => {
    const learned = [{ host: '127.0.0.9', port: 1 }];
    expect(planDial({ ...base, learned })).toEqual({ kind: 'dial', addresses: learned });
  });
  it('never dials itself, a connected peer, or twice at once', () => {
    expect(planDial({ ...base, sid: 2n }).kind).toBe('self');
    expect(planDial({ ...base, connected: true }).kind).toBe('connected');
    expect(planDial({ ...base, inProgress: true }).kind).toBe('inProgress');
  });
  it('an unknown sid is refused, and a wildcard is never dialled', () => {
    expect(planDial({ ...base, configured: undefined }).kind).toBe('unknownSid');
    expect(planDial({ ...base, configured: [{ host: '0.0.0.0', port: 1 }] }).kind).toBe('onlyWildcard');
    expect(planDial({ ...base, configured: [{ host: '::', port: 1 }, here] })).toEqual({ kind: 'dial', addresses: [here] });
  });
});

describe('haveDelivered', () => {
  it.each([
    [[], false],
    [[1], false],
    [[1, 1], false],
    [[1, 0], true], // "some queue empty", not "all queues empty"
    [[0, 0], true],
  ] as const)('%j -> %s', (sizes, expected) => expect(haveDelivered(sizes)).toBe(expected));
});

describe('listener', () => {
  it('electionPortBindRetry: 0 is forever, negative is 3', () => {
    expect([bindAttemptsMax(0), bindAttemptsMax(-4), bindAttemptsMax(1), bindAttemptsMax(3)]).toEqual([Infinity, 3, 1, 3]);
  });
  it('quorumListenOnAllIPs binds the wildcard on the same port', () => {
    expect(listenAddressOf(here, true)).toEqual({ host: '0.0.0.0', port: 3881 });
    expect(listenAddressOf({ host: '::1', port: 5 }, true)).toEqual({ host: '::', port: 5 });
    expect(listenAddressOf(here, false)).toBe(here);
  });
});
