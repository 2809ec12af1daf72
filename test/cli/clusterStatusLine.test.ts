import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/cli/cluster/lineSplitter.js';
import type { PeerStatusView } from '../../src/cli/cluster/peerContract.js';
import { statusLogFields } from '../../src/peer/status.js';
import { parseErrorLine, parseStatusLine, statusFields, statusLineCharsMax } from '../../src/cli/cluster/statusLine.js';

const following: PeerStatusView = {
  sid: 2n, state: 'FOLLOWING', vote: { leader: 3n, zxid: 0x100000002n, electionEpoch: 4n, peerEpoch: 1n },
  leader: 3n, electionEpoch: 4n, peerEpoch: 1n, lastElectionMs: 213, connections: 2,
};
const pinoLine = (fields: object): string =>
  JSON.stringify({ level: 30, time: 1_700_000_000_000, pid: 7, hostname: 'h', ...fields, msg: 'peer status' });

describe('status line contract', () => {
  it('parses the line rxzk start logs for a status', () => {
    expect(parseStatusLine(pinoLine(statusFields(following)))).toEqual({
      sid: 2n, state: 'FOLLOWING', leader: 3n, voteLeader: 3n, voteZxid: 0x100000002n, electionEpoch: 4n, peerEpoch: 1n,
      lastElectionMs: 213, connections: 2, synced: false, lostReason: undefined, timeMs: 1_700_000_000_000,
    });
  });

  it('carries whether the peer is synced and why it last went back to LOOKING', () => {
    const lost = { ...following, state: 'LOOKING' as const, synced: false, lostReason: 'leader lost: no ping for 5 ticks' };
    expect(parseStatusLine(pinoLine(statusFields(lost)))).toMatchObject({ synced: false, lostReason: lost.lostReason });
    expect(parseStatusLine(pinoLine(statusFields({ ...following, synced: true })))).toMatchObject({ synced: true });
  });

  it('parses exactly what src/peer statusLogFields writes (the real child side of the contract)', () => {
    fc.assert(fc.property(
      fc.constantFrom('LOOKING', 'FOLLOWING', 'LEADING', 'OBSERVING' as const),
      fc.option(fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }), { nil: undefined }),
      fc.option(fc.nat({ max: 600_000 }), { nil: undefined }),
      (state, leader, lastElectionMs) => {
        const vote = leader === undefined ? undefined : { leader, zxid: 5n, electionEpoch: 4n, peerEpoch: 1n };
        const status = { ...following, state, leader, lastElectionMs, vote };
        expect(statusLogFields(status)).toEqual(statusFields(status));
        const parsed = parseStatusLine(pinoLine(statusLogFields(status)));
        expect(parsed).toMatchObject({ state, leader, lastElectionMs, voteLeader: leader, sid: 2n });
      }));
  });

  it('keeps undefined vote, leader and election time as absent while LOOKING', () => {
    const looking: PeerStatusView = {
      ...following, state: 'LOOKING', vote: undefined, leader: undefined, lastElectionMs: undefined,
    };
    expect(statusFields(looking))
      .toMatchObject({ leader: null, voteLeader: null, voteZxid: null, lastElectionMs: null });
    expect(parseStatusLine(pinoLine(statusFields(looking))))
      .toMatchObject({ state: 'LOOKING', leader: undefined, voteLeader: undefined, lastElectionMs: undefined });
  });

  it('round-trips 64-bit ids and zxids exactly', () => {
    const sids = fc.bigInt({ min: 0n, max: 2n ** 63n - 1n });
    const zxids = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    fc.assert(fc.property(sids, zxids, (sid, zxid) => {
      const vote = { leader: sid, zxid, electionEpoch: 1n, peerEpoch: 1n };
      const status: PeerStatusView = { ...following, sid, vote };
      const parsed = parseStatusLine(pinoLine(statusFields(status)));
      expect(parsed?.sid).toBe(sid);
      expect(parsed?.voteZxid).toBe(zxid);
    }));
  });

  it.each([
    ['plain text', 'starting peer'],
    ['JSON of another message', JSON.stringify({ level: 30, msg: 'peer started', sid: '1' })],
    ['an unknown state', pinoLine({ ...statusFields(following), state: 'DANCING' })],
    ['a sid that is not a number', pinoLine({ ...statusFields(following), sid: '0x2' })],
    ['a negative connection count', pinoLine({ ...statusFields(following), connections: -1 })],
    ['truncated JSON', pinoLine(statusFields(following)).slice(0, 40)],
    ['a JSON array', '[1,2]'],
    ['an overlong line', pinoLine({ ...statusFields(following), pad: 'x'.repeat(statusLineCharsMax) })],
  ])('ignores %s', (_, line) => {
    expect(parseStatusLine(line)).toBeUndefined();
  });

  it('picks up error-level log messages for the view', () => {
    const failed = JSON.stringify({ level: 50, msg: 'peer did not start', err: { message: 'EADDRINUSE' } });
    expect(parseErrorLine(failed)).toBe('peer did not start: EADDRINUSE');
    expect(parseErrorLine(JSON.stringify({ level: 30, msg: 'fine' }))).toBeUndefined();
    expect(parseErrorLine('oops')).toBeUndefined();
  });
});

describe('LineSplitter', () => {
  it('joins lines across chunks at every split point', () => {
    const text = 'alpha\nbeta\r\n\ngamma\n';
    for (let cut = 0; cut <= text.length; cut += 1) {
      const splitter = new LineSplitter({ lineCharsMax: 10 });
      const lines = [...splitter.push(text.slice(0, cut)), ...splitter.push(text.slice(cut))];
      expect(lines).toEqual(['alpha', 'beta', '', 'gamma']);
    }
  });

  it('drops a whole overlong line, even one arriving in pieces, and counts it', () => {
    const splitter = new LineSplitter({ lineCharsMax: 5 });
    expect(splitter.push('ok\n1234')).toEqual(['ok']);
    expect(splitter.push('56789')).toEqual([]);
    expect(splitter.push('0\nnext\n')).toEqual(['next']);
    expect(splitter.dropped).toBe(1);
  });

  it('hands back a final line without newline on flush', () => {
    const splitter = new LineSplitter({ lineCharsMax: 5 });
    splitter.push('a\nrest');
    expect(splitter.flush()).toEqual(['rest']);
    expect(splitter.flush()).toEqual([]);
  });
});
