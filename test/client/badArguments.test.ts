// Bad arguments to the promise methods: a rejected promise with a typed RxzkError, never a synchronous throw (a
// caller that chains .catch() or awaits inside try must see it), and nothing sent to the server.
import { describe, expect, it } from 'vitest';
import { TestScheduler } from 'rxjs/testing';
import { createClient } from '../../src/client/index.js';
import { CreateMode } from '../../src/proto/index.js';
import { RxzkError } from '../../src/errors.js';
import { fakeEnsemble } from './support/fakeServer.js';

function connectedClient() {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  const zk = fakeEnsemble(scheduler, () => ({ kind: 'serve' }));
  const client = createClient('127.0.0.1:2181', { connector: zk.connector, scheduler, random: () => 0.5 });
  scheduler.flush();
  return { client, zk, scheduler };
}

async function codeOf(call: () => Promise<unknown>): Promise<string> {
  let pending: Promise<unknown> | undefined;
  expect(() => { pending = call(); }).not.toThrow();
  const error: unknown = await pending?.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(RxzkError);
  return (error as RxzkError).code;
}

describe('promise methods with bad arguments', () => {
  it('reject with BAD_PATH or BAD_TTL instead of throwing, and send nothing', async () => {
    const { client, zk, scheduler } = connectedClient();
    const sentBefore = zk.log.map((e) => e.what);
    expect(await codeOf(() => client.getData('no-slash'))).toBe('BAD_PATH');
    expect(await codeOf(() => client.setData('/a/', 'x'))).toBe('BAD_PATH');
    expect(await codeOf(() => client.delete('//'))).toBe('BAD_PATH');
    expect(await codeOf(() => client.getChildren(''))).toBe('BAD_PATH');
    expect(await codeOf(() => client.getACL('/a/./b'))).toBe('BAD_PATH');
    expect(await codeOf(() => client.setACL('x', []))).toBe('BAD_PATH');
    expect(await codeOf(() => client.sync('/a//b'))).toBe('BAD_PATH');
    expect(await codeOf(() => client.create('bad'))).toBe('BAD_PATH');
    expect(await codeOf(() => client.exists('bad'))).toBe('BAD_PATH');
    expect(await codeOf(() => client.create('/ttl', 'x', { mode: CreateMode.PERSISTENT_WITH_TTL }))).toBe('BAD_TTL');
    expect(await codeOf(() => client.create('/ttl', 'x', { mode: CreateMode.PERSISTENT_WITH_TTL, ttlMs: 0 })))
      .toBe('BAD_TTL');
    scheduler.flush();
    expect(zk.log.map((e) => e.what)).toEqual(sentBefore);
    // The same log does record a request that goes out.
    void client.getData('/a').catch(() => undefined);
    scheduler.flush();
    expect(zk.log.map((e) => e.what)).toEqual([...sentBefore, 'getData']);
    const closed = client.close();
    scheduler.flush();
    await closed;
  });
});
