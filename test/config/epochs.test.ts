import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { type EpochFileRead, decideEpochs, formatEpoch, parseEpochText } from '../../src/config/epochs.js';

const absent: EpochFileRead = { kind: 'absent' };
const value = (v: bigint): EpochFileRead => ({ kind: 'value', value: v });

describe('parseEpochText', () => {
  it('reads decimal text with or without a newline', () => {
    expect(parseEpochText('5', '/d/currentEpoch')).toEqual({ kind: 'value', value: 5n });
    expect(parseEpochText('12\nignored', '/d/currentEpoch')).toEqual({ kind: 'value', value: 12n });
  });

  it('keeps garbage as unparsable instead of failing at once', () => {
    expect(parseEpochText('x1', '/d/acceptedEpoch')).toEqual({ kind: 'unparsable', line: 'x1', path: '/d/acceptedEpoch' });
    expect(parseEpochText('', '/d/acceptedEpoch')).toEqual({ kind: 'unparsable', line: undefined, path: '/d/acceptedEpoch' });
  });

  it('writes decimal text without a newline', () => {
    expect(formatEpoch(4294967296n)).toBe('4294967296');
  });
});

describe('decideEpochs (QuorumPeer.loadDataBase rules)', () => {
  it('creates both files from the zxid epoch on a fresh data dir', () => {
    const decision = decideEpochs({ currentEpoch: absent, acceptedEpoch: absent, currentEpochTmp: absent }, 0n);
    expect(decision).toEqual({
      currentEpoch: 0n,
      acceptedEpoch: 0n,
      writes: [
        { file: 'currentEpoch', value: 0n },
        { file: 'acceptedEpoch', value: 0n },
      ],
    });
  });

  it('uses existing files and writes nothing', () => {
    const decision = decideEpochs({ currentEpoch: value(2n), acceptedEpoch: value(3n), currentEpochTmp: absent }, 0n);
    expect(decision).toEqual({ currentEpoch: 2n, acceptedEpoch: 3n, writes: [] });
  });

  it('refuses to start when acceptedEpoch < currentEpoch', () => {
    const files = { currentEpoch: value(0x1an), acceptedEpoch: value(0x19n), currentEpochTmp: absent };
    expect(() => decideEpochs(files, 0n)).toThrow(ConfigError);
    expect(() => decideEpochs(files, 0n)).toThrow('The accepted epoch, 19 is less than the current epoch, 1a');
  });

  it('recovers the current epoch from currentEpoch.tmp when the log is ahead (ZOOKEEPER-4269)', () => {
    const files = { currentEpoch: value(1n), acceptedEpoch: value(2n), currentEpochTmp: value(2n) };
    const decision = decideEpochs(files, 0x200000005n);
    expect(decision).toEqual({ currentEpoch: 2n, acceptedEpoch: 2n, writes: [{ file: 'currentEpoch', value: 2n }] });
  });

  it('refuses when the log is ahead of currentEpoch and there is no .tmp', () => {
    const files = { currentEpoch: value(1n), acceptedEpoch: value(2n), currentEpochTmp: absent };
    expect(() => decideEpochs(files, 0x200000005n)).toThrow(
      'The current epoch, 1, is older than the last zxid, 8589934597',
    );
  });

  it('reports an unparsable file only when its value is needed', () => {
    const badTmp: EpochFileRead = { kind: 'unparsable', line: 'zz', path: '/d/version-2/currentEpoch.tmp' };
    expect(decideEpochs({ currentEpoch: value(1n), acceptedEpoch: value(1n), currentEpochTmp: badTmp }, 0n).currentEpoch).toBe(1n);
    const badAccepted: EpochFileRead = { kind: 'unparsable', line: 'zz', path: '/d/version-2/acceptedEpoch' };
    expect(() => decideEpochs({ currentEpoch: value(1n), acceptedEpoch: badAccepted, currentEpochTmp: absent }, 0n)).toThrow(
      'Found zz in /d/version-2/acceptedEpoch',
    );
  });
});
