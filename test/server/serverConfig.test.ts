// Reading a standalone server's settings from zoo.cfg as 3.8 does, and what `conf` reports about its data dirs.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseZooCfg } from '../../src/config/parseZooCfg.js';
import { JUTE_MAX_BUFFER_BYTES } from '../../src/jute/limits.js';
import { standaloneConfigOf } from '../../src/server/serverConfig.js';
import { startStandaloneServer } from '../../src/server/standaloneServer.js';
import { freePorts } from '../support/ports.js';
import { fourLetterWord } from '../support/realZk.js';
import { WireClient } from './wireClient.js';

const cfg = (dataDir: string, ...extra: string[]): string => cfgOnPort(2181, dataDir, ...extra);
const cfgOnPort = (port: number, dataDir: string, ...extra: string[]): string =>
  ['tickTime=2000', `dataDir=${dataDir}`, `clientPort=${port}`, 'clientPortAddress=127.0.0.1', '4lw.commands.whitelist=*', ...extra].join('\n');

describe('standaloneConfigOf', () => {
  it('sizes frames by the JVM property jute.maxbuffer only: a zoo.cfg line is zookeeper.jute.maxbuffer, which 3.8 ignores', () => {
    expect(standaloneConfigOf(parseZooCfg(cfg('/tmp/x', 'jute.maxbuffer=4096'))).frameBytesMax).toBeUndefined();
    const jvm = parseZooCfg(cfg('/tmp/x'), { jvmProperties: new Map([['jute.maxbuffer', '4096']]) });
    expect(standaloneConfigOf(jvm).frameBytesMax).toBe(4096);
    expect(standaloneConfigOf(parseZooCfg(cfg('/tmp/x'))).frameBytesMax ?? JUTE_MAX_BUFFER_BYTES).toBe(0xfffff);
  });

  it('takes snapCount from the zoo.cfg line (it becomes zookeeper.snapCount)', () => {
    expect(standaloneConfigOf(parseZooCfg(cfg('/tmp/x', 'snapCount=500'))).snapCount).toBe(500);
  });
});

describe('conf on a running standalone server', () => {
  it('reports the bytes in the snapshot and log dirs, as ZooKeeper sums them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxzk-conf-'));
    const [port = 0] = await freePorts(1);
    const server = await startStandaloneServer(standaloneConfigOf(parseZooCfg(cfgOnPort(port, dir))));
    try {
      const client = await WireClient.connect({ port: server.address.port });
      expect(await client.create('/sized', 'x'.repeat(1000))).toBe('/sized');
      client.close();
      const versionDir = join(dir, 'version-2');
      const bytes = (prefix: string) => readdirSync(versionDir).filter((f) => f.startsWith(prefix))
        .reduce((n, f) => n + statSync(join(versionDir, f)).size, 0);
      const conf = await fourLetterWord('127.0.0.1', server.address.port, 'conf');
      expect(conf).toContain(`dataDir=${versionDir}\n`);
      // dataDir and dataLogDir are the same directory here, so both count snapshots and logs.
      expect(conf).toContain(`dataDirSize=${bytes('snapshot.') + bytes('log.')}\n`);
      expect(conf).toContain(`dataLogSize=${bytes('snapshot.') + bytes('log.')}\n`);
      expect(bytes('log.')).toBeGreaterThan(1000);
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
