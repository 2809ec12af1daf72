import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { parseZooCfg } from '../../src/config/parseZooCfg.js';
import { dynamicConfigText } from '../../src/config/quorumView.js';
import { decodeJavaIntOr, javaTrim, parseJavaInt, parseJavaLong } from '../../src/config/javaNumbers.js';

const three = 'server.1=127.0.0.1:2881:3881\nserver.2=127.0.0.1:2882:3882\nserver.3=127.0.0.1:2883:3883\n';
const base = `tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=/data\n${three}`;

describe('parseZooCfg', () => {
  it('gives the election what it needs: bigint sids, addresses, roles, config text', () => {
    const config = parseZooCfg(base, { myidText: '2' });
    expect(config.myid).toBe(2n);
    expect([...config.servers.keys()]).toEqual([1n, 2n, 3n]);
    expect(config.servers.get(3n)?.electionAddresses).toEqual([{ host: '127.0.0.1', port: 3883 }]);
    expect(dynamicConfigText(config)).toBe(
      'server.1=127.0.0.1:2881:3881:participant\nserver.2=127.0.0.1:2882:3882:participant\n' +
        'server.3=127.0.0.1:2883:3883:participant\nversion=0',
    );
  });

  it('applies ZooKeeper defaults', () => {
    const config = parseZooCfg('dataDir=/data\n');
    expect(config).toMatchObject({
      mode: 'standalone', tickTimeMs: 3000, minSessionTimeoutMs: 6000, maxSessionTimeoutMs: 60000,
      maxClientCnxns: 60, cnxTimeoutMs: 5000, electionPortBindRetry: 3, quorumCnxnTimeoutMs: -1,
      minNotificationIntervalMs: 200, maxNotificationIntervalMs: 60000, clientAddress: undefined,
      dataLogDir: '/data', peerType: 'participant', standaloneEnabled: true, reconfigEnabled: false,
    });
    expect([...config.fourLetterWordWhitelist]).toEqual(['srvr']);
  });

  it('reads the zookeeper.* tuning keys as the election and connection manager read them', () => {
    const config = parseZooCfg(
      `${base}cnxTimeout=7000\nelectionPortBindRetry=-1\nfastleader.minNotificationInterval=0x10\n` +
        'fastleader.maxNotificationInterval=junk\nquorumCnxnTimeoutMs=2500\n4lw.commands.whitelist=ruok,stat\n',
      { myidText: '1' },
    );
    expect(config).toMatchObject({
      cnxTimeoutMs: 7000, electionPortBindRetry: 3, minNotificationIntervalMs: 16, maxNotificationIntervalMs: 60000,
      quorumCnxnTimeoutMs: 2500,
    });
    expect([...config.fourLetterWordWhitelist].sort()).toEqual(['ruok', 'srvr', 'stat']);
    expect(config.systemProperties.get('zookeeper.cnxTimeout')).toBe('7000');
  });

  it('refuses a cnxTimeout the connection manager could not parse', () => {
    expect(() => parseZooCfg(`${base}cnxTimeout=5s\n`, { myidText: '1' })).toThrow('cnxTimeout: For input string: "5s"');
  });

  it('refuses a myid that is not in the view', () => {
    expect(() => parseZooCfg(base, { myidText: '9' })).toThrow('My id 9 not in the peer list');
  });

  it('collects the warnings ZooKeeper logs', () => {
    const two = 'tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=/d\nserver.1=h:1:2\nserver.2=h:3:4\npeerType=observer\n';
    expect(parseZooCfg(two, { myidText: '1' }).warnings).toEqual([
      'No server failure will be tolerated. You need at least 3 servers.',
      "Peer type from servers list (PARTICIPANT) doesn't match peerType (OBSERVER). Defaulting to servers list.",
    ]);
  });

  it('needs the dynamic config file\'s text from its caller (the pure parser reads no files)', () => {
    expect(() => parseZooCfg('dataDir=/d\ndynamicConfigFile=/d/zoo.cfg.dynamic\n')).toThrow(
      'dynamicConfigFile /d/zoo.cfg.dynamic was not read (use loadZooCfg)',
    );
  });

  it('refuses an oversized config before parsing it', () => {
    const huge = `dataDir=/d\n#${'x'.repeat(1024 * 1024)}\n`;
    let caught: unknown;
    try {
      parseZooCfg(huge, { source: '/etc/zoo.cfg' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).code).toBe('CONFIG_TOO_LARGE');
    expect((caught as ConfigError).message).toBe('Error processing /etc/zoo.cfg: config is larger than 1048576 bytes');
  });

  it('refuses more servers than the named limit', () => {
    const lines = Array.from({ length: 1001 }, (_, i) => `server.${i + 1}=h:${i + 1}:${i + 2001}`).join('\n');
    expect(() => parseZooCfg(`dataDir=/d\n${lines}\n`)).toThrow('more than 1000 servers');
  });
});

describe('Java number parsing', () => {
  it('Integer.parseInt acceptance and messages', () => {
    expect(parseJavaInt('+42')).toBe(42);
    expect(parseJavaInt('-2147483648')).toBe(-2147483648);
    expect(() => parseJavaInt('2147483648')).toThrow('For input string: "2147483648"');
    expect(() => parseJavaInt(' 1')).toThrow('For input string: " 1"');
    expect(() => parseJavaInt('')).toThrow('For input string: ""');
  });
  it('Long.parseLong in hex for config versions', () => {
    expect(parseJavaLong('100000000', 16)).toBe(0x100000000n);
    expect(() => parseJavaLong('xyz', 16)).toThrow('For input string: "xyz" under radix 16');
  });
  it('Integer.getInteger decoding falls back on garbage', () => {
    expect(decodeJavaIntOr('010', 1)).toBe(8);
    expect(decodeJavaIntOr('#ff', 1)).toBe(255);
    expect(decodeJavaIntOr('08', 1)).toBe(1);
    expect(decodeJavaIntOr(undefined, 7)).toBe(7);
  });
  it('String.trim strips control characters too', () => {
    expect(javaTrim('\u0001 a b\t\u001f')).toBe('a b');
  });
});
