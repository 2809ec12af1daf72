import { describe, expect, it } from 'vitest';
import { digestId } from '../../src/server/sessionRouter.js';

// digestId loads node:crypto on first use (so an idle server never pays for OpenSSL); these pin that the lazy
// load still yields ZooKeeper's ids.
describe('digestId (DigestAuthenticationProvider.generateDigest)', () => {
  // Both ids printed by ZooKeeper 3.8.0 itself: java -cp zookeeper.jar
  // org.apache.zookeeper.server.auth.DigestAuthenticationProvider super:test u:pw
  it('gives the ids ZooKeeper 3.8 generates', () => {
    expect(digestId('super:test')).toBe('super:D/InIHSb7yEEbrWz8b9l71RjZJU=');
    expect(digestId('u:pw')).toBe('u:BvFaefuhWURhnvpD7ipe45CKTpk=');
  });

  it('hashes the whole user:password text but names only the user', () => {
    expect(digestId('rxzk:secret')).toMatch(/^rxzk:[A-Za-z0-9+/]{27}=$/);
    expect(digestId('rxzk:secret')).not.toBe(digestId('rxzk:other'));
  });
});
