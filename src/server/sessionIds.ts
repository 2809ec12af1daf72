// The first session id a server hands out (SessionTrackerImpl.initializeNextSessionId): the server id in the top byte,
// the low 40 bits of a monotonic millisecond clock below it, 16 zero bits for the counter.

const SIGN_ONLY = -(1n << 63n);

export function initialSessionId(monotonicMs: bigint, serverId: bigint): bigint {
  const shifted = BigInt.asUintN(64, monotonicMs << 24n) >> 8n;
  const id = BigInt.asIntN(64, shifted | (serverId << 56n));
  // Java avoids the one value whose high byte alone would read as "no server id".
  return id === SIGN_ONLY ? id + 1n : id;
}
