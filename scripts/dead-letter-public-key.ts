/**
 * Prints ATLAS_DEAD_LETTER_PUBLIC_KEY for a vault key: the X25519 public key every service seals
 * dead letters to, derived from PII_VAULT_KEY exactly as pii-detection derives it (which refuses to
 * start when the configured value differs). The public key is not secret; the vault key is, so it
 * is read from the environment, never from the command line.
 * Usage: PII_VAULT_KEY=<base64> node dist/scripts/dead-letter-public-key.js
 *   (compose: docker compose run --rm --no-deps -e PII_VAULT_KEY setup dist/scripts/dead-letter-public-key.js)
 */
import { deadLetterUnsealerForVaultKey } from '@atlas/kafka';

const vaultKey = Buffer.from(process.env.PII_VAULT_KEY ?? '', 'base64');
if (vaultKey.length !== 32) {
  process.stderr.write('dead-letter-public-key: set PII_VAULT_KEY to the vault key (32 bytes in base64)\n');
  process.exit(1);
}
process.stdout.write(`ATLAS_DEAD_LETTER_PUBLIC_KEY=${deadLetterUnsealerForVaultKey(vaultKey).publicKeyBase64}\n`);
