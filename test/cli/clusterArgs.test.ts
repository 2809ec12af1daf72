import { describe, expect, it } from 'vitest';
import { UsageError, parseClusterArgs } from '../../src/cli/cluster/args.js';
import { myidText, planCluster, zooCfgText } from '../../src/cli/cluster/plan.js';
import { parseZooCfg } from '../../src/config/parseZooCfg.js';

describe('rxzk cluster arguments', () => {
  it('defaults to three peers on the ZooKeeper ports and a temp dir', () => {
    expect(parseClusterArgs([])).toEqual({
      size: 3, clientPortBase: 2181, quorumPortBase: 2888, electionPortBase: 3888,
      dir: undefined, peerScript: undefined, logLevel: 'info',
    });
  });

  it('reads both --flag value and --flag=value', () => {
    const args = parseClusterArgs(['--size', '5', '--client-port-base=3000', '--quorum-port-base', '4000',
      '--election-port-base=5000', '--dir', 'd']);
    expect(args).toMatchObject({ size: 5, clientPortBase: 3000, quorumPortBase: 4000, electionPortBase: 5000 });
    expect(args.dir).toBe('d');
  });

  it.each([
    [['--size', '0'], '--size must be between 1 and 9, got 0'],
    [['--size', '10'], '--size must be between 1 and 9, got 10'],
    [['--size', 'three'], "--size must be a whole number, got 'three'"],
    [['--size', '-1'], "--size must be a whole number, got '-1'"],
    [['--size'], '--size needs a value'],
    [['--client-port-base', '0'], '--client-port-base must be between 1 and 65535, got 0'],
    [['--client-port-base', '65534'], '--client-port-base 65534 with --size 3 needs ports up to 65536, above 65535'],
    [['--quorum-port-base', '2182'], '--client-port-base 2181 and --quorum-port-base 2182 overlap for 3 peers'],
    [['--host', '0.0.0.0'], 'unknown option --host'],
    [['cluster'], "unexpected argument 'cluster'"],
    [['--dir', ' '], '--dir must not be empty'],
    [['--log-level', 'loud'], "--log-level must be one of trace, debug, info, warn, error, fatal, silent, got 'loud'"],
  ])('refuses %j with a clear message', (args, message) => {
    expect(() => parseClusterArgs(args)).toThrow(new UsageError(message));
  });

  it('allows adjacent ranges that do not overlap, and even sizes', () => {
    const args = ['--size', '2', '--client-port-base', '100', '--quorum-port-base', '102',
      '--election-port-base', '98'];
    expect(parseClusterArgs(args).size).toBe(2);
  });
});

describe('cluster plan and zoo.cfg', () => {
  const plans = planCluster({ size: 3, clientPortBase: 2181, quorumPortBase: 2888, electionPortBase: 3888 }, '/tmp/c/');

  it('gives peer i base + i - 1 on each port and its own directory', () => {
    expect(plans.map((p) => [p.sid, p.clientPort, p.quorumPort, p.electionPort, p.cfgPath, p.dataDir])).toEqual([
      [1, 2181, 2888, 3888, '/tmp/c/peer1/zoo.cfg', '/tmp/c/peer1/data'],
      [2, 2182, 2889, 3889, '/tmp/c/peer2/zoo.cfg', '/tmp/c/peer2/data'],
      [3, 2183, 2890, 3890, '/tmp/c/peer3/zoo.cfg', '/tmp/c/peer3/data'],
    ]);
  });

  it('writes the zoo.cfg the issue asks for', () => {
    const [, second] = plans;
    if (second === undefined) throw new Error('no peer 2');
    expect(zooCfgText(second, plans)).toBe([
      '# rxzk cluster: peer 2 of 3', 'tickTime=2000', 'initLimit=10', 'syncLimit=5', 'dataDir=/tmp/c/peer2/data',
      'clientPort=2182', 'clientPortAddress=127.0.0.1', '4lw.commands.whitelist=*',
      'server.1=127.0.0.1:2888:3888', 'server.2=127.0.0.1:2889:3889', 'server.3=127.0.0.1:2890:3890', '',
    ].join('\n'));
    expect(myidText(second)).toBe('2\n');
  });

  it('produces configs our zoo.cfg parser accepts as a distributed peer, also for a single peer', () => {
    for (const size of [1, 3]) {
      const all = planCluster({ size, clientPortBase: 2181, quorumPortBase: 2888, electionPortBase: 3888 }, '/tmp/c');
      for (const peer of all) {
        const config = parseZooCfg(zooCfgText(peer, all), { myidText: myidText(peer) });
        expect(config.mode).toBe('distributed');
        expect(config.myid).toBe(BigInt(peer.sid));
        expect(config.clientAddress).toEqual({ host: '127.0.0.1', port: peer.clientPort });
        expect([...config.servers.keys()]).toEqual(all.map((p) => BigInt(p.sid)));
      }
    }
  });
});
