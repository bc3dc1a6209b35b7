import { decrypt, encrypt } from '../anonymization/operators';
import { VaultKeyRing } from '../anonymization/vault-key-ring';

/** The ciphertext is bound to its namespace and token: a row's value cannot be moved to another token. */
export const valueAad = (namespace: string, token: string) => `atlas-vault:v1:${namespace}:${token}`;
/** A token's data key is bound to its token when wrapped. */
export const keyAad = (token: string) => `atlas-vault-key:v1:${token}`;
/** The lookup key is bound to its purpose when wrapped. */
export const LOOKUP_KEY_AAD = 'atlas-vault-lookup-key:v1';

/** A secret sealed by a vault key of the ring, and the id of that key (stored beside it). */
export interface WrappedSecret {
  wrapped: string;
  keyId: string;
}

/** Wraps a secret under the ring's primary key. */
export function wrapUnderPrimary(ring: VaultKeyRing, secret: Buffer, aad: string): WrappedSecret {
  return { wrapped: encrypt(secret.toString('base64'), ring.primary.valueKey, aad), keyId: ring.primary.id };
}

/** Unwraps a secret with the ring key that wrapped it; throws UnknownVaultKeyError when the ring lacks it. */
export function unwrap(ring: VaultKeyRing, secret: WrappedSecret, aad: string): Buffer {
  return Buffer.from(decrypt(secret.wrapped, ring.key(secret.keyId).valueKey, aad), 'base64');
}
