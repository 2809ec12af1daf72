import { describe, expect, it } from 'vitest';
import { commandForKey, parseCommandLine } from '../../src/cli/cluster/commands.js';

describe('cluster commands from stdin lines', () => {
  it.each([
    ['kill 2', { kind: 'kill', sid: 2, signal: 'SIGTERM' }],
    ['  stop 3 ', { kind: 'kill', sid: 3, signal: 'SIGTERM' }],
    ['kill -9 1', { kind: 'kill', sid: 1, signal: 'SIGKILL' }],
    ['KILL -KILL 1', { kind: 'kill', sid: 1, signal: 'SIGKILL' }],
    ['start 3', { kind: 'start', sid: 3 }],
    ['quit', { kind: 'quit' }],
    ['exit', { kind: 'quit' }],
    ['help', { kind: 'help' }],
  ])('%j', (line, command) => {
    expect(parseCommandLine(line, 3)).toEqual(command);
  });

  it('ignores blank lines', () => {
    expect(parseCommandLine('   ', 3)).toBeUndefined();
  });

  it.each([
    ['kill 4', 'no peer 4: peers are 1..3'],
    ['kill 0', 'no peer 0: peers are 1..3'],
    ['kill x', "'x' is not a peer number (1..3)"],
    ['kill', 'usage: kill N | kill -9 N'],
    ['kill -15 1', 'usage: kill N | kill -9 N'],
    ['start', 'usage: start N'],
    ['quit now', "'quit' takes no arguments"],
  ])('explains what is wrong with %j', (line, reason) => {
    expect(parseCommandLine(line, 3)).toEqual({ kind: 'invalid', reason });
  });

  it('names the commands when the verb is unknown', () => {
    expect(parseCommandLine('restart 1', 3))
      .toMatchObject({ kind: 'invalid', reason: expect.stringContaining('kill -9 N') });
  });
});

describe('cluster keys on a TTY', () => {
  it('selects with digits and acts on the selected peer', () => {
    expect(commandForKey('2', undefined, 3)).toEqual({ kind: 'select', sid: 2 });
    expect(commandForKey('k', 2, 3)).toEqual({ kind: 'kill', sid: 2, signal: 'SIGTERM' });
    expect(commandForKey('K', 2, 3)).toEqual({ kind: 'kill', sid: 2, signal: 'SIGKILL' });
    expect(commandForKey('s', 2, 3)).toEqual({ kind: 'start', sid: 2 });
  });

  it('quits on q and on Ctrl-C, which raw mode delivers as a byte', () => {
    expect(commandForKey('q', undefined, 3)).toEqual({ kind: 'quit' });
    expect(commandForKey('\u0003', 1, 3)).toEqual({ kind: 'quit' });
  });

  it('asks for a selection first and refuses peers that do not exist', () => {
    expect(commandForKey('k', undefined, 3)).toEqual({ kind: 'invalid', reason: 'select a peer first (1-9)' });
    expect(commandForKey('7', undefined, 3)).toEqual({ kind: 'invalid', reason: 'no peer 7: peers are 1..3' });
    expect(commandForKey('x', 1, 3)).toBeUndefined();
  });
});
