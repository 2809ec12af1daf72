// The rxzk client against a real standalone ZooKeeper 3.8: every promise operation, chroot, ACLs, auth, TTL and
// container modes, multi, and close ending the session (its ephemeral goes away).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createClient, type Client } from '../../src/client/index.js';
import { CreateMode, KeeperError, Perms } from '../../src/proto/index.js';
import { describeInterop, startStandalone, type RealZkServer } from '../support/realZk.js';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describeInterop('rxzk client ops against real ZooKeeper 3.8', () => {
  let server: RealZkServer | undefined;
  const clients: Client[] = [];
  const open = async (suffix = '', sessionTimeoutMs = 10_000): Promise<Client> => {
    const s = server as RealZkServer;
    const client = createClient(`${s.host}:${s.clientPort}${suffix}`, { sessionTimeoutMs });
    clients.push(client);
    await client.connected();
    return client;
  };

  beforeAll(async () => {
    server = await startStandalone({ extra: { 'extendedTypesEnabled': 'true' } },
      { jvmArgs: ['-Xmx256m', '-Dzookeeper.extendedTypesEnabled=true'] });
  });

  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    await server?.stop();
  });

  it('connects with a negotiated timeout and a session id', async () => {
    const c = await open();
    expect(c.state.state).toBe('CONNECTED');
    expect(c.sessionId).not.toBe(0n);
    expect(c.negotiatedTimeoutMs).toBe(10_000);
  });

  it('create, exists, getData, setData, getChildren, delete', async () => {
    const c = await open();
    const created = await c.create('/ops', 'hello');
    expect(created.path).toBe('/ops');
    expect(created.stat.dataLength).toBe(5);
    expect((await c.exists('/ops'))?.version).toBe(0);
    expect(await c.exists('/nope')).toBeNull();
    const got = await c.getData('/ops');
    expect(text(got.data)).toBe('hello');
    const stat = await c.setData('/ops', 'world', { version: 0 });
    expect(stat.version).toBe(1);
    await expect(c.setData('/ops', 'x', { version: 0 })).rejects.toMatchObject({ code: 'BADVERSION', errno: -103 });
    await c.create('/ops/a');
    await c.create('/ops/b');
    const kids = await c.getChildren('/ops');
    expect([...kids.children].sort()).toEqual(['a', 'b']);
    expect(kids.stat.numChildren).toBe(2);
    await expect(c.delete('/ops')).rejects.toMatchObject({ code: 'NOTEMPTY' });
    await c.delete('/ops/a');
    await c.delete('/ops/b');
    await c.delete('/ops', { version: 1 });
    expect(await c.exists('/ops')).toBeNull();
    await expect(c.getData('/ops')).rejects.toBeInstanceOf(KeeperError);
  });

  it('sequential, ephemeral, container and TTL modes', async () => {
    const c = await open();
    await c.create('/modes');
    const seq = await c.create('/modes/s-', '', { mode: CreateMode.PERSISTENT_SEQUENTIAL });
    expect(seq.path).toMatch(/^\/modes\/s-\d{10}$/);
    const eph = await c.create('/modes/e', '', { mode: CreateMode.EPHEMERAL });
    expect(eph.stat.ephemeralOwner).toBe(c.sessionId);
    const container = await c.create('/modes/c', '', { mode: CreateMode.CONTAINER });
    expect(container.path).toBe('/modes/c');
    // 3.8 keeps the container marker out of the Stat it returns (the golden capture shows the same): owner 0.
    expect((await c.exists('/modes/c'))?.ephemeralOwner).toBe(0n);
    const ttl = await c.create('/modes/t', '', { mode: CreateMode.PERSISTENT_WITH_TTL, ttlMs: 60_000 });
    expect(ttl.path).toBe('/modes/t');
  });

  it('multi applies all or nothing', async () => {
    const c = await open();
    const results = await c.multi([
      { op: 'create', path: '/tx', data: 'a' },
      { op: 'create', path: '/tx/1' },
      { op: 'setData', path: '/tx', data: 'b' },
      { op: 'check', path: '/tx', version: 1 },
    ]);
    expect(results.map((r) => r.op)).toEqual(['create', 'create', 'setData', 'check']);
    await expect(c.multi([{ op: 'delete', path: '/tx/1' }, { op: 'check', path: '/tx', version: 7 }]))
      .rejects.toMatchObject({ code: 'BADVERSION', path: '/tx' });
    expect(await c.exists('/tx/1')).not.toBeNull();
  });

  it('sync, getACL/setACL and digest auth', async () => {
    const c = await open();
    expect(await c.sync('/')).toBe('/');
    await c.addAuthInfo('digest', 'rxzk:secret');
    await c.create('/secured', 'x', { acl: [{ perms: Perms.ALL, id: { scheme: 'auth', id: '' } }] });
    const { acl } = await c.getACL('/secured');
    expect(acl[0]?.id.scheme).toBe('digest');
    const other = await open();
    await expect(other.getData('/secured')).rejects.toMatchObject({ code: 'NOAUTH' });
    const stat = await c.setACL('/secured', [{ perms: Perms.READ, id: { scheme: 'world', id: 'anyone' } }]);
    expect(stat.aversion).toBe(1);
    expect(text((await other.getData('/secured')).data)).toBe('x');
  });

  it('chroot prefixes requests and strips replies', async () => {
    const root = await open();
    await root.create('/app');
    const c = await open('/app');
    const made = await c.create('/x', 'in-chroot');
    expect(made.path).toBe('/x');
    expect(text((await root.getData('/app/x')).data)).toBe('in-chroot');
    expect((await c.getChildren('/')).children).toEqual(['x']);
  });

  it('pipelines requests and answers them in order', async () => {
    const c = await open();
    await c.create('/pipe', 'p');
    const replies = await Promise.all(Array.from({ length: 500 }, () => c.getData('/pipe')));
    expect(replies.every((r) => text(r.data) === 'p')).toBe(true);
  });

  it('close ends the session: ephemerals vanish and the handle refuses requests', async () => {
    const c = await open();
    const watcher = await open();
    await c.create('/gone', '', { mode: CreateMode.EPHEMERAL });
    await c.close();
    expect(c.state.state).toBe('CLOSED');
    expect(await watcher.exists('/gone')).toBeNull();
    await expect(c.getData('/')).rejects.toMatchObject({ code: 'SESSIONEXPIRED' });
  });

  it('an auth packet the server refuses ends the session as AUTH_FAILED', async () => {
    const c = await open();
    await expect(c.addAuthInfo('nosuchscheme', 'x')).rejects.toMatchObject({ code: 'AUTHFAILED' });
    expect(c.state.state).toBe('AUTH_FAILED');
    await expect(c.getData('/')).rejects.toMatchObject({ code: 'AUTHFAILED' });
  });
});
