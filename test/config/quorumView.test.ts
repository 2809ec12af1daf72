import { describe, expect, it } from 'vitest';
import { javaPropertiesMap, parseProperties } from '../../src/config/parseProperties.js';
import { formatQuorumView, observingMembers, parseQuorumView, votingMembers } from '../../src/config/quorumView.js';
import { javaLongHashOrder } from '../../src/config/javaHashOrder.js';
import { javaPropertiesOrder, javaStringHash } from '../../src/config/javaPropertiesOrder.js';

const view = (text: string) => parseQuorumView(javaPropertiesMap(parseProperties(text)));

describe('parseQuorumView', () => {
  it('splits voters and observers (QuorumMajorityTest setup)', () => {
    const v = view('server.1=h:1:2\nserver.2=h:3:4\nserver.3=h:5:6\nserver.4=h:7:8:observer\nserver.5=h:9:10:observer\n');
    expect(v.quorum).toEqual({ kind: 'majority' });
    expect(votingMembers(v).map((s) => s.sid)).toEqual([1n, 2n, 3n]);
    expect(observingMembers(v).map((s) => s.sid)).toEqual([4n, 5n]);
  });

  it('gives the hierarchical verifier its data (HierarchicalQuorumTest: group 2 weighs 0)', () => {
    const v = view(
      'server.1=h:1:2\nserver.2=h:3:4\nserver.3=h:5:6\nserver.4=h:7:8\nserver.5=h:9:10\n' +
        'group.1=1:2:3\ngroup.2=4:5\nweight.1=1\nweight.2=1\nweight.3=1\nweight.4=0\nweight.5=0\n',
    );
    expect(v.quorum).toEqual({
      kind: 'hierarchical',
      groups: new Map([[1n, [1n, 2n, 3n]], [2n, [4n, 5n]]]),
      weights: new Map([[1n, 1n], [2n, 1n], [3n, 1n], [4n, 0n], [5n, 0n]]),
      groupCount: 1,
    });
  });

  it('FLEZeroWeightTest layout: three groups, only the first weighs anything', () => {
    const servers = Array.from({ length: 9 }, (_, i) => `server.${i}=h:${100 + 2 * i}:${101 + 2 * i}`).join('\n');
    const weights = Array.from({ length: 9 }, (_, i) => `weight.${i}=${i < 3 ? 1 : 0}`).join('\n');
    const v = view(`${servers}\ngroup.1=0:1:2\ngroup.2=3:4:5\ngroup.3=6:7:8\n${weights}\n`);
    expect(v.quorum.kind === 'hierarchical' && v.quorum.groupCount).toBe(1);
  });

  it('says what is wrong where ZooKeeper 3.8 would die with a NullPointerException', () => {
    expect(() => view('server.1=h:1:2\nserver.2=h:3:4:observer\ngroup.1=1:2\n')).toThrow('weight.2 missing');
  });

  it('prints the version in lowercase hex', () => {
    expect(formatQuorumView(view('server.1=h:1:2\nversion=1A00000000\n'))).toBe('server.1=h:1:2:participant\nversion=1a00000000');
  });
});

describe('Java iteration orders', () => {
  it('String.hashCode', () => {
    expect(javaStringHash('server.1')).toBe(1379102790); // both values printed by OpenJDK 17
    expect(javaStringHash('tickTime')).toBe(1936851466);
    expect(javaStringHash('')).toBe(0);
  });

  it('HashMap<Long> order: by bucket, insertion order within one', () => {
    expect(javaLongHashOrder([17n, 2n, 1n])).toEqual([17n, 1n, 2n]);
    expect(javaLongHashOrder([33n, 1n, 17n])).toEqual([33n, 1n, 17n]);
  });

  it('Properties order survives a table resize', () => {
    const keys = Array.from({ length: 30 }, (_, i) => `key${i}`);
    const order = javaPropertiesOrder(keys);
    expect([...order].sort()).toEqual([...keys].sort());
    expect(order).not.toEqual(keys);
  });
});
