import { keyFingerprint, ProtectionKeys } from '../anonymization/protection-keys';
import { TEST_DETOKENIZE_KEY, TEST_NORMAL_KEY, testEnvironment } from '../anonymization/test/fixtures';
import { InMemoryAudit, InMemoryVaultTokens } from './test/in-memory-repositories';
import { TokenVault } from './token-vault';
import { statusOf } from '../anonymization/test/fixtures';

function setup() {
  const environment = testEnvironment();
  const tokens = new InMemoryVaultTokens();
  const audit = new InMemoryAudit();
  const keys = new ProtectionKeys(environment);
  const vault = new TokenVault(keys, tokens.asRepository(), audit.asRepository(), environment);
  return { tokens, audit, vault, keys, environment };
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
    const { vault, tokens, keys, audit, environment } = setup();
    const other = new TokenVault(keys, tokens.asRepository(), audit.asRepository(), environment);
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

describe('TokenVault.detokenize', () => {
  it('returns the value to a detokenize key and audits the grant with a key fingerprint', async () => {
    const { vault, audit } = setup();
    const token = await vault.tokenize('crm', 'EMAIL_ADDRESS', 'jane@example.com');
    expect(await vault.detokenize(token, { apiKey: TEST_DETOKENIZE_KEY })).toEqual({ token, namespace: 'crm', entityType: 'EMAIL_ADDRESS', value: 'jane@example.com' });
    expect(audit.entries).toEqual([{ token, requesterFingerprint: keyFingerprint(TEST_DETOKENIZE_KEY), allowed: true, reason: 'granted' }]);
    expect(JSON.stringify(audit.entries)).not.toContain(TEST_DETOKENIZE_KEY);
  });

  it('denies normal keys (403), unknown and missing keys (401), and audits each', async () => {
    const { vault, audit } = setup();
    const token = await vault.tokenize('default', 'PERSON', 'Jane');
    expect(await statusOf(vault.detokenize(token, { apiKey: TEST_NORMAL_KEY }))).toBe(403);
    expect(await statusOf(vault.detokenize(token, { apiKey: 'some-unknown-key-000000000000' }))).toBe(401);
    expect(await statusOf(vault.detokenize(token, {}))).toBe(401);
    expect(audit.entries.map((entry) => [entry.allowed, entry.reason, entry.token])).toEqual([
      [false, 'not_permitted', token],
      [false, 'invalid_api_key', token],
      [false, 'missing_api_key', token],
    ]);
    expect(audit.entries[2].requesterFingerprint).toBeNull();
  });

  it('checks the permission before looking at the token', async () => {
    const { vault, audit, tokens } = setup();
    expect(await statusOf(vault.detokenize('not a token', { apiKey: TEST_NORMAL_KEY }))).toBe(403);
    expect(tokens.findByToken).not.toHaveBeenCalled();
    expect(audit.entries[0]).toMatchObject({ token: null, reason: 'not_permitted' });
  });

  it('answers 400 for a malformed token (not stored in the audit) and 404 for an unknown one', async () => {
    const { vault, audit } = setup();
    expect(await statusOf(vault.detokenize('jane@example.com', { apiKey: TEST_DETOKENIZE_KEY }))).toBe(400);
    expect(await statusOf(vault.detokenize(`tok_${'a'.repeat(26)}`, { apiKey: TEST_DETOKENIZE_KEY }))).toBe(404);
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
    expect(await statusOf(vault.detokenize(john, { apiKey: TEST_DETOKENIZE_KEY }))).toBe(500);
    expect(audit.entries.at(-1)).toMatchObject({ allowed: false, reason: 'decrypt_failed' });
  });

  it('discloses nothing when the audit cannot be written', async () => {
    const { vault, audit } = setup();
    const token = await vault.tokenize('default', 'PERSON', 'Jane');
    audit.record.mockRejectedValueOnce(new Error('database down'));
    await expect(vault.detokenize(token, { apiKey: TEST_DETOKENIZE_KEY })).rejects.toThrow('database down');
  });
});
