// A compact one-line rendering of a pino JSON record for people at a terminal (pino-pretty is not a dependency).
// Pure: the record's own `time` gives the clock; a line that is not a JSON object passes through unchanged.

const levelNames: Readonly<Record<number, string>> = {
  10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL',
};
const hiddenKeys = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'v']);

export function humanLogLine(jsonLine: string): string {
  let record: unknown;
  try {
    record = JSON.parse(jsonLine);
  } catch {
    return jsonLine;
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return jsonLine;
  const fields = record as Record<string, unknown>;
  const timeMs = fields['time'];
  const time = typeof timeMs === 'number' ? new Date(timeMs).toISOString().slice(11, 23) : '--:--:--.---';
  const level = typeof fields['level'] === 'number' ? (levelNames[fields['level']] ?? String(fields['level'])) : '?';
  const msg = typeof fields['msg'] === 'string' ? fields['msg'] : '';
  const rest = Object.entries(fields)
    .filter(([key]) => !hiddenKeys.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return [time, level.padEnd(5), msg, ...rest].join(' ').trimEnd();
}
