import { Injectable } from '@nestjs/common';
import { ProtectionKeys } from '../anonymization/protection-keys';
import { LOOKUP_KEY_AAD, unwrap, wrapUnderPrimary } from './vault-crypto';
import { VaultKeyRotationRepository } from './vault-key-rotation.repository';

/**
 * The HMAC key of the vault's value_hmac lookup column. It must stay the same across key rotations
 * (a value must find its token again), so it is not derived from the primary: it is stored once,
 * wrapped by a vault key, and the re-wrap only changes which vault key wraps it. Rotating the lookup
 * key itself would mean decrypting every value; it reveals no value, only confirms a guessed one.
 */
@Injectable()
export class VaultLookupKey {
  private loaded?: Promise<Buffer>;

  constructor(
    private readonly keys: ProtectionKeys,
    private readonly rotation: VaultKeyRotationRepository,
  ) {}

  /** Loaded once per process (stored at first use when the vault has none); a failed load is retried. */
  get(): Promise<Buffer> {
    this.loaded ??= this.load().catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }

  private async load(): Promise<Buffer> {
    const ring = this.keys.vaultKeys;
    const stored = (await this.rotation.lookupKey()) ?? (await this.rotation.storeLookupKeyIfAbsent(wrapUnderPrimary(ring, this.keys.initialVaultLookupKey, LOOKUP_KEY_AAD)));
    return unwrap(ring, stored, LOOKUP_KEY_AAD);
  }
}
