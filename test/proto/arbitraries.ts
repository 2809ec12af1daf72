// fast-check arbitraries for every client record, shared by the round-trip and fuzz tests.
import fc from 'fast-check';
import type { ACL, MultiOp, MultiResult, Stat } from '../../src/proto/index.js';

export const int = fc.integer({ min: -0x8000_0000, max: 0x7fff_ffff });
export const long = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
export const text = fc.string({ unit: 'grapheme', maxLength: 24 });
export const path = fc.array(fc.stringMatching(/^[a-z0-9._-]{1,8}$/), { minLength: 0, maxLength: 4 }).map(
  (parts) => `/${parts.join('/')}`,
);
export const data = fc.option(fc.uint8Array({ maxLength: 48 }), { nil: null });
export const paths = fc.array(path, { maxLength: 5 });

export const stat: fc.Arbitrary<Stat> = fc.record({
  czxid: long,
  mzxid: long,
  ctime: long,
  mtime: long,
  version: int,
  cversion: int,
  aversion: int,
  ephemeralOwner: long,
  dataLength: int,
  numChildren: int,
  pzxid: long,
});

export const acl: fc.Arbitrary<ACL[]> = fc.array(
  fc.record({ perms: fc.integer({ min: 0, max: 31 }), id: fc.record({ scheme: text, id: text }) }),
  { maxLength: 4 },
);

export const createRequest = fc.record({ path, data, acl, flags: fc.integer({ min: 0, max: 6 }) });
export const createTTLRequest = fc.record({ path, data, acl, flags: fc.constantFrom(5, 6), ttl: long });
export const pathVersion = fc.record({ path, version: int });
export const pathWatch = fc.record({ path, watch: fc.boolean() });
export const pathOnly = fc.record({ path });
export const pathType = fc.record({ path, type: fc.integer({ min: 1, max: 3 }) });

export const multiOp: fc.Arbitrary<MultiOp> = fc.oneof(
  fc.record({ type: fc.constantFrom(1 as const, 15 as const, 19 as const), request: createRequest }),
  fc.record({ type: fc.constant(21 as const), request: createTTLRequest }),
  fc.record({ type: fc.constant(2 as const), request: pathVersion }),
  fc.record({ type: fc.constant(5 as const), request: fc.record({ path, data, version: int }) }),
  fc.record({ type: fc.constant(13 as const), request: pathVersion }),
  fc.record({ type: fc.constant(8 as const), request: pathWatch }),
  fc.record({ type: fc.constant(4 as const), request: pathWatch }),
);

export const multiResult: fc.Arbitrary<MultiResult> = fc.oneof(
  fc.record({ type: fc.constant(1 as const), response: pathOnly }),
  fc.record({ type: fc.constantFrom(15 as const, 19 as const, 21 as const), response: fc.record({ path, stat }) }),
  fc.record({ type: fc.constantFrom(2 as const, 13 as const) }),
  fc.record({ type: fc.constant(5 as const), response: fc.record({ stat }) }),
  fc.record({ type: fc.constant(8 as const), response: fc.record({ children: paths }) }),
  fc.record({ type: fc.constant(4 as const), response: fc.record({ data, stat }) }),
  fc.record({ type: fc.constant(-1 as const), err: int }),
);
