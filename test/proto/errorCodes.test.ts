import { describe, expect, it } from 'vitest';
import { RxzkError } from '../../src/errors.js';
import { ERROR_CODES, ErrorCode, errorCodeInfo, KeeperError, keeperErrorOf } from '../../src/proto/index.js';

describe('the error-code table', () => {
  it('has exactly the codes ZooKeeper 3.8 defines (spec section 7)', () => {
    expect(ERROR_CODES.map((info) => info.errno)).toEqual([
      0, -1, -2, -3, -4, -5, -6, -7, -8, -12, -13, -14, -100, -101, -102, -103, -108, -110, -111, -112, -113, -114,
      -115, -118, -119, -120, -121, -122, -123, -124, -125, -127,
    ]);
  });

  it('maps names to numbers', () => {
    expect(ErrorCode.NONODE).toBe(-101);
    expect(ErrorCode.NODEEXISTS).toBe(-110);
    expect(ErrorCode.SESSIONEXPIRED).toBe(-112);
    expect(ErrorCode.THROTTLEDOP).toBe(-127);
  });

  it('marks only transient failures retriable', () => {
    const retriable = ERROR_CODES.filter((info) => info.retriable).map((info) => info.name);
    expect(retriable).toEqual([
      'CONNECTIONLOSS',
      'OPERATIONTIMEOUT',
      'RECONFIGINPROGRESS',
      'SESSIONMOVED',
      'REQUESTTIMEOUT',
      'THROTTLEDOP',
    ]);
  });

  it('gives codes ZooKeeper does not define a deterministic UNKNOWN row', () => {
    expect(errorCodeInfo(-9)).toEqual({ errno: -9, name: 'UNKNOWN', message: 'Unknown error -9', retriable: false });
  });
});

describe('KeeperError', () => {
  it('carries the stable name as code, the wire number as errno, and Java-like text', () => {
    const error = new KeeperError(-101, { path: '/a/b' });
    expect(error).toBeInstanceOf(RxzkError);
    expect(error.name).toBe('KeeperError');
    expect(error.code).toBe('NONODE');
    expect(error.errno).toBe(-101);
    expect(error.retriable).toBe(false);
    expect(error.path).toBe('/a/b');
    expect(error.message).toBe('KeeperErrorCode = NoNode for /a/b');
  });

  it('is retriable for connection loss and keeps its cause', () => {
    const cause = new Error('socket closed');
    const error = new KeeperError(ErrorCode.CONNECTIONLOSS, { cause });
    expect(error.retriable).toBe(true);
    expect(error.message).toBe('KeeperErrorCode = ConnectionLoss');
    expect(error.cause).toBe(cause);
  });

  it('is undefined for err 0', () => {
    expect(keeperErrorOf(0)).toBeUndefined();
    expect(keeperErrorOf(-110)?.code).toBe('NODEEXISTS');
  });
});
