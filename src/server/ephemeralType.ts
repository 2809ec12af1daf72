// What a znode's ephemeralOwner encodes (EphemeralType): 0 persistent, a session id, the container marker, or a
// TTL in the extended form (top byte 0xFF, 16 type bits 0, the TTL in the low 40 bits).

export const CONTAINER_EPHEMERAL_OWNER = -(1n << 63n);
const EXTENDED_MASK = 0xff00_0000_0000_0000n;
const EXTENDED_BIT_MASK = 0x00ff_ff00_0000_0000n;
/** Largest TTL the extended encoding can carry. */
export const TTL_MAX_MS = 0x0000_00ff_ffff_ffffn;

export const EphemeralKind = { none: 'none', session: 'session', container: 'container', ttl: 'ttl' } as const;
export type EphemeralKind = (typeof EphemeralKind)[keyof typeof EphemeralKind];

export function ephemeralKindOf(owner: bigint): EphemeralKind {
  if (owner === 0n) return EphemeralKind.none;
  if (owner === CONTAINER_EPHEMERAL_OWNER) return EphemeralKind.container;
  const bits = BigInt.asUintN(64, owner);
  if ((bits & EXTENDED_MASK) === EXTENDED_MASK && (bits & EXTENDED_BIT_MASK) === 0n) return EphemeralKind.ttl;
  return EphemeralKind.session;
}

export function ttlEphemeralOwner(ttlMs: bigint): bigint {
  return BigInt.asIntN(64, EXTENDED_MASK | ttlMs);
}

export function ttlOf(owner: bigint): bigint {
  return BigInt.asUintN(64, owner) & TTL_MAX_MS;
}
