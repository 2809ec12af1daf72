import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fourLetterWordWhitelist } from '../../src/config/fourLetterWordWhitelist.js';
import {
  type FourLetterWordState, NOT_SERVING_TEXT, answerFourLetterWord, averageLatency, fourLetterWordOf, rxzkVersionText,
} from '../../src/peer/fourLetterWords.js';
import { enviKeys } from '../../src/peer/fourLetterWords/formatEnvi.js';
import { javaDoubleText } from '../../src/peer/fourLetterWords/javaText.js';
import { type CaptureMeta, environmentOf, gaugeLinesOf, peerConfigOf, stateFor } from '../fixtures/4lw/replyState.js';

const fixtures = new URL('../fixtures/4lw/', import.meta.url);
const scenarios = readdirSync(fixtures, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
const read = (scenario: string, file: string): string => readFileSync(new URL(`${scenario}/${file}`, fixtures), 'latin1');
const words = ['ruok', 'srvr', 'stat', 'mntr', 'conf', 'envi', 'isro'] as const;

describe('four-letter-word replies match real ZooKeeper 3.8 byte for byte', () => {
  it('has the captured scenarios', () => {
    expect(scenarios.sort()).toEqual(['follower', 'leader', 'looking', 'observer', 'standalone', 'standalone-srvr-only']);
  });

  for (const scenario of scenarios) {
    const meta = JSON.parse(read(scenario, 'meta.json')) as CaptureMeta;
    const config = peerConfigOf(meta);
    for (const word of words) {
      it(`${scenario}: ${word}`, () => {
        const real = read(scenario, `${word}.txt`);
        const answer = answerFourLetterWord(word, stateFor(word, real, config), config.fourLetterWordWhitelist);
        expect(answer.kind).toBe('reply');
        const text = answer.kind === 'reply' ? answer.text : '';
        // mntr: rxzk prints the gauges only, so compare against the real reply's gauge lines.
        expect(text).toBe(word === 'mntr' && !real.startsWith(NOT_SERVING_TEXT) && !real.includes('whitelist') ? gaugeLinesOf(real) : real);
      });
    }
  }

  it('prints envi keys in ZooKeeper\'s order', () => {
    expect(environmentOf(read('standalone', 'envi.txt')).map(([key]) => key)).toEqual([...enviKeys]);
  });
});

describe('answerFourLetterWord', () => {
  const idle: FourLetterWordState = { version: rxzkVersionText('0.1.0'), serving: undefined, conf: undefined, monitor: {}, environment: [] };

  it('answers ruok and isro while not serving, and says so for srvr/stat/mntr/conf', () => {
    const all = fourLetterWordWhitelist(new Map([['zookeeper.4lw.commands.whitelist', '*']]));
    expect(answerFourLetterWord('ruok', idle, all)).toEqual({ kind: 'reply', text: 'imok' });
    expect(answerFourLetterWord('isro', idle, all)).toEqual({ kind: 'reply', text: 'null' });
    for (const word of ['srvr', 'stat', 'mntr', 'conf']) {
      expect(answerFourLetterWord(word, idle, all)).toEqual({ kind: 'reply', text: `${NOT_SERVING_TEXT}\n` });
    }
  });

  it('refuses words outside the whitelist with ZooKeeper\'s sentence', () => {
    const srvrOnly = fourLetterWordWhitelist(new Map());
    expect(answerFourLetterWord('ruok', idle, srvrOnly)).toEqual({
      kind: 'reply',
      text: 'ruok is not executed because it is not in the whitelist.\n',
    });
  });

  it('reports known words it does not implement as unsupported', () => {
    const all = fourLetterWordWhitelist(new Map([['zookeeper.4lw.commands.whitelist', '*']]));
    expect(answerFourLetterWord('dump', idle, all)).toEqual({ kind: 'unsupported', word: 'dump' });
  });

  it('keeps ZooKeeper\'s version shape while naming rxzk', () => {
    expect(rxzkVersionText('0.1.0')).toMatch(/^\d+\.\d+\.\d+-\S+, built on .+$/);
    expect(rxzkVersionText('0.1.0')).toContain('rxzk');
  });
});

describe('fourLetterWordWhitelist (FourLetterWordsWhiteListTest)', () => {
  const list = (value?: string, readOnly?: string): string[] => {
    const props = new Map<string, string>();
    if (value !== undefined) props.set('zookeeper.4lw.commands.whitelist', value);
    if (readOnly !== undefined) props.set('readonlymode.enabled', readOnly);
    return [...fourLetterWordWhitelist(props)].sort();
  };

  it('enables only srvr by default', () => expect(list()).toEqual(['srvr']));
  it('trims entries and always adds srvr', () => expect(list(' ruok , stat ,mntr')).toEqual(['mntr', 'ruok', 'srvr', 'stat']));
  it('keeps garbage entries harmlessly', () => expect(list('foo,,ruok')).toEqual(['foo', 'ruok', 'srvr']));
  it('enables everything with *', () => expect(list('ruok, *')).toContain('wchs'));
  it('adds isro in read-only mode', () => expect(list(undefined, 'true')).toEqual(['isro', 'srvr']));
});

describe('fourLetterWordOf', () => {
  const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
  it('recognises words by their int value', () => {
    expect(fourLetterWordOf(new TextEncoder().encode('ruok'))).toBe('ruok');
    expect(fourLetterWordOf(new TextEncoder().encode('mntr'))).toBe('mntr');
    expect(fourLetterWordOf(bytes(0xff, 0xf4, 0xff, 0xfd))).toBe('telnet close');
  });
  it('leaves frame lengths and unknown words alone', () => {
    expect(fourLetterWordOf(bytes(0, 0, 0, 44))).toBeUndefined();
    expect(fourLetterWordOf(new TextEncoder().encode('abcd'))).toBeUndefined();
    expect(fourLetterWordOf(bytes(0x72, 0x75))).toBeUndefined();
  });
});

describe('Java number text', () => {
  it('prints doubles like Double.toString', () => {
    expect(javaDoubleText(0)).toBe('0.0');
    expect(javaDoubleText(1.5)).toBe('1.5');
    expect(javaDoubleText(12)).toBe('12.0');
    expect(javaDoubleText(1e7)).toBe('1.0E7');
    expect(javaDoubleText(0.0001)).toBe('1.0E-4');
  });
  it('rounds average latency to 4 decimals', () => {
    expect(averageLatency(10, 3)).toBe(3.3333);
    expect(averageLatency(0, 0)).toBe(0);
  });
});

describe('processEnvironment', () => {
  it('fills every key ZooKeeper prints, in its order', async () => {
    const { processEnvironment } = await import('../../src/peer/fourLetterWords/environment.js');
    const environment = processEnvironment(rxzkVersionText('0.1.0'));
    expect(environment.map(([key]) => key)).toEqual([...enviKeys]);
    expect(environment[0]).toEqual(['zookeeper.version', rxzkVersionText('0.1.0')]);
    expect(environment.every(([, value]) => value !== '')).toBe(true);
  });
});
