// Every case here was run through real ZooKeeper 3.8's QuorumPeerConfig.parse (test/fixtures/config/capture); rxzk
// must accept what it accepts with the same values and config text, and refuse what it refuses with the same reason.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { parseZooCfg } from '../../src/config/parseZooCfg.js';
import { formatQuorumView } from '../../src/config/quorumView.js';
import type { PeerConfig } from '../../src/config/peerConfig.js';

interface JavaAccepted {
  readonly ok: true;
  readonly distributed: boolean;
  readonly serverId: string;
  readonly tickTime: number;
  readonly initLimit: number;
  readonly syncLimit: number;
  readonly minSessionTimeout: number;
  readonly maxSessionTimeout: number;
  readonly maxClientCnxns: number;
  readonly dataDir: string;
  readonly dataLogDir: string;
  readonly clientAddress: string | null;
  readonly peerType: string;
  readonly quorumListenOnAllIPs: boolean;
  readonly multiAddressEnabled: boolean;
  readonly standaloneEnabled: boolean;
  readonly view: string;
  readonly whitelist: string;
  readonly cnxTimeout: string;
}

interface JavaCase {
  readonly name: string;
  readonly cfg: string;
  readonly myid?: string;
  readonly jvm?: Record<string, string>;
  readonly dynamic?: { readonly file: string; readonly text: string };
  readonly java: JavaAccepted | { readonly ok: false; readonly error: string };
}

const cases = JSON.parse(
  readFileSync(new URL('../fixtures/config/zoo-cfg-java.json', import.meta.url), 'utf8'),
) as JavaCase[];

const DATA_DIR = '/var/lib/rxzk-test/data';
const CFG_DIR = '/etc/rxzk-test';

function parseCase(testCase: JavaCase): PeerConfig {
  const text = testCase.cfg.replaceAll('@DIR@', DATA_DIR).replaceAll('@CFGDIR@', CFG_DIR);
  const dynamicPath = /^dynamicConfigFile=(.*)$/m.exec(text)?.[1];
  const dynamicText = testCase.dynamic?.text;
  return parseZooCfg(text, {
    source: 'zoo.cfg',
    myidText: testCase.myid,
    jvmProperties: new Map(Object.entries(testCase.jvm ?? {})),
    ...(dynamicPath === undefined ? {} : { dynamicConfig: { path: dynamicPath, text: dynamicText } }),
  });
}

/** The innermost reason of Java's exception chain ("ConfigException: Error processing x | Cause: reason"). */
function javaReason(error: string): string {
  const last = error.split(' | ').at(-1) ?? error;
  return last.replace(/^[A-Za-z]+: /, '');
}

function summary(config: PeerConfig): Omit<JavaAccepted, 'ok'> {
  const client = config.clientAddress;
  return {
    distributed: config.mode === 'distributed',
    serverId: String(config.myid ?? -1n),
    tickTime: config.tickTimeMs,
    initLimit: config.initLimit,
    syncLimit: config.syncLimit,
    minSessionTimeout: config.minSessionTimeoutMs,
    maxSessionTimeout: config.maxSessionTimeoutMs,
    maxClientCnxns: config.maxClientCnxns,
    dataDir: config.dataDir.replace(DATA_DIR, '@DIR@'),
    dataLogDir: config.dataLogDir.replace(DATA_DIR, '@DIR@'),
    clientAddress: client === undefined ? null : `${client.host}:${client.port}`,
    peerType: config.peerType,
    quorumListenOnAllIPs: config.quorumListenOnAllIPs,
    multiAddressEnabled: config.multiAddressEnabled,
    standaloneEnabled: config.standaloneEnabled,
    view: formatQuorumView(config.view),
    whitelist: config.systemProperties.get('zookeeper.4lw.commands.whitelist') ?? 'null',
    cnxTimeout: config.systemProperties.get('zookeeper.cnxTimeout') ?? 'null',
  };
}

describe('parseZooCfg matches ZooKeeper 3.8 QuorumPeerConfig', () => {
  it('has the captured cases', () => {
    expect(cases.length).toBeGreaterThan(50);
  });

  for (const testCase of cases) {
    const { java } = testCase;
    if (java.ok) {
      it(`accepts: ${testCase.name}`, () => {
        const { ok: _ok, ...expected } = java;
        expect(summary(parseCase(testCase))).toEqual(expected);
      });
    } else {
      it(`refuses: ${testCase.name}`, () => {
        let caught: unknown;
        try {
          parseCase(testCase);
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(ConfigError);
        const message = (caught as ConfigError).message;
        expect(message).toMatch(/^Error processing (zoo\.cfg|\/etc\/rxzk-test\/[^:]+): /);
        expect(message.endsWith(javaReason(java.error).replaceAll('@CFGDIR@', CFG_DIR))).toBe(true);
      });
    }
  }
});
