import { DEAD_LETTER_SEAL_ALGORITHM, SealedValue, sealedValueValidator, TOPICS } from '@atlas/contracts';
import { deadLetterUnsealerForVaultKey, DeadLetterSealer, DeadLetterUnsealer, rawX25519PublicKey, UnsealError, x25519PrivateKey } from './dead-letter-sealing';

const POSITION = { topic: TOPICS.INGEST_RECORDS, partition: 2, offset: '41' };
const ORIGINAL = Buffer.from('{"name":"Jane Roe","email":"jane.roe@example.com"}');

function keyPair(fill = 3) {
  const unsealer = new DeadLetterUnsealer(x25519PrivateKey(Buffer.alloc(32, fill)));
  return { unsealer, sealer: new DeadLetterSealer(unsealer.publicKeyBase64) };
}

describe('dead-letter sealing', () => {
  it('round-trips the exact bytes, binary ones and an empty value included', () => {
    const { sealer, unsealer } = keyPair();
    expect(unsealer.unseal(sealer.seal(ORIGINAL, POSITION), POSITION)).toEqual(ORIGINAL);
    const binary = Buffer.from([0, 255, 0xd8, 0x00, 10, 13]);
    expect(unsealer.unseal(sealer.seal(binary, POSITION), POSITION)).toEqual(binary);
    expect(unsealer.unseal(sealer.seal(Buffer.alloc(0), POSITION), POSITION)).toEqual(Buffer.alloc(0));
  });

  it('produces the contract shape, with no plaintext and a fresh ephemeral key and IV each time', () => {
    const { sealer } = keyPair();
    const first = sealer.seal(ORIGINAL, POSITION);
    const second = sealer.seal(ORIGINAL, POSITION);
    expect(sealedValueValidator.validate(first)).toEqual({ valid: true, value: first });
    expect(first.algorithm).toBe(DEAD_LETTER_SEAL_ALGORITHM);
    expect(Buffer.from(first.ciphertext, 'base64')).toHaveLength(ORIGINAL.length);
    const serialized = JSON.stringify(first);
    for (const fragment of ['Jane', 'jane.roe', 'example.com', ORIGINAL.toString('base64').slice(0, 12)]) expect(serialized).not.toContain(fragment);
    expect(second.ephemeralPublicKey).not.toBe(first.ephemeralPublicKey);
    expect(second.iv).not.toBe(first.iv);
    expect(second.ciphertext).not.toBe(first.ciphertext);
  });

  it('detects tampering with the ciphertext, the tag, the IV or the ephemeral key', () => {
    const { sealer, unsealer } = keyPair();
    const sealed = sealer.seal(ORIGINAL, POSITION);
    const flipFirstByte = (base64: string) => {
      const bytes = Buffer.from(base64, 'base64');
      bytes[0] ^= 1;
      return bytes.toString('base64');
    };
    const tampered: SealedValue[] = [
      { ...sealed, ciphertext: flipFirstByte(sealed.ciphertext) },
      { ...sealed, tag: flipFirstByte(sealed.tag) },
      { ...sealed, iv: flipFirstByte(sealed.iv) },
      { ...sealed, ephemeralPublicKey: flipFirstByte(sealed.ephemeralPublicKey) },
      { ...sealed, ciphertext: Buffer.from(sealed.ciphertext, 'base64').subarray(1).toString('base64') },
    ];
    for (const value of tampered) expect(() => unsealer.unseal(value, POSITION)).toThrow(UnsealError);
  });

  it('refuses a truncated tag (GCM would otherwise accept a short, forgeable one)', () => {
    const { sealer, unsealer } = keyPair();
    const sealed = sealer.seal(ORIGINAL, POSITION);
    const shortTag = Buffer.from(sealed.tag, 'base64').subarray(0, 4).toString('base64');
    expect(() => unsealer.unseal({ ...sealed, tag: shortTag }, POSITION)).toThrow(UnsealError);
  });

  it('refuses the wrong private key', () => {
    const { sealer } = keyPair(3);
    const other = keyPair(4).unsealer;
    expect(() => other.unseal(sealer.seal(ORIGINAL, POSITION), POSITION)).toThrow('The sealed value could not be opened');
  });

  it('binds the value to its source position: another topic, partition or offset does not open it', () => {
    const { sealer, unsealer } = keyPair();
    const sealed = sealer.seal(ORIGINAL, POSITION);
    for (const moved of [{ ...POSITION, topic: TOPICS.EXPLORE_RECORDS }, { ...POSITION, partition: 3 }, { ...POSITION, offset: '42' }]) {
      expect(() => unsealer.unseal(sealed, moved)).toThrow(UnsealError);
    }
  });

  it('seals values of another purpose bound to their binding: only the same binding opens them, never as a dead letter', () => {
    const { sealer, unsealer } = keyPair();
    const sealed = sealer.sealBound(ORIGINAL, 'subject-rectification:1');
    expect(sealedValueValidator.validate(sealed).valid).toBe(true);
    expect(unsealer.unsealBound(sealed, 'subject-rectification:1')).toEqual(ORIGINAL);
    expect(() => unsealer.unsealBound(sealed, 'subject-rectification:2')).toThrow(UnsealError);
    expect(() => unsealer.unseal(sealed, POSITION)).toThrow(UnsealError);
    expect(() => unsealer.unsealBound(sealer.seal(ORIGINAL, POSITION), 'subject-rectification:1')).toThrow(UnsealError);
    expect(() => keyPair(4).unsealer.unsealBound(sealed, 'subject-rectification:1')).toThrow(UnsealError);
  });

  it('refuses an unknown algorithm', () => {
    const { sealer, unsealer } = keyPair();
    const sealed = sealer.seal(ORIGINAL, POSITION);
    expect(() => unsealer.unseal({ ...sealed, algorithm: 'none' } as unknown as SealedValue, POSITION)).toThrow(UnsealError);
  });

  it('refuses a public key that is not 32 bytes', () => {
    expect(() => new DeadLetterSealer(Buffer.alloc(31).toString('base64'))).toThrow('ATLAS_DEAD_LETTER_PUBLIC_KEY must decode to a 32-byte X25519 public key');
  });

  it('never serializes the private key', () => {
    expect(JSON.stringify({ unsealer: keyPair().unsealer })).toBe('{"unsealer":"[DeadLetterUnsealer]"}');
  });
});

describe('deadLetterUnsealerForVaultKey', () => {
  // Known answers, computed independently (Python's HKDF + OpenSSL's X25519): the derivation must never drift,
  // or every configured ATLAS_DEAD_LETTER_PUBLIC_KEY stops matching its vault key.
  it.each([
    ['BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=', 'MoAp5lOepTWL9bZE4j3KL3Uf718fx2oJ6sKrdNFf5AM='],
    ['IiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiI=', 'GWKAxnJFJOzl2S8i0QqYCA0srCsAiy1FDfUFwqR6rRg='],
  ])('derives the public key of vault key %s', (vaultKey, publicKey) => {
    expect(deadLetterUnsealerForVaultKey(Buffer.from(vaultKey, 'base64')).publicKeyBase64).toBe(publicKey);
  });

  it('opens what is sealed to its public key', () => {
    const unsealer = deadLetterUnsealerForVaultKey(Buffer.alloc(32, 7));
    const sealed = new DeadLetterSealer(unsealer.publicKeyBase64).seal(ORIGINAL, POSITION);
    expect(unsealer.unseal(sealed, POSITION)).toEqual(ORIGINAL);
  });

  it('refuses a vault key that is not 32 bytes', () => {
    expect(() => deadLetterUnsealerForVaultKey(Buffer.alloc(16))).toThrow('The vault key is 32 bytes');
  });
});

describe('rawX25519PublicKey', () => {
  it('gives the raw 32 bytes of a private key’s public half', () => {
    expect(rawX25519PublicKey(x25519PrivateKey(Buffer.alloc(32, 3)))).toHaveLength(32);
    expect(() => x25519PrivateKey(Buffer.alloc(31))).toThrow('An X25519 private key is 32 bytes');
  });
});
