// ACL rules of a ZooKeeper 3.8 server with its default providers (world, auth, digest, ip): the permission check
// (checkACL) and the normalisation of a create/setACL list (fixupACL). Pure; the shell computes digest ids.
import type { ACL, Id } from '../proto/acl.js';

function ipv4ToInt(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const byte = Number(part);
    if (byte > 255) return undefined;
    value = value * 256 + byte;
  }
  return value;
}

/** Whether `address` (the client's) matches an ip ACL id: an address or a CIDR block. */
export function ipMatches(aclId: string, address: string): boolean {
  const [base, bitsText] = aclId.split('/');
  const target = ipv4ToInt(address);
  const network = ipv4ToInt(base ?? '');
  if (target === undefined || network === undefined) return aclId === address;
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((target & mask) >>> 0) === ((network & mask) >>> 0);
}

function isValidIpId(id: string): boolean {
  const [base, bitsText, extra] = id.split('/');
  if (extra !== undefined || base === undefined) return false;
  if (bitsText !== undefined && !/^\d{1,2}$/.test(bitsText)) return false;
  return ipv4ToInt(base) !== undefined || /^[0-9a-fA-F:]+$/.test(base);
}

function idMatches(acl: Id, auth: Id): boolean {
  if (acl.scheme !== auth.scheme) return false;
  return acl.scheme === 'ip' ? ipMatches(acl.id, auth.id) : acl.id === auth.id;
}

/** checkACL: true when some entry grants `perm` to anyone, or to one of the connection's ids. */
export function aclAllows(acl: readonly ACL[], perm: number, authIds: readonly Id[]): boolean {
  if (acl.length === 0) return true;
  if (authIds.some((id) => id.scheme === 'super')) return true;
  for (const entry of acl) {
    if ((entry.perms & perm) === 0) continue;
    if (entry.id.scheme === 'world' && entry.id.id === 'anyone') return true;
    if (authIds.some((auth) => idMatches(entry.id, auth))) return true;
  }
  return false;
}

const authenticatedSchemes = new Set(['digest', 'sasl', 'x509']);

/** fixupACL: `auth` entries become the connection's authenticated ids; undefined means INVALIDACL. */
export function fixupAcl(acl: readonly ACL[], authIds: readonly Id[]): ACL[] | undefined {
  if (acl.length === 0) return undefined;
  const out: ACL[] = [];
  for (const entry of acl) {
    const { scheme, id } = entry.id;
    if (scheme === 'world' && id === 'anyone') out.push(entry);
    else if (scheme === 'auth') {
      const mine = authIds.filter((auth) => authenticatedSchemes.has(auth.scheme));
      if (mine.length === 0) return undefined;
      for (const auth of mine) out.push({ perms: entry.perms, id: auth });
    } else if (scheme === 'digest' && id.split(':').length === 2) out.push(entry);
    else if (scheme === 'ip' && isValidIpId(id)) out.push(entry);
    else return undefined;
  }
  return out.filter((a, i) => out.findIndex((b) => b.perms === a.perms && b.id.scheme === a.id.scheme
    && b.id.id === a.id.id) === i);
}
