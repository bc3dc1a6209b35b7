import { createHmac } from 'node:crypto';
import { decrypt, drop, DROP, encrypt, ENCRYPTED_PREFIX, encryptedKeyId, encryptUnderKeyId, hash, isDropped, keep, mask, redact, replace } from './index';
import { base32, isToken, newToken, TOKEN_PATTERN } from './tokenize';

const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 8);

describe('replace', () => {
  it('uses <ENTITY_TYPE> by default, like Presidio', () => {
    expect(replace('jane@example.com', 'EMAIL_ADDRESS')).toBe('<EMAIL_ADDRESS>');
  });
  it('uses new_value when given, even an empty one', () => {
    expect(replace('Jane', 'PERSON', { newValue: 'ANONYMIZED' })).toBe('ANONYMIZED');
    expect(replace('Jane', 'PERSON', { newValue: '' })).toBe('');
  });
});

describe('redact, keep, drop', () => {
  it('redact removes the span', () => expect(redact('secret')).toBe(''));
  it('keep leaves it unchanged', () => expect(keep('secret')).toBe('secret'));
  it('drop returns the DROP marker', () => {
    expect(drop('secret')).toBe(DROP);
    expect(isDropped(drop('x'))).toBe(true);
    expect(isDropped('x')).toBe(false);
  });
});

describe('mask', () => {
  it('masks chars_to_mask characters from the end (Presidio README example)', () => {
    expect(mask('034453334', { maskingChar: '*', charsToMask: 4, fromEnd: true })).toBe('03445****');
  });
  it('masks from the start by default', () => {
    expect(mask('034453334', { maskingChar: '#', charsToMask: 3 })).toBe('###453334');
  });
  it('caps chars_to_mask at the length and masks nothing for 0', () => {
    expect(mask('abc', { maskingChar: '*', charsToMask: 10, fromEnd: true })).toBe('***');
    expect(mask('abc', { maskingChar: '*', charsToMask: 0 })).toBe('abc');
  });
  it('masks everything when no count is given', () => {
    expect(mask('abcd', { maskingChar: 'x' })).toBe('xxxx');
  });
  it('keeps the last N characters with keepLast', () => {
    expect(mask('4111111111111111', { maskingChar: '*', keepLast: 4 })).toBe('************1111');
    expect(mask('12', { maskingChar: '*', keepLast: 4 })).toBe('12');
  });
  it('counts code points, so an emoji is one character', () => {
    expect(mask('a😀bc', { maskingChar: '*', charsToMask: 2 })).toBe('**bc');
  });
});

describe('hash (keyed HMAC)', () => {
  it('is HMAC-SHA256 of the value under the key, as hex', () => {
    expect(hash('jane@example.com', KEY)).toBe(createHmac('sha256', KEY).update('jane@example.com').digest('hex'));
    expect(hash('x', KEY)).toMatch(/^[0-9a-f]{64}$/);
  });
  it('is deterministic, so joins still work, and depends on the key', () => {
    expect(hash('jane@example.com', KEY)).toBe(hash('jane@example.com', KEY));
    expect(hash('jane@example.com', KEY)).not.toBe(hash('jane@example.com', OTHER_KEY));
    expect(hash('jane@example.com', KEY)).not.toBe(hash('john@example.com', KEY));
  });
  it('supports sha512 and truncation', () => {
    expect(hash('x', KEY, { hashType: 'sha512' })).toMatch(/^[0-9a-f]{128}$/);
    expect(hash('x', KEY, { length: 16 })).toBe(hash('x', KEY).slice(0, 16));
  });
});

describe('encrypt / decrypt (AES-GCM)', () => {
  it('round-trips with the version prefix and base64(iv|ciphertext|tag)', () => {
    const encrypted = encrypt('jane@example.com', KEY);
    expect(encrypted.startsWith(ENCRYPTED_PREFIX)).toBe(true);
    const raw = Buffer.from(encrypted.slice(ENCRYPTED_PREFIX.length), 'base64');
    expect(raw.length).toBe(12 + Buffer.byteLength('jane@example.com') + 16);
    expect(decrypt(encrypted, KEY)).toBe('jane@example.com');
  });
  it('uses a random IV: the same value encrypts differently each time', () => {
    expect(encrypt('same', KEY)).not.toBe(encrypt('same', KEY));
  });
  it('fails on the wrong key, a tampered value, a wrong aad or a missing prefix', () => {
    const encrypted = encrypt('secret', KEY, 'row-1');
    expect(() => decrypt(encrypted, OTHER_KEY, 'row-1')).toThrow();
    expect(() => decrypt(encrypted, KEY, 'row-2')).toThrow();
    const raw = Buffer.from(encrypted.slice(ENCRYPTED_PREFIX.length), 'base64');
    raw[13] ^= 1;
    expect(() => decrypt(ENCRYPTED_PREFIX + raw.toString('base64'), KEY, 'row-1')).toThrow();
    expect(() => decrypt('abc', KEY)).toThrow(/prefix/);
    expect(() => decrypt(`${ENCRYPTED_PREFIX}AAAA`, KEY)).toThrow(/truncated/);
    expect(decrypt(encrypted, KEY, 'row-1')).toBe('secret');
  });
  it('accepts 128-bit keys (Presidio) and rejects other sizes', () => {
    const key16 = Buffer.from('WmZq4t7w!z%C&F)J', 'utf8');
    expect(decrypt(encrypt('x', key16), key16)).toBe('x');
    expect(() => encrypt('x', Buffer.alloc(10))).toThrow(/128, 192 or 256/);
  });
  it('names the vault key in enc:v2:<id>: outputs, reads enc:v1: as naming none, and refuses other prefixes', () => {
    const keyed = encryptUnderKeyId('secret', KEY, '2026-12', 'row-1');
    expect(keyed).toMatch(/^enc:v2:2026-12:[A-Za-z0-9+/]{46}==$/);
    expect(encryptedKeyId(keyed)).toBe('2026-12');
    expect(encryptedKeyId(encrypt('secret', KEY))).toBeUndefined();
    expect(decrypt(keyed, KEY, 'row-1')).toBe('secret');
    expect(() => decrypt(keyed, KEY, 'row-2')).toThrow();
    expect(() => encryptedKeyId('enc:v2::AAAA')).toThrow('Not an Atlas-encrypted value (missing enc:v1: or enc:v2:<key id>: prefix)');
    expect(() => decrypt('enc:v3:AAAA', KEY)).toThrow('Not an Atlas-encrypted value');
  });
});

describe('tokens', () => {
  it('encodes base32 as RFC 4648 (lowercase, unpadded)', () => {
    expect(base32(Buffer.from(''))).toBe('');
    expect(base32(Buffer.from('f'))).toBe('my');
    expect(base32(Buffer.from('fo'))).toBe('mzxq');
    expect(base32(Buffer.from('foobar'))).toBe('mzxw6ytboi');
  });
  it('makes tok_<26 base32> tokens from random bytes', () => {
    const token = newToken();
    expect(token).toMatch(TOKEN_PATTERN);
    expect(isToken(token)).toBe(true);
    expect(newToken()).not.toBe(token);
    expect(newToken(() => new Uint8Array(16))).toBe(`tok_${'a'.repeat(26)}`);
    expect(isToken('tok_ABC')).toBe(false);
  });
});
