// Session passwords as ZooKeeper derives them: not random, but the first 16 bytes of java.util.Random seeded with
// `sessionId XOR 0xB3415C00`, so a session created here can be resumed on a real server and the reverse.

const MULTIPLIER = 0x5deece66dn;
const MASK_48 = (1n << 48n) - 1n;
const SUPER_SECRET = 0xb3415c00n;
export const SESSION_PASSWORD_BYTES = 16;

export function sessionPassword(sessionId: bigint): Uint8Array {
  // Java's seed is a signed long; XOR on the two's complement bits is what asUintN gives us.
  let seed = (BigInt.asUintN(64, sessionId ^ SUPER_SECRET) ^ MULTIPLIER) & MASK_48;
  const bytes = new Uint8Array(SESSION_PASSWORD_BYTES);
  for (let word = 0; word < SESSION_PASSWORD_BYTES / 4; word += 1) {
    seed = (seed * MULTIPLIER + 0xbn) & MASK_48;
    const r = Number((seed >> 16n) & 0xffffffffn);
    for (let k = 0; k < 4; k += 1) bytes[word * 4 + k] = (r >>> (8 * k)) & 0xff;
  }
  return bytes;
}

export function passwordMatches(sessionId: bigint, passwd: Uint8Array): boolean {
  const expected = sessionPassword(sessionId);
  if (passwd.length !== expected.length) return false;
  return expected.every((byte, index) => passwd[index] === byte);
}
