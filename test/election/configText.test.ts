import { describe, expect, it } from 'vitest';
import { parseConfigText, renderConfigText } from '../../src/election/configText.js';
import { hierarchicalVerifier } from '../../src/election/quorumVerifier.js';
import { majority, members } from './helpers.js';

describe('config text', () => {
  it('renders QuorumMaj like ZooKeeper 3.8 (the captured config)', () => {
    expect(renderConfigText(majority([1, 2, 3]))).toBe(
      'server.1=127.0.0.1:2881:3881:participant\nserver.2=127.0.0.1:2882:3882:participant\n'
      + 'server.3=127.0.0.1:2883:3883:participant\nversion=0');
  });
  it('round-trips observers, client addresses and hierarchies', () => {
    const qv = hierarchicalVerifier({
      members: [...members([1, 2, 3]), { sid: 4n, type: 'observer', address: '127.0.0.1:2884:3884;127.0.0.1:2184' }],
      groups: new Map([[1n, [1n, 2n]], [2n, [3n]]]), weights: new Map([[3n, 0n]]), version: 0x100000000n,
    });
    const text = renderConfigText(qv);
    expect(text).toContain('server.4=127.0.0.1:2884:3884:observer;127.0.0.1:2184\n');
    expect(text.endsWith('weight.3=0\nversion=100000000')).toBe(true);
    expect(renderConfigText(parseConfigText(text))).toBe(text);
  });
  it.each([
    ['unknown key', 'server.1=127.0.0.1:1:2\nfoo=bar'],
    ['non-numeric sid', 'server.x=127.0.0.1:1:2'],
    ['non-hex version', 'server.1=127.0.0.1:1:2\nversion=zz'],
    ['empty', ''],
    ['bad role', 'server.1=127.0.0.1:1:2:voter'],
  ])('rejects %s', (_name, text) => {
    expect(() => parseConfigText(text)).toThrow();
  });
});
