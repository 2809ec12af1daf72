// The connection's set-up log lines: skipped when the logger is the silent default, written (ids in hex, so a JSON
// logger can serialise them) when the host passes one.
import { describe, expect, it } from 'vitest';
import { TestScheduler } from 'rxjs/testing';
import { createClient } from '../../src/client/index.js';
import type { Logger } from '../../src/logging.js';
import { SESSION_ID, fakeEnsemble } from './support/fakeServer.js';

interface Line { readonly level: string; readonly msg: string | undefined; readonly obj: object }

function capturingLogger(lines: Line[]): Logger {
  const at = (level: string) => (obj: object, msg?: string): void => void lines.push({ level, msg, obj });
  const logger: Logger = { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'),
    error: at('error'), child: () => logger };
  return logger;
}

describe('connection logging', () => {
  it('logs the dial, the handshake and each state change with hex session ids', async () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    const lines: Line[] = [];
    const zk = fakeEnsemble(scheduler, () => ({ kind: 'serve' }));
    const client = createClient('127.0.0.1:2181', { connector: zk.connector, scheduler, random: () => 0.5,
      logger: capturingLogger(lines) });
    scheduler.flush();
    const closed = client.close();
    scheduler.flush();
    await closed;
    expect(lines.filter((l) => l.msg === 'dial')[0]?.obj).toMatchObject({ connectionId: 1, host: '127.0.0.1:2181' });
    expect(lines.filter((l) => l.msg === 'handshake')[0]?.obj).toEqual({ connectionId: 1, sessionId: '0x0' });
    expect(lines.filter((l) => l.msg === 'state').map((l) => l.obj)).toEqual([
      { state: 'CONNECTED', sessionId: `0x${SESSION_ID.toString(16)}`, server: '127.0.0.1:2181' },
      { state: 'CLOSED', sessionId: `0x${SESSION_ID.toString(16)}`, server: '127.0.0.1:2181' },
    ]);
    expect(JSON.stringify(lines)).toContain('CONNECTED');
  });
});
