// Real zoo.cfg files as shipped, with the values real ZooKeeper 3.8 reads from them (QuorumPeerConfig via
// test/fixtures/config/capture/CfgDump.java: distributed=false, serverId=-1, tickTime=2000, session timeouts
// 4000/40000, clientAddress 0.0.0.0:2181, view "version=0").
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseZooCfg } from '../../src/config/parseZooCfg.js';
import { dynamicConfigText } from '../../src/config/quorumView.js';

describe('shipped zoo.cfg samples', () => {
  it('reads the Debian zookeeper package\'s /etc/zookeeper/conf/zoo.cfg as ZooKeeper does', () => {
    const text = readFileSync(new URL('../fixtures/config/samples/debian-zoo.cfg', import.meta.url), 'latin1');
    const config = parseZooCfg(text);
    expect(config).toMatchObject({
      mode: 'standalone', myid: undefined, tickTimeMs: 2000, initLimit: 10, syncLimit: 5,
      minSessionTimeoutMs: 4000, maxSessionTimeoutMs: 40000, maxClientCnxns: 60,
      dataDir: '/tmp/zookeeper', dataLogDir: '/tmp/zookeeper', clientAddress: { host: '0.0.0.0', port: 2181 },
    });
    expect(dynamicConfigText(config)).toBe('version=0');
  });
});
