import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { VaultTokenEntity } from './vault-token.entity';
import { WrappedSecret } from './vault-crypto';

/** A stored secret sealed by a vault key other than the primary, to re-wrap. */
export interface RewrapCandidate extends WrappedSecret {
  token: string;
  /** Set for vault-scoped values (their AAD needs it). */
  namespace?: string;
}

/** How many stored secrets each vault key seals. */
export interface KeyUsage {
  keyId: string;
  tokenKeys: number;
  vaultScopedValues: number;
  lookupKey: boolean;
}

export interface RewrapAuditEntry {
  requesterFingerprint: string;
  primaryKeyId: string;
  rewrapped: number;
  remaining: number;
}

/** Table of each kind of sealed secret: per-token data keys, and values stored before them. */
export type RewrapTable = 'vault_token_keys' | 'vault_tokens';

/** The SQL of key rotation: the stored lookup key, which keys seal what, re-wrapping in batches, its audit. */
@Injectable()
export class VaultKeyRotationRepository {
  constructor(@InjectRepository(VaultTokenEntity) private readonly tokens: Repository<VaultTokenEntity>) {}

  async lookupKey(): Promise<WrappedSecret | null> {
    const rows: WrappedSecret[] = await this.tokens.query('SELECT wrapped_key AS wrapped, key_id AS "keyId" FROM pii_detection.vault_lookup_key');
    return rows[0] ?? null;
  }

  /** Stores the lookup key unless one is stored already (another replica won): the stored one is returned. */
  async storeLookupKeyIfAbsent(secret: WrappedSecret): Promise<WrappedSecret> {
    await this.tokens.query('INSERT INTO pii_detection.vault_lookup_key (wrapped_key, key_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [secret.wrapped, secret.keyId]);
    return (await this.lookupKey())!;
  }

  /** Every key id something is stored under (a skip scan of each key_id index: one step per key id). */
  async storedKeyIds(): Promise<string[]> {
    const rows: Array<{ key_id: string }> = await this.tokens.query(
      `WITH RECURSIVE
         wrapping AS (
           (SELECT key_id FROM pii_detection.vault_token_keys ORDER BY key_id LIMIT 1)
           UNION ALL
           SELECT (SELECT k.key_id FROM pii_detection.vault_token_keys k WHERE k.key_id > w.key_id ORDER BY k.key_id LIMIT 1) FROM wrapping w WHERE w.key_id IS NOT NULL),
         scoped AS (
           (SELECT key_id FROM pii_detection.vault_tokens WHERE key_id IS NOT NULL ORDER BY key_id LIMIT 1)
           UNION ALL
           SELECT (SELECT t.key_id FROM pii_detection.vault_tokens t WHERE t.key_id > s.key_id ORDER BY t.key_id LIMIT 1) FROM scoped s WHERE s.key_id IS NOT NULL)
       SELECT key_id FROM wrapping WHERE key_id IS NOT NULL
       UNION SELECT key_id FROM scoped WHERE key_id IS NOT NULL
       UNION SELECT key_id FROM pii_detection.vault_lookup_key
       ORDER BY key_id`,
      [],
    );
    return rows.map((row) => row.key_id);
  }

  /** Counts per key id (a scan of both tables: for the status endpoint, not the hot path). */
  async usage(): Promise<KeyUsage[]> {
    const rows: Array<{ key_id: string; token_keys: number; values: number; lookup: number }> = await this.tokens.query(
      `SELECT key_id, sum(token_keys)::int AS token_keys, sum(vals)::int AS values, sum(lookup)::int AS lookup FROM (
         SELECT key_id, count(*) AS token_keys, 0 AS vals, 0 AS lookup FROM pii_detection.vault_token_keys GROUP BY key_id
         UNION ALL SELECT key_id, 0, count(*), 0 FROM pii_detection.vault_tokens WHERE key_id IS NOT NULL GROUP BY key_id
         UNION ALL SELECT key_id, 0, 0, 1 FROM pii_detection.vault_lookup_key) AS usage
       GROUP BY key_id ORDER BY key_id`,
      [],
    );
    return rows.map((row) => ({ keyId: row.key_id, tokenKeys: row.token_keys, vaultScopedValues: row.values, lookupKey: row.lookup > 0 }));
  }

  /** Runs one re-wrap batch in a transaction (committed batches stay done if a later one fails). */
  inTransaction<T>(work: (batch: RewrapBatch) => Promise<T>): Promise<T> {
    return this.tokens.manager.transaction((manager) => work(new RewrapBatch(manager)));
  }

  async recordRewrap(entry: RewrapAuditEntry): Promise<void> {
    await this.tokens.query(
      'INSERT INTO pii_detection.vault_rewrap_audit (id, requester_fingerprint, primary_key_id, rewrapped, remaining) VALUES ($1, $2, $3, $4, $5)',
      [uuidv7(), entry.requesterFingerprint, entry.primaryKeyId, entry.rewrapped, entry.remaining],
    );
  }
}

/** The statements of one re-wrap batch, inside its transaction. Rows are locked, and skipped when another re-wrap holds them. */
export class RewrapBatch {
  constructor(private readonly manager: EntityManager) {}

  async lookupKeyUnder(keyIds: readonly string[]): Promise<WrappedSecret | null> {
    const rows: WrappedSecret[] = await this.manager.query(
      'SELECT wrapped_key AS wrapped, key_id AS "keyId" FROM pii_detection.vault_lookup_key WHERE key_id = ANY($1::text[]) FOR UPDATE SKIP LOCKED',
      [[...keyIds]],
    );
    return rows[0] ?? null;
  }

  async replaceLookupKey(secret: WrappedSecret): Promise<void> {
    await this.manager.query('UPDATE pii_detection.vault_lookup_key SET wrapped_key = $1, key_id = $2', [secret.wrapped, secret.keyId]);
  }

  /** Up to `limit` secrets of the table sealed by one of `keyIds`, in key id and token order. */
  async candidates(table: RewrapTable, keyIds: readonly string[], limit: number): Promise<RewrapCandidate[]> {
    const columns = table === 'vault_token_keys' ? 'token, wrapped_key AS wrapped, key_id AS "keyId"' : 'token, namespace, value_ciphertext AS wrapped, key_id AS "keyId"';
    return this.manager.query(
      `SELECT ${columns} FROM pii_detection.${table} WHERE key_id = ANY($1::text[]) ORDER BY key_id, token LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [[...keyIds], limit],
    );
  }

  /** Stores the re-wrapped secrets (one statement). */
  async replace(table: RewrapTable, rows: ReadonlyArray<{ token: string } & WrappedSecret>): Promise<void> {
    if (rows.length === 0) return;
    const column = table === 'vault_token_keys' ? 'wrapped_key' : 'value_ciphertext';
    await this.manager.query(
      `UPDATE pii_detection.${table} AS t SET ${column} = u.wrapped, key_id = u.key_id
       FROM unnest($1::text[], $2::text[], $3::text[]) AS u(token, wrapped, key_id) WHERE t.token = u.token`,
      [rows.map((row) => row.token), rows.map((row) => row.wrapped), rows.map((row) => row.keyId)],
    );
  }
}
