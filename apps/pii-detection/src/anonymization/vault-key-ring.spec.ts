import { validateEnvironment } from '@atlas/config';
import { SealedValue } from '@atlas/contracts';
import { UnsealError } from '@atlas/kafka';
import { PiiDetectionEnvironment } from '../pii-detection-environment';
import { applySyncOperator } from './operators';
import { ProtectionKeys } from './protection-keys';
import { TEST_DEAD_LETTER_PUBLIC_KEY, TEST_HASH_KEY, TEST_NORMAL_KEY, TEST_VAULT_KEY, testEnvironment } from './test/fixtures';
import { parseVaultKeyRing } from './vault-key-ring';

// Key A is the deployment's old PII_VAULT_KEY (id `default`), key B the new primary `2026-12`.
const KEY_A = TEST_VAULT_KEY;
const KEY_B = Buffer.alloc(32, 0x44).toString('base64');
const PUBLIC_KEY_B = 'NgIsXD/PHNrchsYSogc93ZB2KfmAMF+p4enk1hJyqSY=';
// Known answers, made once with the keys above (random IVs), pasted here: they must open forever.
const ENCRYPTED_BEFORE_RINGS_UNDER_A = 'enc:v1:Mj1ZRaGU2HQwYMmQI4j1Trq5THIHzvD0k4hrKAYagdyWzLkhdbv/cAOHmNU=';
const ENCRYPTED_UNDER_B = 'enc:v2:2026-12:TaCRY+EHgPO0nptxJsSU+ymWyqAMpkamn7w9TsbfROZoveO4cGCjHOVOerU=';
const DEAD_LETTER_POSITION = { topic: 'atlas.ingest.records.v1', partition: 2, offset: '41' };
const DEAD_LETTER_SEALED_TO_A: SealedValue = {
  algorithm: 'x25519-hkdf-sha256-aes-256-gcm/v1',
  ephemeralPublicKey: '5IzjsyTnvZo2rqoemT/1J74A2NW8a8ESFIM6lGgDgEY=',
  iv: 'HlOEssV9UPJqFYLj',
  tag: 'UHbWhV97nEepxUUiT3/8Sw==',
  ciphertext: 'AAA32nRiugpOVhDWKUazJzX5nwn3qNXlGOq9mQ==',
};

const ring = (keys: string, publicKey = PUBLIC_KEY_B) => new ProtectionKeys(testEnvironment({ PII_VAULT_KEY: undefined, PII_VAULT_KEYS: keys, ATLAS_DEAD_LETTER_PUBLIC_KEY: publicKey }));

describe('parseVaultKeyRing', () => {
  it('reads id:key entries, the first one the primary, and PII_VAULT_KEY as the one-key ring `default`', () => {
    const parsed = parseVaultKeyRing(` 2026-12:${KEY_B} , default:${KEY_A}`, undefined);
    expect(parsed.variable).toBe('PII_VAULT_KEYS');
    expect(parsed.entries.map((entry) => [entry.id, entry.key.toString('base64')])).toEqual([
      ['2026-12', KEY_B],
      ['default', KEY_A],
    ]);
    const single = parseVaultKeyRing(undefined, KEY_A);
    expect(single).toEqual({ variable: 'PII_VAULT_KEY', entries: [{ id: 'default', key: Buffer.from(KEY_A, 'base64') }] });
    expect(parseVaultKeyRing('', KEY_A).variable).toBe('PII_VAULT_KEY');
  });

  it.each([
    [undefined, undefined, 'set PII_VAULT_KEYS (comma-separated id:key entries, the first one the primary; each key: openssl rand -base64 32) or PII_VAULT_KEY'],
    [`b:${KEY_B}`, KEY_A, 'set PII_VAULT_KEYS or PII_VAULT_KEY, not both (PII_VAULT_KEY=<key> is the ring PII_VAULT_KEYS=default:<key>)'],
    [`,b:${KEY_B}`, undefined, 'the first entry of PII_VAULT_KEYS is empty: it must be the primary key, as id:key'],
    [`b:${KEY_B},,a:${KEY_A}`, undefined, 'entry 2 of PII_VAULT_KEYS is empty (remove the extra comma)'],
    [`b:${KEY_B},${KEY_A}`, undefined, 'entry 2 of PII_VAULT_KEYS must be id:key (an id, a colon, then the base64 key)'],
    [`-b:${KEY_B}`, undefined, 'entry 1 of PII_VAULT_KEYS has an invalid id: 1 to 32 of A-Z a-z 0-9 . _ - (starting with a letter or digit)'],
    [`b:${KEY_B.slice(4)}`, undefined, "the key of 'b' in PII_VAULT_KEYS must be 32 random bytes in base64 (44 characters; generate with: openssl rand -base64 32)"],
    [`b:${KEY_B},b:${KEY_A}`, undefined, "PII_VAULT_KEYS lists the id 'b' twice"],
    [`b:${KEY_B},a:${KEY_B}`, undefined, "PII_VAULT_KEYS lists the same key under 'b' and 'a'"],
  ])('refuses %p / %p naming the variable: %s', (keys, single, message) => {
    expect(() => parseVaultKeyRing(keys, single)).toThrow(message);
  });

  it('names the variable in the environment errors and never prints key material', () => {
    const base = { KAFKA_BROKERS: 'localhost:9092', DATABASE_URL: 'postgres://atlas@localhost/atlas', ATLAS_SERVICE_API_KEYS: TEST_NORMAL_KEY, PII_HASH_KEY: TEST_HASH_KEY, ATLAS_DEAD_LETTER_PUBLIC_KEY: TEST_DEAD_LETTER_PUBLIC_KEY };
    const failure = (variables: Record<string, string>) => {
      try {
        validateEnvironment(PiiDetectionEnvironment, { ...base, ...variables });
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(failure({ PII_VAULT_KEYS: `b:${KEY_B},b:${KEY_A}` })).toBe("Invalid configuration:\n  - PII_VAULT_KEYS is invalid: PII_VAULT_KEYS lists the id 'b' twice");
    expect(failure({})).toBe('Invalid configuration:\n  - PII_VAULT_KEYS is missing: set PII_VAULT_KEYS (comma-separated id:key entries, the first one the primary; each key: openssl rand -base64 32) or PII_VAULT_KEY');
    expect(failure({ PII_VAULT_KEY: KEY_A.slice(2) })).toBe(
      'Invalid configuration:\n  - PII_VAULT_KEY is invalid: PII_VAULT_KEY must be 32 random bytes in base64 (44 characters; generate with: openssl rand -base64 32)',
    );
    const malformed = failure({ PII_VAULT_KEYS: `b:${KEY_B},a:${KEY_A.slice(3)}` });
    expect(malformed).toBe("Invalid configuration:\n  - PII_VAULT_KEYS is invalid: the key of 'a' in PII_VAULT_KEYS must be 32 random bytes in base64 (44 characters; generate with: openssl rand -base64 32)");
    expect(malformed).not.toContain(KEY_A.slice(3, 20));
    expect(failure({ PII_VAULT_KEYS: `b:${KEY_B},default:${KEY_A}` })).toBe('accepted');
    expect(failure({ PII_VAULT_KEY: KEY_A, PII_VAULT_KEYS: '' })).toBe('accepted');
  });
});

describe('ProtectionKeys with a key ring', () => {
  it('opens encrypt outputs made before key rings (enc:v1:, key `default`) and under any ring key (enc:v2:<id>:), known answers', () => {
    const rotated = ring(`2026-12:${KEY_B},default:${KEY_A}`);
    expect(rotated.decryptOperatorOutput(ENCRYPTED_BEFORE_RINGS_UNDER_A)).toBe('jane@example.com');
    expect(rotated.decryptOperatorOutput(ENCRYPTED_UNDER_B)).toBe('john@example.com');
    expect(new ProtectionKeys(testEnvironment()).decryptOperatorOutput(ENCRYPTED_BEFORE_RINGS_UNDER_A)).toBe('jane@example.com');
    expect(() => ring(`2026-12:${KEY_B}`).decryptOperatorOutput(ENCRYPTED_BEFORE_RINGS_UNDER_A)).toThrow("sealed by the vault key 'default', which PII_VAULT_KEYS does not list");
  });

  it('encrypts new values under the primary, naming it', () => {
    const rotated = ring(`2026-12:${KEY_B},default:${KEY_A}`);
    const output = applySyncOperator('jane@example.com', 'EMAIL_ADDRESS', { operator: 'encrypt' }, rotated);
    expect(output).toMatch(/^enc:v2:2026-12:[A-Za-z0-9+/]+=*$/);
    expect(ring(`2026-12:${KEY_B}`).decryptOperatorOutput(output)).toBe('jane@example.com');
    expect(() => new ProtectionKeys(testEnvironment()).decryptOperatorOutput(output)).toThrow("sealed by the vault key '2026-12', which PII_VAULT_KEY does not list");
  });

  it('opens dead letters sealed to the old key while it stays in the ring (known answer), and new ones sealed to the primary', () => {
    const rotated = ring(`2026-12:${KEY_B},default:${KEY_A}`);
    expect(rotated.deadLetterUnsealer.publicKeyBase64).toBe(PUBLIC_KEY_B);
    expect(rotated.deadLetterUnsealer.unseal(DEAD_LETTER_SEALED_TO_A, DEAD_LETTER_POSITION).toString()).toBe('{"email":"jane@example.com"}');
    // Without key A the old dead letter is lost: the runbook keeps A until the topic's retention has passed.
    expect(() => ring(`2026-12:${KEY_B}`).deadLetterUnsealer.unseal(DEAD_LETTER_SEALED_TO_A, DEAD_LETTER_POSITION)).toThrow(UnsealError);
    expect(() => rotated.deadLetterUnsealer.unseal(DEAD_LETTER_SEALED_TO_A, { ...DEAD_LETTER_POSITION, offset: '42' })).toThrow(UnsealError);
  });

  it('accepts ATLAS_DEAD_LETTER_PUBLIC_KEY of any ring key, and refuses one of no ring key, printing the primary public key', () => {
    expect(ring(`2026-12:${KEY_B},default:${KEY_A}`, TEST_DEAD_LETTER_PUBLIC_KEY).encryptKeyId).toBe('2026-12');
    expect(() => ring(`2026-12:${KEY_B}`, TEST_DEAD_LETTER_PUBLIC_KEY)).toThrow(
      `ATLAS_DEAD_LETTER_PUBLIC_KEY is not the dead-letter public key of any key of PII_VAULT_KEYS; set it to ${PUBLIC_KEY_B} in every service`,
    );
  });

  it('keeps the lookup key of the key that was PII_VAULT_KEY, whatever the primary, and refuses PII_HASH_KEY in the ring', () => {
    expect(ring(`2026-12:${KEY_B},default:${KEY_A}`).initialVaultLookupKey.equals(new ProtectionKeys(testEnvironment()).initialVaultLookupKey)).toBe(true);
    expect(ring(`2026-12:${KEY_B}`).initialVaultLookupKey.equals(new ProtectionKeys(testEnvironment()).initialVaultLookupKey)).toBe(false);
    expect(() => ring(`2026-12:${KEY_B},h:${TEST_HASH_KEY}`)).toThrow('PII_HASH_KEY and PII_VAULT_KEYS must be different keys');
  });

  it('never serializes the ring', () => {
    const rotated = ring(`2026-12:${KEY_B},default:${KEY_A}`);
    expect(JSON.stringify({ ring: rotated.vaultKeys, unsealer: rotated.deadLetterUnsealer })).toBe('{"ring":"[VaultKeyRing 2026-12,default]","unsealer":"[RingDeadLetterUnsealer]"}');
  });
});
