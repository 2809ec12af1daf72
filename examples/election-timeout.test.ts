// A marble test you can copy: the election's notification timeout doubles (200, 400, 800 ms ...) while nobody
// answers, all in virtual time. Run: npx vitest run examples/election-timeout.test.ts
import { describe, expect, it } from 'vitest';
import { NEVER, filter, map } from 'rxjs';
import { majorityVerifier, runElection, type ElectionTransport } from '../src/index.js';
import { configureMarbles } from '../src/testing/index.js';

const { marbles } = configureMarbles(expect);

describe('a lonely peer', () => {
  it('re-sends its vote with doubling timeouts and never decides alone', marbles((m) => {
    const sent: number[] = [];
    const transport: ElectionTransport = {
      inbound$: NEVER, // nobody ever answers
      toSend: (sid) => void (sid !== 1n && sent.push(m.scheduler.now())),
      connectAll: () => undefined,
      haveDelivered: () => true,
    };
    const members = [1n, 2n, 3n].map((sid) => ({ sid, type: 'participant' as const, address: `127.0.0.1:0:0` }));
    const election = runElection({
      sid: 1n, verifier: majorityVerifier({ members }), lastLoggedZxid: 0n, currentEpoch: 0n, transport,
      scheduler: m.scheduler,
    });
    const timeouts$ = election.steps$.pipe(filter((s) => s.event.kind === 'timerFired'), map(() => 't'));
    // Timer firings at 200, 600 (200+400) and 1400 (600+800) ms of virtual time.
    m.expect(timeouts$, '^ 1500ms !').toBeObservable('200ms t 399ms t 799ms t');
  }));
});
