import { ProtectionKeys } from '../anonymization/protection-keys';
import { testEnvironment, TEST_DEAD_LETTER_PUBLIC_KEY, TEST_VAULT_KEY } from '../anonymization/test/fixtures';
import { InMemoryAudit, InMemoryKeyRotation, inMemoryTokenVault, InMemoryVaultTokens } from './test/in-memory-repositories';
import { VaultKeyRewrap } from './vault-key-rewrap';

const KEY_A = TEST_VAULT_KEY;
const KEY_B = Buffer.alloc(32, 0x44).toString('base64');
const PUBLIC_KEY_B = 'NgIsXD/PHNrchsYSogc93ZB2KfmAMF+p4enk1hJyqSY=';
const ADMIN = 'admin-fingerprint';
const REVEALER = 'revealer-fingerprint';
// A token stored before per-token keys, under key A (known answer, made once, pasted here).
const LEGACY_TOKEN = `tok_${'a'.repeat(26)}`;
const LEGACY_VALUE_UNDER_A = 'enc:v1:r6eYMTRh2qbgksBfgKyE/MoILFFRCy7ELrbf4xh8Lb3g79Xg';

/** One "deployment": the vault's stored rows outlive every restart; each restart reads its own ring. */
function deployment() {
  const tokens = new InMemoryVaultTokens();
  const rotation = new InMemoryKeyRotation(tokens);
  tokens.rows.set(LEGACY_TOKEN, {
    token: LEGACY_TOKEN,
    namespace: 'default',
    valueHmac: '0'.repeat(64),
    entityType: 'PERSON',
    keyScope: 'vault',
    keyId: 'default',
    valueCiphertext: LEGACY_VALUE_UNDER_A,
    createdAt: new Date(),
  });
  const start = async (ring: { PII_VAULT_KEY?: string; PII_VAULT_KEYS?: string }, publicKey: string) => {
    const keys = new ProtectionKeys(testEnvironment({ PII_VAULT_KEY: undefined, ...ring, ATLAS_DEAD_LETTER_PUBLIC_KEY: publicKey }));
    const rewrap = new VaultKeyRewrap(keys, rotation.asRepository());
    await rewrap.onModuleInit();
    return { vault: inMemoryTokenVault(keys, tokens, new InMemoryAudit(), rotation), rewrap };
  };
  return { tokens, rotation, start };
}

const reveal = async (vault: Awaited<ReturnType<ReturnType<typeof deployment>['start']>>['vault'], token: string) => (await vault.detokenize(token, REVEALER)).value;

describe('Vault key rotation: add B as primary, re-wrap, remove A', () => {
  it('loses nothing: old and new tokens detokenize at every step, values keep their tokens, and only the re-wrap lets A go', async () => {
    const { tokens, rotation, start } = deployment();

    // 1. Today's deployment: PII_VAULT_KEY=A.
    const before = await start({ PII_VAULT_KEY: KEY_A }, TEST_DEAD_LETTER_PUBLIC_KEY);
    const jane = await before.vault.tokenize('crm', 'PERSON', 'Jane');
    const erin = await before.vault.tokenize('crm', 'EMAIL_ADDRESS', 'erin@example.org');
    expect([...tokens.keyIds.values()]).toEqual(['default', 'default']);
    expect(rotation.lookup!.keyId).toBe('default');

    // 2. Ring [B, A]: old tokens open, new ones are wrapped by B, a value keeps its token.
    const rotated = await start({ PII_VAULT_KEYS: `2026-12:${KEY_B},default:${KEY_A}` }, PUBLIC_KEY_B);
    expect(await reveal(rotated.vault, jane)).toBe('Jane');
    expect(await reveal(rotated.vault, LEGACY_TOKEN)).toBe('Old Jane');
    expect(await rotated.vault.tokenize('crm', 'PERSON', 'Jane')).toBe(jane);
    const john = await rotated.vault.tokenize('crm', 'PERSON', 'John');
    expect(tokens.keyIds.get(john)).toBe('2026-12');
    expect(await reveal(rotated.vault, john)).toBe('John');
    expect(await rotated.vault.tokensOfValues(['erin@example.org'])).toEqual([erin]);

    // 3. Removing A now would lose its rows: refused at start, naming the key.
    await expect(start({ PII_VAULT_KEYS: `2026-12:${KEY_B}` }, PUBLIC_KEY_B)).rejects.toThrow(
      "The vault holds secrets sealed by the vault key(s) 'default', which PII_VAULT_KEYS does not list: put them back in the ring (after the primary) and run the re-wrap (POST /api/v1/vault/keys/rewrap) before removing them",
    );

    // 4. Re-wrap in bounded batches, resumable: one batch of one row per table, then the rest.
    expect(await rotated.rewrap.status()).toEqual({
      primaryKeyId: '2026-12',
      ringKeyIds: ['2026-12', 'default'],
      usage: [
        { keyId: '2026-12', tokenKeys: 1, vaultScopedValues: 0, lookupKey: false },
        { keyId: 'default', tokenKeys: 2, vaultScopedValues: 1, lookupKey: true },
      ],
      remaining: 4,
    });
    const first = await rotated.rewrap.rewrap({ batchSize: 1, maxBatches: 1 }, ADMIN);
    expect(first).toMatchObject({ rewrapped: 3, remaining: 1, done: false });
    const second = await rotated.rewrap.rewrap({ batchSize: 1, maxBatches: 10 }, ADMIN);
    expect(second).toMatchObject({ rewrapped: 1, remaining: 0, done: true });
    expect(second.usage).toEqual([{ keyId: '2026-12', tokenKeys: 3, vaultScopedValues: 1, lookupKey: true }]);
    expect(rotation.audit).toEqual([
      { requesterFingerprint: ADMIN, primaryKeyId: '2026-12', rewrapped: 3, remaining: 1 },
      { requesterFingerprint: ADMIN, primaryKeyId: '2026-12', rewrapped: 1, remaining: 0 },
    ]);
    expect(await rotated.rewrap.rewrap({ batchSize: 10, maxBatches: 10 }, ADMIN)).toMatchObject({ rewrapped: 0, remaining: 0, done: true });

    // 5. Ring [B] only: everything still detokenizes, values keep their tokens, subject lookups still find them.
    const after = await start({ PII_VAULT_KEYS: `2026-12:${KEY_B}` }, PUBLIC_KEY_B);
    expect(await reveal(after.vault, jane)).toBe('Jane');
    expect(await reveal(after.vault, erin)).toBe('erin@example.org');
    expect(await reveal(after.vault, john)).toBe('John');
    expect(await reveal(after.vault, LEGACY_TOKEN)).toBe('Old Jane');
    expect(await after.vault.tokenize('crm', 'PERSON', 'Jane')).toBe(jane);
    expect(await after.vault.tokenize('crm', 'PERSON', 'John')).toBe(john);
    expect(await after.vault.tokensOfValues(['erin@example.org'])).toEqual([erin]);
    // Nothing was re-encrypted under a new data key: shredding still destroys the token's only key.
    expect(await after.vault.shred([jane])).toBe(1);
    expect(tokens.keys.has(jane)).toBe(false);

    // 6. And key A alone can no longer read what was re-wrapped.
    const onlyA = await start({ PII_VAULT_KEYS: `default:${KEY_A},old-b:${KEY_B}` }, TEST_DEAD_LETTER_PUBLIC_KEY).catch((error: Error) => error.message);
    expect(onlyA).toBe(
      "The vault holds secrets sealed by the vault key(s) '2026-12', which PII_VAULT_KEYS does not list: put them back in the ring (after the primary) and run the re-wrap (POST /api/v1/vault/keys/rewrap) before removing them",
    );
  });

  it('stops the re-wrap on a row it cannot open, naming the token and the key, and keeps the batches already done', async () => {
    const { tokens, start } = deployment();
    const before = await start({ PII_VAULT_KEY: KEY_A }, TEST_DEAD_LETTER_PUBLIC_KEY);
    const jane = await before.vault.tokenize('crm', 'PERSON', 'Jane');
    tokens.keys.set(jane, tokens.keys.get(jane)!.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A')).replace(/^enc:v1:./, 'enc:v1:Z'));
    const rotated = await start({ PII_VAULT_KEYS: `2026-12:${KEY_B},default:${KEY_A}` }, PUBLIC_KEY_B);
    await expect(rotated.rewrap.rewrap({ batchSize: 10, maxBatches: 10 }, ADMIN)).rejects.toThrow(
      `The vault row of ${jane} (vault_token_keys) could not be opened with the key 'default': the re-wrap stopped there`,
    );
  });
});
