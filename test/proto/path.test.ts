import { describe, expect, it } from 'vitest';
import { invalidPathReason, isValidPath } from '../../src/proto/index.js';

describe('invalidPathReason', () => {
  it.each(['/', '/a', '/a/b', '/a.b', '/.a', '/a/...', '/a..', '/zookeeper/config', '/é'])('accepts %j', (path) => {
    expect(invalidPathReason(path)).toBeUndefined();
    expect(isValidPath(path)).toBe(true);
  });

  it.each([
    ['', 'Path length must be > 0'],
    ['a', 'Path must start with / character'],
    ['/a/', 'Path must not end with / character'],
    ['//a', 'empty node name specified @1'],
    ['/a/./b', 'relative paths not allowed @3'],
    ['/a/.', 'relative paths not allowed @3'],
    ['/a/..', 'relative paths not allowed @4'],
    ['/a\u0000b', 'null character not allowed @2'],
    ['/a\u0001', 'invalid character @2'],
    ['/a\u009f', 'invalid character @2'],
    ['/\ud83d\ude00', 'invalid character @1'],
    ['/\ufff0', 'invalid character @1'],
  ])('refuses %j: %s', (path, reason) => {
    expect(invalidPathReason(path)).toBe(reason);
  });
});
