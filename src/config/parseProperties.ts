// java.util.Properties text format, as Properties.load reads zoo.cfg: logical lines, comments, key/value separators
// and escapes. Pure; the caller decodes the file as ISO-8859-1, which is what Properties.load(InputStream) does.
import { ConfigErrorCode, configError } from './configErrors.js';
import { javaPropertiesOrder } from './javaPropertiesOrder.js';
import { configLimits } from './limits.js';

export interface Property {
  readonly key: string;
  readonly value: string;
  /** 1-based number of the natural line the logical line started on, for messages. */
  readonly line: number;
}

export interface ParsePropertiesConfig {
  readonly lineCharsMax?: number;
  readonly propertiesMax?: number;
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\f';

/** Every key=value in file order (duplicates kept; use propertiesToMap for Java's last-wins view). */
export function parseProperties(text: string, config: ParsePropertiesConfig = {}): Property[] {
  const { lineCharsMax = configLimits.lineCharsMax, propertiesMax = configLimits.propertiesMax } = config;
  const properties: Property[] = [];
  for (const logical of logicalLines(text, lineCharsMax)) {
    if (properties.length >= propertiesMax) {
      throw configError(ConfigErrorCode.tooLarge, `more than ${propertiesMax} properties`);
    }
    properties.push({ ...splitKeyValue(logical.text), line: logical.line });
  }
  return properties;
}

/** Last value wins; keys in file order of first appearance. */
export function propertiesToMap(properties: readonly Property[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const { key, value } of properties) map.set(key, value);
  return map;
}

/** Last value wins; keys in the order a loaded java.util.Properties iterates them, which ZooKeeper follows. */
export function javaPropertiesMap(properties: readonly Property[]): Map<string, string> {
  const values = propertiesToMap(properties);
  return new Map(javaPropertiesOrder([...values.keys()]).map((key) => [key, values.get(key) ?? '']));
}

interface LogicalLine {
  readonly text: string;
  readonly line: number;
}

function* logicalLines(text: string, lineCharsMax: number): Generator<LogicalLine> {
  const natural = text.split(/\r\n|\r|\n/);
  let index = 0;
  while (index < natural.length) {
    const start = index;
    const first = stripLeading(natural[index] ?? '');
    index += 1;
    if (first === '' || first.startsWith('#') || first.startsWith('!')) continue;
    let joined = first;
    while (endsWithOddBackslashes(joined)) {
      joined = joined.slice(0, -1);
      if (index >= natural.length) break;
      const next = stripLeading(natural[index] ?? '');
      index += 1;
      joined += next;
      if (joined.length > lineCharsMax) break;
      if (next === '') break;
    }
    if (joined.length > lineCharsMax) {
      throw configError(ConfigErrorCode.tooLarge, `line ${start + 1} is longer than ${lineCharsMax} characters`);
    }
    yield { text: joined, line: start + 1 };
  }
}

function stripLeading(line: string): string {
  let i = 0;
  while (i < line.length && isBlank(line[i])) i += 1;
  return line.slice(i);
}

function endsWithOddBackslashes(line: string): boolean {
  let count = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i -= 1) count += 1;
  return count % 2 === 1;
}

function splitKeyValue(line: string): { key: string; value: string } {
  let keyEnd = 0;
  let valueStart = line.length;
  let hasSeparator = false;
  let escaped = false;
  for (; keyEnd < line.length; keyEnd += 1) {
    const c = line[keyEnd];
    if (!escaped && (c === '=' || c === ':')) {
      valueStart = keyEnd + 1;
      hasSeparator = true;
      break;
    }
    if (!escaped && isBlank(c)) {
      valueStart = keyEnd + 1;
      break;
    }
    escaped = c === '\\' ? !escaped : false;
  }
  for (; valueStart < line.length; valueStart += 1) {
    const c = line[valueStart];
    if (isBlank(c)) continue;
    if (!hasSeparator && (c === '=' || c === ':')) {
      hasSeparator = true;
      continue;
    }
    break;
  }
  return { key: unescape(line.slice(0, keyEnd)), value: unescape(line.slice(valueStart)) };
}

const simpleEscapes: Readonly<Record<string, string>> = { t: '\t', r: '\r', n: '\n', f: '\f' };

function unescape(text: string): string {
  if (!text.includes('\\')) return text;
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] ?? '';
    if (c !== '\\') {
      out += c;
      continue;
    }
    i += 1;
    const next = text[i];
    if (next === undefined) break;
    if (next === 'u') {
      const hex = text.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw configError(ConfigErrorCode.syntax, 'Malformed \\uxxxx encoding.');
      out += String.fromCharCode(Number.parseInt(hex, 16));
      i += 4;
      continue;
    }
    out += simpleEscapes[next] ?? next;
  }
  return out;
}
