import { argon2Sync } from 'node:crypto';
import { ARGON2ID_PARAMETERS, DECOY_PASSWORD_HASH, hashPassword, verifyPassword } from './password-hashing';

describe('password hashing', () => {
  it('uses the OWASP Argon2id parameters: 19 MiB, 2 passes, 1 lane, 16-byte salt, 32-byte tag', () => {
    expect(ARGON2ID_PARAMETERS).toEqual({ memoryKibibytes: 19456, passes: 2, parallelism: 1, saltBytes: 16, tagBytes: 32 });
  });

  it('writes a PHC string with those parameters, a 16-byte salt and a 32-byte tag', async () => {
    const hash = await hashPassword('correct horse battery staple');
    const [, algorithm, version, parameters, salt, tag] = hash.split('$');
    expect([algorithm, version, parameters]).toEqual(['argon2id', 'v=19', 'm=19456,t=2,p=1']);
    expect([Buffer.from(salt, 'base64').length, Buffer.from(tag, 'base64').length]).toEqual([16, 32]);
  });

  it('produces the tag node:crypto computes for argon2id with the stored salt', async () => {
    const hash = await hashPassword('a password');
    const [, , , , salt, tag] = hash.split('$');
    const expected = argon2Sync('argon2id', { message: 'a password', nonce: Buffer.from(salt, 'base64'), memory: 19456, passes: 2, parallelism: 1, tagLength: 32 });
    expect(Buffer.from(tag, 'base64').equals(expected)).toBe(true);
  });

  it('draws a new salt for every hash', async () => {
    const [first, second] = await Promise.all([hashPassword('same'), hashPassword('same')]);
    expect(first).not.toBe(second);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('right password');
    expect(await verifyPassword('right password', hash)).toBe(true);
    expect(await verifyPassword('right passwore', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('verifies with the parameters stored in the hash', async () => {
    const salt = Buffer.alloc(16, 3);
    const tag = argon2Sync('argon2id', { message: 'older', nonce: salt, memory: 8192, passes: 3, parallelism: 1, tagLength: 32 });
    const older = `$argon2id$v=19$m=8192,t=3,p=1$${salt.toString('base64').replace(/=+$/, '')}$${tag.toString('base64').replace(/=+$/, '')}`;
    expect(await verifyPassword('older', older)).toBe(true);
  });

  it('matches nothing against a malformed hash or the decoy', async () => {
    expect(await verifyPassword('x', '$argon2i$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAA')).toBe(false);
    expect(await verifyPassword('x', 'plain')).toBe(false);
    expect(await verifyPassword('', DECOY_PASSWORD_HASH)).toBe(false);
  });
});
