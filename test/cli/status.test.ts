import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseHostPort } from '../../src/cli/fourLetterWordClient.js';
import { parseSrvr } from '../../src/cli/status.js';
import { describeInterop, startStandalone, type RealZkServer } from '../support/realZk.js';

const srvrReply = [
  'Zookeeper version: 3.8.0-debian--1, built on 2023-03-28 00:00 UTC',
  'Latency min/avg/max: 0/0.0/0',
  'Received: 2',
  'Sent: 1',
  'Connections: 1',
  'Outstanding: 0',
  'Zxid: 0x100000000',
  'Mode: leader',
  'Node count: 5',
  'Proposal sizes last/min/max: -1/-1/-1',
  '',
].join('\n');

describe('rxzk status', () => {
  it('reads mode, zxid (as bigint) and version from a srvr reply', () => {
    expect(parseSrvr(srvrReply)).toEqual({
      mode: 'leader',
      zxid: 0x100000000n,
      version: '3.8.0-debian--1, built on 2023-03-28 00:00 UTC',
      serving: true,
    });
    expect(parseSrvr('This ZooKeeper instance is not currently serving requests\n').serving).toBe(false);
  });

  it('parses host:port forms', () => {
    expect(parseHostPort('127.0.0.1:2182')).toEqual({ host: '127.0.0.1', port: 2182 });
    expect(parseHostPort('localhost')).toEqual({ host: 'localhost', port: 2181 });
    expect(parseHostPort('[::1]:2183')).toEqual({ host: '::1', port: 2183 });
    expect(() => parseHostPort('a:99999')).toThrow(/bad port/);
  });

  it('exits 2 with a clear line when nothing listens', async () => {
    const lines: string[] = [];
    expect(await main(['status', '127.0.0.1:1'], (l) => lines.push(l))).toBe(2);
    expect(lines[0]).toMatch(/^127\.0\.0\.1:1: unreachable/);
  });

  it('prints usage and exits 64 on an unknown command', async () => {
    const lines: string[] = [];
    expect(await main(['frobnicate'], (l) => lines.push(l))).toBe(64);
    expect(lines.join('\n')).toContain('usage:');
  });
});

describeInterop('rxzk status against real ZooKeeper 3.8', () => {
  let server: RealZkServer | undefined;
  beforeAll(async () => {
    server = await startStandalone();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('reports the standalone mode and zxid of a real server', async () => {
    if (server === undefined) throw new Error('server did not start');
    const lines: string[] = [];
    expect(await main(['status', `${server.host}:${server.clientPort}`], (l) => lines.push(l))).toBe(0);
    expect(lines[0]).toMatch(/: mode standalone zxid 0x[0-9a-f]+ version 3\.8\.0/);
  });
});
