import { Injectable, OnModuleInit } from '@nestjs/common';
import { ProtectionKeys } from '../anonymization/protection-keys';
import { decrypt, encrypt } from '../anonymization/operators';
import { keyAad, LOOKUP_KEY_AAD, unwrap, valueAad, wrapUnderPrimary } from './vault-crypto';
import { KeyUsage, RewrapBatch, RewrapCandidate, RewrapTable, VaultKeyRotationRepository } from './vault-key-rotation.repository';
import { vaultOperationsTotal } from './vault.metrics';

export interface VaultKeyStatus {
  primaryKeyId: string;
  /** The ring's ids, the primary first (PII_VAULT_KEYS or PII_VAULT_KEY). */
  ringKeyIds: string[];
  /** What each key seals now; a key with nothing left can be removed from the ring. */
  usage: KeyUsage[];
  /** Secrets sealed by a key other than the primary: 0 once the re-wrap is done. */
  remaining: number;
}

export interface RewrapOutcome extends VaultKeyStatus {
  rewrapped: number;
  /** True when nothing is left under another key (the older keys can be removed from the ring). */
  done: boolean;
}

export interface RewrapRequest {
  batchSize: number;
  maxBatches: number;
}

const TABLES: readonly RewrapTable[] = ['vault_token_keys', 'vault_tokens'];

/**
 * Key rotation of the vault: re-wraps what older ring keys sealed (per-token data keys, values stored
 * before them, the lookup key) under the primary, in bounded batches, each its own transaction, so a
 * crash or a timeout loses nothing and the next request resumes where this one stopped (re-wrapped
 * rows no longer match). Values are never re-encrypted under a new data key: crypto-shredding keeps working.
 */
@Injectable()
export class VaultKeyRewrap implements OnModuleInit {
  constructor(
    private readonly keys: ProtectionKeys,
    private readonly rotation: VaultKeyRotationRepository,
  ) {}

  /** Refuses to start when the vault holds secrets sealed by a key the ring no longer lists: they would be lost. */
  async onModuleInit(): Promise<void> {
    const ring = this.keys.vaultKeys;
    const missing = (await this.rotation.storedKeyIds()).filter((id) => !ring.has(id));
    if (missing.length > 0) {
      throw new Error(
        `The vault holds secrets sealed by the vault key(s) ${missing.map((id) => `'${id}'`).join(', ')}, which ${ring.variable} does not list: ` +
          'put them back in the ring (after the primary) and run the re-wrap (POST /api/v1/vault/keys/rewrap) before removing them',
      );
    }
  }

  async status(): Promise<VaultKeyStatus> {
    const ring = this.keys.vaultKeys;
    const usage = await this.rotation.usage();
    const remaining = usage.filter((entry) => entry.keyId !== ring.primary.id).reduce((sum, entry) => sum + entry.tokenKeys + entry.vaultScopedValues + (entry.lookupKey ? 1 : 0), 0);
    return { primaryKeyId: ring.primary.id, ringKeyIds: ring.ids, usage, remaining };
  }

  async rewrap(request: RewrapRequest, requesterFingerprint: string): Promise<RewrapOutcome> {
    const ring = this.keys.vaultKeys;
    const older = ring.ids.filter((id) => id !== ring.primary.id);
    let rewrapped = 0;
    for (let batch = 0; batch < request.maxBatches && older.length > 0; batch++) {
      const count = await this.rotation.inTransaction((statements) => this.rewrapBatch(statements, older, request.batchSize));
      rewrapped += count;
      if (count === 0) break;
    }
    const status = await this.status();
    await this.rotation.recordRewrap({ requesterFingerprint, primaryKeyId: ring.primary.id, rewrapped, remaining: status.remaining });
    vaultOperationsTotal.inc({ operation: 'rewrap', outcome: 'rewrapped' }, rewrapped);
    return { ...status, rewrapped, done: status.remaining === 0 };
  }

  /** One batch: the lookup key, then up to `batchSize` rows of each table. Returns how many secrets it re-wrapped. */
  private async rewrapBatch(statements: RewrapBatch, older: readonly string[], batchSize: number): Promise<number> {
    const ring = this.keys.vaultKeys;
    let count = 0;
    const lookup = await statements.lookupKeyUnder(older);
    if (lookup) {
      await statements.replaceLookupKey(wrapUnderPrimary(ring, unwrap(ring, lookup, LOOKUP_KEY_AAD), LOOKUP_KEY_AAD));
      count++;
    }
    for (const table of TABLES) {
      const candidates = await statements.candidates(table, older, batchSize);
      await statements.replace(table, candidates.map((candidate) => ({ token: candidate.token, ...this.rewrapped(table, candidate) })));
      count += candidates.length;
    }
    return count;
  }

  /** A failure (a tampered row) aborts the batch, naming the token (a pseudonym), never a value. */
  private rewrapped(table: RewrapTable, candidate: RewrapCandidate): { wrapped: string; keyId: string } {
    const ring = this.keys.vaultKeys;
    try {
      if (table === 'vault_token_keys') return wrapUnderPrimary(ring, unwrap(ring, candidate, keyAad(candidate.token)), keyAad(candidate.token));
      const aad = valueAad(candidate.namespace!, candidate.token);
      return { wrapped: encrypt(decrypt(candidate.wrapped, ring.key(candidate.keyId).valueKey, aad), ring.primary.valueKey, aad), keyId: ring.primary.id };
    } catch {
      throw new Error(`The vault row of ${candidate.token} (${table}) could not be opened with the key '${candidate.keyId}': the re-wrap stopped there`);
    }
  }
}
