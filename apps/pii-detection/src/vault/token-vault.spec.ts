import { apiKeyFingerprint } from '@atlas/auth';
import { ProtectionKeys } from '../anonymization/protection-keys';
import { TEST_DETOKENIZE_KEY, testEnvironment } from '../anonymization/test/fixtures';
import { InMemoryAudit, InMemoryKeyRotation, inMemoryTokenVault, InMemoryVaultTokens } from './test/in-memory-repositories';
import { vaultOperationsTotal } from './vault.metrics';
import { statusOf } from '../anonymization/test/fixtures';
import { decrypt, encrypt } from '../anonymization/operators';

function setup() {
  const environment = testEnvironment();
  const tokens = new InMemoryVaultTokens();
  const audit = new InMemoryAudit();
  const keys = new ProtectionKeys(environment);
  const rotation = new InMemoryKeyRotation(tokens);
  const vault = inMemoryTokenVault(keys, tokens, audit, rotation);
  return { tokens, audit, vault, keys, rotation };
}

describe('TokenVault.tokenize', () => {
  it('gives the same value the same token, and different values different tokens', async () => {
    const { vault } = setup();
    const first = await vault.tokenize('default', 'EMAIL_ADDRESS', 'jane@example.com');
    expect(first).toMatch(/^tok_[a-z2-7]{26}$/);
    expect(await vault.tokenize('default', 'EMAIL_ADDRESS', 'jane@example.com')).toBe(first);
    expect(await vault.tokenize('default', 'EMAIL_ADDRESS', 'john@example.com')).not.toBe(first);
  });

  it('separates namespaces', async () => {
    const { vault } = setup();
    expect(await vault.tokenize('crm', 'PERSON', 'Jane')).not.toBe(await vault.tokenize('hr', 'PERSON', 'Jane'));
  });

  it('stores only ciphertext and a keyed HMAC, never the value', async () => {
    const { vault, tokens } = setup();
    await vault.tokenize('default', 'EMAIL_ADDRESS', 'jane@example.com');
    const [row] = [...tokens.rows.values()];
    expect(JSON.stringify(row)).not.toContain('jane');
    expect(row.valueCiphertext).toMatch(/^enc:v1:/);
    expect(row.valueHmac).toMatch(/^[0-9a-f]{64}$/);
    expect(row.entityType).toBe('EMAIL_ADDRESS');
  });

  it('is idempotent across instances: the row already stored wins (INSERT … ON CONFLICT DO NOTHING, then SELECT)', async () => {
    const { vault, tokens, keys, audit, rotation } = setup();
    const other = inMemoryTokenVault(keys, tokens, audit, rotation);
    const first = await vault.tokenize('default', 'PERSON', 'Jane');
    expect(await other.tokenize('default', 'PERSON', 'Jane')).toBe(first);
    expect(tokens.rows.size).toBe(1);
  });

  it('batches a text: one insert and one select, duplicates stored once, then served from cache', async () => {
    const { vault, tokens } = setup();
    const result = await vault.tokenizeMany('default', [
      { entityType: 'PERSON', value: 'Jane' },
      { entityType: 'PERSON', value: 'John' },
      { entityType: 'PERSON', value: 'Jane' },
    ]);
    expect(result[0]).toBe(result[2]);
    expect(result[0]).not.toBe(result[1]);
    expect(tokens.insertIfAbsent).toHaveBeenCalledTimes(1);
    expect(tokens.insertIfAbsent.mock.calls[0][0]).toHaveLength(2);
    expect(tokens.tokensByHmac).toHaveBeenCalledTimes(1);
    await vault.tokenize('default', 'PERSON', 'John');
    expect(tokens.insertIfAbsent).toHaveBeenCalledTimes(1);
  });

  it('rejects a malformed namespace', async () => {
    await expect(setup().vault.tokenize('Not Valid', 'PERSON', 'x')).rejects.toThrow(/namespace/);
  });
});

const REVEALER = apiKeyFingerprint(TEST_DETOKENIZE_KEY);

describe('TokenVault.detokenize', () => {
  it('returns the value and audits the grant with the caller key fingerprint', async () => {
    const { vault, audit } = setup();
    const token = await vault.tokenize('crm', 'EMAIL_ADDRESS', 'jane@example.com');
    expect(await vault.detokenize(token, REVEALER)).toEqual({ token, namespace: 'crm', entityType: 'EMAIL_ADDRESS', value: 'jane@example.com' });
    expect(audit.entries).toEqual([{ token, requesterFingerprint: REVEALER, allowed: true, reason: 'granted' }]);
    expect(JSON.stringify(audit.entries)).not.toContain(TEST_DETOKENIZE_KEY);
  });

  it('audits a refusal of a known key with the token when it is well-formed, and without looking it up', async () => {
    const { vault, audit, tokens } = setup();
    const token = await vault.tokenize('default', 'PERSON', 'Jane');
    await vault.auditRefusal({ token }, 'fedcba9876543210');
    await vault.auditRefusal({ token: 'jane@example.com' }, 'fedcba9876543210');
    await vault.auditRefusal('not an object', 'fedcba9876543210');
    expect(audit.entries).toEqual([
      { token, requesterFingerprint: 'fedcba9876543210', allowed: false, reason: 'not_permitted' },
      { token: null, requesterFingerprint: 'fedcba9876543210', allowed: false, reason: 'not_permitted' },
      { token: null, requesterFingerprint: 'fedcba9876543210', allowed: false, reason: 'not_permitted' },
    ]);
    expect(tokens.findByToken).not.toHaveBeenCalled();
  });

  it('answers 400 for a malformed token (not stored in the audit) and 404 for an unknown one', async () => {
    const { vault, audit } = setup();
    expect(await statusOf(vault.detokenize('jane@example.com', REVEALER))).toBe(400);
    expect(await statusOf(vault.detokenize(`tok_${'a'.repeat(26)}`, REVEALER))).toBe(404);
    expect(audit.entries.map((entry) => [entry.token, entry.allowed, entry.reason])).toEqual([
      [null, false, 'invalid_token'],
      [`tok_${'a'.repeat(26)}`, false, 'unknown_token'],
    ]);
  });

  it('refuses a row whose ciphertext was moved to another token (AAD binding)', async () => {
    const { vault, tokens, audit } = setup();
    const jane = await vault.tokenize('default', 'PERSON', 'Jane');
    const john = await vault.tokenize('default', 'PERSON', 'John');
    tokens.rows.get(john)!.valueCiphertext = tokens.rows.get(jane)!.valueCiphertext;
    expect(await statusOf(vault.detokenize(john, REVEALER))).toBe(500);
    expect(audit.entries.at(-1)).toMatchObject({ allowed: false, reason: 'decrypt_failed' });
  });

  it('discloses nothing when the audit cannot be written', async () => {
    const { vault, audit } = setup();
    const token = await vault.tokenize('default', 'PERSON', 'Jane');
    audit.record.mockRejectedValueOnce(new Error('database down'));
    await expect(vault.detokenize(token, REVEALER)).rejects.toThrow('database down');
  });
});

describe('TokenVault: per-token keys and crypto-shredding', () => {
  it('encrypts each value under its own data key, wrapped by the vault key: the vault key alone cannot read it', async () => {
    const { vault, tokens, keys } = setup();
    const token = await vault.tokenize('crm', 'EMAIL_ADDRESS', 'jane@example.com');
    expect(tokens.rows.get(token)!.keyScope).toBe('token');
    expect(tokens.keys.get(token)).toMatch(/^enc:v1:/);
    expect(() => decrypt(tokens.rows.get(token)!.valueCiphertext, keys.vaultKeys.primary.valueKey, `atlas-vault:v1:crm:${token}`)).toThrow();
    const dataKey = Buffer.from(decrypt(tokens.keys.get(token)!, keys.vaultKeys.primary.valueKey, `atlas-vault-key:v1:${token}`), 'base64');
    expect(dataKey).toHaveLength(32);
    expect(decrypt(tokens.rows.get(token)!.valueCiphertext, dataKey, `atlas-vault:v1:crm:${token}`)).toBe('jane@example.com');
  });

  it('still reads tokens stored before per-token keys (vault scope)', async () => {
    const { vault, tokens, keys } = setup();
    const token = `tok_${'c'.repeat(26)}`;
    tokens.rows.set(token, {
      token,
      namespace: 'default',
      valueHmac: 'f'.repeat(64),
      entityType: 'PERSON',
      keyScope: 'vault',
      keyId: 'default',
      valueCiphertext: encrypt('Old Jane', keys.vaultKeys.primary.valueKey, `atlas-vault:v1:default:${token}`),
      createdAt: new Date(),
    });
    expect((await vault.detokenize(token, REVEALER)).value).toBe('Old Jane');
  });

  it('finds the tokens of a value in every namespace through the keyed lookup, and only those', async () => {
    const { vault } = setup();
    const crm = await vault.tokenize('crm', 'EMAIL_ADDRESS', 'jane@example.com');
    const hr = await vault.tokenize('hr', 'EMAIL_ADDRESS', 'jane@example.com');
    await vault.tokenize('crm', 'EMAIL_ADDRESS', 'john@example.com');
    expect(await vault.tokensOfValues(['jane@example.com', 'JANE@example.com'])).toEqual([crm, hr].sort());
    expect(await vault.tokensOfValues(['nobody@example.com'])).toEqual([]);
  });

  it('shreds tokens: detokenize then finds nothing, a repeat shreds nothing, and the same value gets a new token', async () => {
    const { vault, tokens } = setup();
    const jane = await vault.tokenize('crm', 'PERSON', 'Jane');
    const john = await vault.tokenize('crm', 'PERSON', 'John');
    expect(await vault.shred([jane])).toBe(1);
    expect(await vault.shred([jane])).toBe(0);
    expect(tokens.keys.has(jane)).toBe(false);
    expect(await statusOf(vault.detokenize(jane, REVEALER))).toBe(404);
    expect((await vault.detokenize(john, REVEALER)).value).toBe('John');
    const again = await vault.tokenize('crm', 'PERSON', 'Jane');
    expect(again).not.toBe(jane);
    expect((await vault.detokenize(again, REVEALER)).value).toBe('Jane');
  });

  it('answers 410 and audits key_shredded for a row whose key is gone (a ciphertext restored without its key)', async () => {
    const { vault, tokens, audit } = setup();
    const jane = await vault.tokenize('crm', 'PERSON', 'Jane');
    tokens.keys.delete(jane);
    expect(await statusOf(vault.detokenize(jane, REVEALER))).toBe(410);
    expect(audit.entries.at(-1)).toEqual({ token: jane, requesterFingerprint: REVEALER, allowed: false, reason: 'key_shredded' });
  });
});

describe('vault metrics', () => {
  it('counts tokenized values as created or reused and detokenize requests by audited outcome', async () => {
    vaultOperationsTotal.reset();
    const { vault } = setup();
    const [token] = await vault.tokenizeMany('default', [
      { entityType: 'PERSON', value: 'Jane' },
      { entityType: 'PERSON', value: 'Jane' },
    ]);
    await vault.detokenize(token, REVEALER);
    await statusOf(vault.detokenize('not a token', REVEALER));
    await vault.auditRefusal({ token }, 'fedcba9876543210');
    expect((await vaultOperationsTotal.get()).values).toEqual([
      { labels: { operation: 'tokenize', outcome: 'created' }, value: 1 },
      { labels: { operation: 'tokenize', outcome: 'reused' }, value: 1 },
      { labels: { operation: 'detokenize', outcome: 'granted' }, value: 1 },
      { labels: { operation: 'detokenize', outcome: 'invalid_token' }, value: 1 },
      { labels: { operation: 'detokenize', outcome: 'not_permitted' }, value: 1 },
    ]);
  });
});
