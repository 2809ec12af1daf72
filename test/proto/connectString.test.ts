// Cases from ZooKeeper's ConnectStringParserTest (spec/tests-catalog.md) plus the refusals we make.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { parseConnectString } from '../../src/proto/index.js';

describe('parseConnectString', () => {
  it('takes the chroot after a single host, with the default port', () => {
    expect(parseConnectString('10.10.10.1/hallo/welt')).toEqual({
      servers: [{ host: '10.10.10.1', port: 2181 }],
      chrootPath: '/hallo/welt',
    });
  });

  it('takes the chroot after several hosts with explicit ports', () => {
    expect(parseConnectString('127.0.0.1:2181,127.0.0.2:2182,127.0.0.3/hallo')).toEqual({
      servers: [
        { host: '127.0.0.1', port: 2181 },
        { host: '127.0.0.2', port: 2182 },
        { host: '127.0.0.3', port: 2181 },
      ],
      chrootPath: '/hallo',
    });
  });

  it('reads bracketed IPv6 hosts with and without ports, and a chroot after them', () => {
    expect(parseConnectString('[127::1],127.0.10.2')).toEqual({
      servers: [
        { host: '127::1', port: 2181 },
        { host: '127.0.10.2', port: 2181 },
      ],
      chrootPath: undefined,
    });
    expect(parseConnectString('[127::1]:2182/hallo/welt')).toEqual({
      servers: [{ host: '127::1', port: 2182 }],
      chrootPath: '/hallo/welt',
    });
  });

  it('treats "/" as no chroot, trims entries, skips empty ones, and defaults an empty port', () => {
    expect(parseConnectString(' 127.0.0.1:3000 ,, 127.0.0.2: /')).toEqual({
      servers: [
        { host: '127.0.0.1', port: 3000 },
        { host: '127.0.0.2', port: 2181 },
      ],
      chrootPath: undefined,
    });
  });

  it.each([
    ['127.0.0.1/a/', 'chroot Path must not end with / character'],
    ['127.0.0.1/a//b', 'chroot empty node name specified @3'],
    ['127.0.0.1/a/../b', 'chroot relative paths not allowed @4'],
    ['127.0.0.1:port', 'port "port" is not 0..65535'],
    ['127.0.0.1:70000', 'port "70000" is not 0..65535'],
    ['[::1', "[::1 starts with '[' but has no matching ']'"],
    ['[::1]2181', '[::1]2181 does not have : after ]'],
    ['[::1]:', "[::1]: doesn't have a port after colon"],
    ['[]:2181', '[]:2181 has an empty host'],
    [' , ', 'no servers'],
  ])('refuses %j', (text, reason) => {
    expect(() => parseConnectString(text)).toThrow(
      new ConfigError('CONNECT_STRING', `invalid connect string "${text}": ${reason}`),
    );
  });

  it('throws ConfigError with code CONNECT_STRING', () => {
    try {
      parseConnectString('');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).code).toBe('CONNECT_STRING');
    }
  });
});
