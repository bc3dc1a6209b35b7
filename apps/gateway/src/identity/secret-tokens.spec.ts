import { API_KEY_PREFIX, isSecretOf, newSecret, REFRESH_TOKEN_PREFIX, secretHash } from './secret-tokens';

describe('secret tokens', () => {
  it('are the prefix and 32 random bytes in base64url', () => {
    const key = newSecret(API_KEY_PREFIX);
    expect(key).toMatch(/^atlas_key_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key.slice(API_KEY_PREFIX.length), 'base64url')).toHaveLength(32);
    expect(newSecret(API_KEY_PREFIX)).not.toBe(key);
  });

  it('are stored as their SHA-256', () => {
    expect(secretHash('abc').toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('are recognised by prefix and shape only', () => {
    expect(isSecretOf(REFRESH_TOKEN_PREFIX, newSecret(REFRESH_TOKEN_PREFIX))).toBe(true);
    expect(isSecretOf(API_KEY_PREFIX, newSecret(REFRESH_TOKEN_PREFIX))).toBe(false);
    expect(isSecretOf(API_KEY_PREFIX, `${API_KEY_PREFIX}${'A'.repeat(42)}`)).toBe(false);
    expect(isSecretOf(API_KEY_PREFIX, `${API_KEY_PREFIX}${'A'.repeat(42)}=`)).toBe(false);
  });
});
