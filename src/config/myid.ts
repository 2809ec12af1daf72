// dataDir/myid: ZooKeeper reads the first line (without its line terminator, nothing else trimmed) as a long.
import { ConfigErrorCode, configError } from './configErrors.js';
import { JavaNumberFormatError, parseJavaLong } from './javaNumbers.js';

/** BufferedReader.readLine: up to the first \n, \r or \r\n; undefined (Java null) for an empty file. */
export function firstLine(text: string): string | undefined {
  if (text === '') return undefined;
  const end = text.search(/[\r\n]/);
  return end < 0 ? text : text.slice(0, end);
}

export function parseMyid(text: string): bigint {
  const line = firstLine(text);
  try {
    return parseJavaLong(line ?? '');
  } catch (error) {
    if (!(error instanceof JavaNumberFormatError)) throw error;
    throw configError(ConfigErrorCode.badMyid, `serverid ${line ?? 'null'} is not a number`, error);
  }
}

/** Text of a myid file as ZooKeeper's tests and scripts write it. */
export function formatMyid(sid: bigint): string {
  return `${sid}\n`;
}
