import { describe, it } from 'vitest';
import { map } from 'rxjs';
import { marbles } from './marbles.js';

describe('marbles support', () => {
  it('compares a mapped stream in virtual time', marbles((m) => {
    const source = m.cold('-a-b-|', { a: 1, b: 2 });
    m.expect(source.pipe(map((x) => x * 10))).toBeObservable('-a-b-|', { a: 10, b: 20 });
  }));

  it('fails when the expected marbles differ', () => {
    const run = marbles((m) => {
      m.expect(m.cold('-a|', { a: 1 })).toBeObservable('--a|', { a: 1 });
    });
    let failed = false;
    try { run(); } catch { failed = true; }
    if (!failed) throw new Error('a wrong marble expectation passed');
  });
});
