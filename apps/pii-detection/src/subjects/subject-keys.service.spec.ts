import { hash } from '../anonymization/operators';
import { ProtectionKeys } from '../anonymization/protection-keys';
import { testEnvironment } from '../anonymization/test/fixtures';
import { inMemoryTokenVault, InMemoryVaultTokens } from '../vault/test/in-memory-repositories';
import { SubjectKeysService } from './subject-keys.service';

function setup() {
  const keys = new ProtectionKeys(testEnvironment());
  const tokens = new InMemoryVaultTokens();
  const vault = inMemoryTokenVault(keys, tokens);
  return { keys, tokens, vault, subjects: new SubjectKeysService(keys, vault) };
}

describe('SubjectKeysService', () => {
  it('answers the 16-character prefixes of both HMAC digests: every output of the hash operator starts with one', async () => {
    const { keys, subjects } = setup();
    const { hashPrefixes } = await subjects.matchKeys(['erin@example.org']);
    const sha256 = hash('erin@example.org', keys.hashKey);
    const sha512 = hash('erin@example.org', keys.hashKey, { hashType: 'sha512' });
    expect(hashPrefixes).toEqual([sha256.slice(0, 16), sha512.slice(0, 16)]);
    expect(hash('erin@example.org', keys.hashKey, { length: 20 }).startsWith(hashPrefixes[0])).toBe(true);
    expect(hash('erin@example.org', keys.hashKey, { hashType: 'sha512', length: 16 })).toBe(hashPrefixes[1]);
  });

  it('answers the vault tokens of each spelling, in every namespace, once each', async () => {
    const { vault, subjects } = setup();
    const contacts = await vault.tokenize('contacts', 'EMAIL_ADDRESS', 'erin@example.org');
    const upper = await vault.tokenize('default', 'EMAIL_ADDRESS', 'Erin@example.org');
    await vault.tokenize('default', 'EMAIL_ADDRESS', 'someone@example.org');
    const keys = await subjects.matchKeys(['Erin@example.org', 'erin@example.org', 'erin@example.org']);
    expect(keys.tokens).toEqual([contacts, upper].sort());
    expect(keys.hashPrefixes).toHaveLength(4);
  });

  it('shreds each token once', async () => {
    const { vault, tokens, subjects } = setup();
    const token = await vault.tokenize('contacts', 'EMAIL_ADDRESS', 'erin@example.org');
    expect(await subjects.shred([token, token])).toBe(1);
    expect(tokens.shred).toHaveBeenCalledWith([token]);
  });
});
