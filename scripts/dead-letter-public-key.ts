/**
 * Prints ATLAS_DEAD_LETTER_PUBLIC_KEY for a vault key: the X25519 public key every service seals
 * dead letters to, derived from the primary vault key exactly as pii-detection derives it (which
 * refuses to start when the configured value belongs to no key of its ring). The public key is not
 * secret; the vault keys are, so they are read from the environment, never from the command line.
 * Usage: PII_VAULT_KEY=<base64> node dist/scripts/dead-letter-public-key.js
 *        PII_VAULT_KEYS=<id:base64,…> node dist/scripts/dead-letter-public-key.js   (the ring's primary, its first entry)
 *   (compose: docker compose run --rm --no-deps -e PII_VAULT_KEY setup dist/scripts/dead-letter-public-key.js)
 */
import { deadLetterUnsealerForVaultKey } from '@atlas/kafka';

const primaryEntry = (process.env.PII_VAULT_KEYS ?? '').split(',')[0].trim();
const primary = primaryEntry !== '' ? primaryEntry.slice(primaryEntry.indexOf(':') + 1) : (process.env.PII_VAULT_KEY ?? '');
const vaultKey = Buffer.from(primary.trim(), 'base64');
if (vaultKey.length !== 32) {
  process.stderr.write('dead-letter-public-key: set PII_VAULT_KEYS to the vault key ring (id:key, the primary first) or PII_VAULT_KEY to the vault key (32 bytes in base64)\n');
  process.exit(1);
}
process.stdout.write(`ATLAS_DEAD_LETTER_PUBLIC_KEY=${deadLetterUnsealerForVaultKey(vaultKey).publicKeyBase64}\n`);
