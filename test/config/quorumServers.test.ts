// QuorumServerTest scenarios (tests-catalog.md) plus the server-line rules from quorum-config.md §3.1.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { formatQuorumServer, getHostAndPort, parseQuorumServer } from '../../src/config/quorumServers.js';

const roundTrip = (line: string, multiAddressEnabled = false): string =>
  formatQuorumServer(parseQuorumServer(1n, line, { multiAddressEnabled }));

describe('parseQuorumServer / formatQuorumServer (QuorumServer.toString)', () => {
  it('round-trips a full line', () => {
    expect(roundTrip('127.0.0.1:1234:1236:participant;0.0.0.0:1237')).toBe('127.0.0.1:1234:1236:participant;0.0.0.0:1237');
  });
  it('prints a missing type as participant', () => {
    expect(roundTrip('127.0.0.1:1234:1236')).toBe('127.0.0.1:1234:1236:participant');
  });
  it('expands a port-only client part to 0.0.0.0', () => {
    expect(roundTrip('127.0.0.1:1234:1236;1237')).toBe('127.0.0.1:1234:1236:participant;0.0.0.0:1237');
  });
  it('keeps hostnames and lower-cases the role', () => {
    expect(roundTrip('example.test:1234:1236:OBSERVER')).toBe('example.test:1234:1236:observer');
  });
  it('prints [::1] the way Java does', () => {
    expect(roundTrip('[::1]:1234:1236;[::1]:1237')).toBe('[0:0:0:0:0:0:0:1]:1234:1236:participant;[0:0:0:0:0:0:0:1]:1237');
  });
  it('refuses an unbalanced bracket', () => {
    expect(() => parseQuorumServer(1n, '[::1:1234:1236')).toThrow("starts with '[' but has no matching ']:'");
  });
  it('refuses | lists unless multi-address is enabled, and sorts them by host when it is', () => {
    expect(() => parseQuorumServer(7n, '127.0.0.2:1:2|127.0.0.1:3:4')).toThrow(
      'Multiple address feature is disabled, but multiple addresses were specified for sid 7',
    );
    expect(roundTrip('127.0.0.2:1:2|127.0.0.1:3:4', true)).toBe('127.0.0.1:3:4|127.0.0.2:1:2:participant');
  });
  it('refuses equal quorum and election ports', () => {
    expect(() => parseQuorumServer(3n, 'localhost:2888:2888')).toThrow(ConfigError);
    expect(() => parseQuorumServer(3n, 'localhost:2888:2888')).toThrow('on server.3');
  });
  it('keeps both address lists index-aligned with the parsed ports', () => {
    const server = parseQuorumServer(2n, '127.0.0.1:2882:3882:observer;127.0.0.1:2182');
    expect(server).toEqual({
      sid: 2n,
      quorumAddresses: [{ host: '127.0.0.1', port: 2882 }],
      electionAddresses: [{ host: '127.0.0.1', port: 3882 }],
      type: 'observer',
      clientAddress: { host: '127.0.0.1', port: 2182 },
      clientAddressFromStatic: false,
    });
  });
  it('refuses more addresses than the named limit', () => {
    const many = Array.from({ length: 17 }, (_, i) => `127.0.0.${i + 1}:1:2`).join('|');
    expect(() => parseQuorumServer(1n, many, { multiAddressEnabled: true })).toThrow('more than 16 addresses');
  });
});

describe('getHostAndPort (ConfigUtils)', () => {
  it('splits plain and bracketed forms, dropping trailing empties like String.split', () => {
    expect(getHostAndPort('a:1:2:')).toEqual(['a', '1', '2']);
    expect(getHostAndPort('[::1]:1:2')).toEqual(['::1', '1', '2']);
    expect(getHostAndPort('[::1]')).toEqual(['::1']);
    expect(() => getHostAndPort('[::1]:')).toThrow("doesn't have a port after colon");
  });
});
