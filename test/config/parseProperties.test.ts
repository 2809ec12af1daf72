import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { parseProperties, propertiesToMap } from '../../src/config/parseProperties.js';

interface JavaCase {
  readonly input: string;
  readonly entries?: [string, string][];
  readonly error?: string;
}

// Captured by running java.util.Properties.load (OpenJDK 17) over each input; see the fixture for the list.
const javaCases = JSON.parse(
  readFileSync(new URL('../fixtures/config/properties-java.json', import.meta.url), 'latin1'),
) as JavaCase[];

const sortedEntries = (text: string): [string, string][] =>
  [...propertiesToMap(parseProperties(text))].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

describe('parseProperties against java.util.Properties', () => {
  it('has the captured cases', () => {
    expect(javaCases.length).toBeGreaterThan(20);
  });

  for (const javaCase of javaCases) {
    it(`reads ${JSON.stringify(javaCase.input)} like Java`, () => {
      if (javaCase.error !== undefined) {
        expect(() => parseProperties(javaCase.input)).toThrow(javaCase.error);
      } else {
        expect(sortedEntries(javaCase.input)).toEqual(javaCase.entries);
      }
    });
  }
});

describe('parseProperties', () => {
  it('keeps duplicates in file order and the last value wins in the map', () => {
    const properties = parseProperties('a=1\nb=2\na=3\n');
    expect(properties.map((p) => [p.key, p.value, p.line])).toEqual([
      ['a', '1', 1],
      ['b', '2', 2],
      ['a', '3', 3],
    ]);
    expect([...propertiesToMap(properties)]).toEqual([
      ['a', '3'],
      ['b', '2'],
    ]);
  });

  it('refuses a logical line over the limit with a clear error', () => {
    const text = `k=${'x'.repeat(100)}\n`;
    expect(() => parseProperties(text, { lineCharsMax: 50 })).toThrow(ConfigError);
    expect(() => parseProperties(text, { lineCharsMax: 50 })).toThrow('line 1 is longer than 50 characters');
  });

  it('refuses a continuation chain that grows past the limit', () => {
    const text = `k=${'a\\\n'.repeat(100)}end\n`;
    expect(() => parseProperties(text, { lineCharsMax: 50 })).toThrow('longer than 50 characters');
  });

  it('refuses more properties than the limit', () => {
    expect(() => parseProperties('a=1\nb=2\nc=3\n', { propertiesMax: 2 })).toThrow('more than 2 properties');
  });
});
