import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deadLetterUnsealerForVaultKey } from '@atlas/kafka';

const ATLAS = resolve(__dirname, '..', 'atlas');

/** Runs the `secrets` function of ./atlas against a scratch state directory; returns secrets.env as a map. */
function runSecrets(state: string, extra: Record<string, string> = {}): Map<string, string> {
  const script = `set -euo pipefail; STATE=${JSON.stringify(state)}; eval "$(sed -n '/^secrets() {/,/^}/p' ${JSON.stringify(ATLAS)})"; secrets`;
  const result = spawnSync('bash', ['--norc', '--noprofile', '-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...extra } });
  expect({ status: result.status, stderr: result.status === 0 ? '' : result.stderr }).toEqual({ status: 0, stderr: '' });
  const lines = readFileSync(join(state, 'secrets.env'), 'utf8').trim().split('\n');
  return new Map(lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

describe('./atlas secrets', () => {
  let state: string;
  beforeEach(() => (state = mkdtempSync(join(tmpdir(), 'atlas-secrets-'))));
  afterEach(() => rmSync(state, { recursive: true, force: true }));

  it('generates every key once (mode 600), and the dead-letter public key of the vault key as the services derive it', () => {
    const first = runSecrets(state);
    expect([...first.keys()]).toEqual([
      'ATLAS_API_KEYS',
      'ATLAS_SERVICE_API_KEYS',
      'PII_DETOKENIZE_API_KEYS',
      'PII_ADMIN_API_KEYS',
      'ATLAS_SUBJECT_API_KEYS',
      'PII_HASH_KEY',
      'PII_VAULT_KEY',
      'GATEWAY_TOKEN_SIGNING_KEY',
      'ATLAS_ADMIN_EMAIL',
      'ATLAS_ADMIN_PASSWORD',
      'ATLAS_DEAD_LETTER_PUBLIC_KEY',
    ]);
    expect(Buffer.from(first.get('GATEWAY_TOKEN_SIGNING_KEY')!, 'base64')).toHaveLength(32);
    expect(first.get('GATEWAY_TOKEN_SIGNING_KEY')).not.toBe(first.get('PII_VAULT_KEY'));
    expect(first.get('ATLAS_ADMIN_EMAIL')).toBe('admin@atlas.local');
    expect(first.get('ATLAS_ADMIN_PASSWORD')).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const keySets = ['ATLAS_API_KEYS', 'ATLAS_SERVICE_API_KEYS', 'PII_DETOKENIZE_API_KEYS', 'PII_ADMIN_API_KEYS', 'ATLAS_SUBJECT_API_KEYS'];
    for (const name of keySets) expect(first.get(name)).toMatch(/^[0-9a-f]{48}$/);
    // Five different keys: above all, the client key is never the service credential (the gateway refuses to start otherwise).
    expect(new Set(keySets.map((name) => first.get(name))).size).toBe(5);
    expect(statSync(join(state, 'secrets.env')).mode & 0o777).toBe(0o600);
    const vaultKey = Buffer.from(first.get('PII_VAULT_KEY')!, 'base64');
    expect(first.get('ATLAS_DEAD_LETTER_PUBLIC_KEY')).toBe(deadLetterUnsealerForVaultKey(vaultKey).publicKeyBase64);
    expect(runSecrets(state)).toEqual(first);
    expect(readFileSync(join(state, 'api-key'), 'utf8').trim()).toBe(first.get('ATLAS_API_KEYS'));
    // The first admin's password, where ./atlas says it is, readable by the owner only.
    expect(readFileSync(join(state, 'admin-password'), 'utf8').trim()).toBe(first.get('ATLAS_ADMIN_PASSWORD'));
    expect(statSync(join(state, 'admin-password')).mode & 0o777).toBe(0o600);
  });

  it('keeps the keys of an older file, adds the missing ones and derives the public key from its vault key', () => {
    writeFileSync(join(state, 'secrets.env'), 'ATLAS_API_KEYS=existing-key-000000000000000000\nPII_VAULT_KEY=BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n', { mode: 0o600 });
    const secrets = runSecrets(state);
    expect(secrets.get('ATLAS_API_KEYS')).toBe('existing-key-000000000000000000');
    expect(secrets.get('PII_ADMIN_API_KEYS')).toMatch(/^[0-9a-f]{48}$/);
    expect(secrets.get('ATLAS_SERVICE_API_KEYS')).toMatch(/^[0-9a-f]{48}$/);
    expect(secrets.get('ATLAS_SUBJECT_API_KEYS')).toMatch(/^[0-9a-f]{48}$/);
    expect(secrets.get('ATLAS_DEAD_LETTER_PUBLIC_KEY')).toBe('MoAp5lOepTWL9bZE4j3KL3Uf718fx2oJ6sKrdNFf5AM=');
  });

  it('rotates the vault key: a new primary before the old key (id default), the public key of the new primary; retiring keeps only the primary', () => {
    const oldKey = 'BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=';
    writeFileSync(join(state, 'secrets.env'), `ATLAS_API_KEYS=existing-key-000000000000000000\nPII_VAULT_KEY=${oldKey}\n`, { mode: 0o600 });
    const rotated = runSecrets(state, { ATLAS_ROTATE_VAULT_KEY: '1' });
    expect(rotated.has('PII_VAULT_KEY')).toBe(false);
    const [primary, old] = rotated.get('PII_VAULT_KEYS')!.split(',');
    expect(old).toBe(`default:${oldKey}`);
    expect(primary).toMatch(/^k\d{14}:[A-Za-z0-9+/]{43}=$/);
    const newKey = Buffer.from(primary.slice(primary.indexOf(':') + 1), 'base64');
    expect(rotated.get('ATLAS_DEAD_LETTER_PUBLIC_KEY')).toBe(deadLetterUnsealerForVaultKey(newKey).publicKeyBase64);
    // An ordinary run keeps the ring as it is.
    expect(runSecrets(state)).toEqual(rotated);
    const retired = runSecrets(state, { ATLAS_RETIRE_VAULT_KEYS: '1' });
    expect(retired.get('PII_VAULT_KEYS')).toBe(primary);
    expect(retired.get('ATLAS_DEAD_LETTER_PUBLIC_KEY')).toBe(rotated.get('ATLAS_DEAD_LETTER_PUBLIC_KEY'));
  });
});
