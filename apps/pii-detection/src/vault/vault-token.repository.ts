import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { chunkRowsForInsert, insertIgnoringDuplicates } from '@atlas/database';
import { VaultTokenEntity, VaultTokenKeyEntity } from './vault-token.entity';

/** A token to store, with its data key wrapped by the vault key `wrappingKeyId` (per-token scope). */
export type NewVaultToken = Omit<VaultTokenEntity, 'createdAt' | 'keyScope' | 'keyId'> & { wrappedKey: string; wrappingKeyId: string };

/**
 * A stored token with its wrapped data key (null for vault-scoped tokens, and for shredded keys) and
 * the vault key wrapping it; `keyId` is the vault key of a vault-scoped value.
 */
export type StoredVaultToken = Omit<VaultTokenEntity, 'createdAt'> & { wrappedKey: string | null; wrappingKeyId: string | null };

/** One token looked up by the keyed HMAC of its value in a namespace. */
export interface VaultLookup {
  namespace: string;
  valueHmac: string;
}

@Injectable()
export class VaultTokenRepository {
  constructor(
    @InjectRepository(VaultTokenEntity) private readonly tokens: Repository<VaultTokenEntity>,
    @InjectRepository(VaultTokenKeyEntity) private readonly keys?: Repository<VaultTokenKeyEntity>,
  ) {}

  /**
   * Inserts the rows whose (namespace, value_hmac) is new; an existing row keeps its token. Keys go
   * first, so a stored token always has its key; the keys of tokens that lost a race are removed.
   */
  async insertIfAbsent(rows: NewVaultToken[]): Promise<void> {
    if (rows.length === 0) return;
    await insertIgnoringDuplicates(
      this.keys!,
      rows.map((row) => ({ token: row.token, wrappedKey: row.wrappedKey, keyId: row.wrappingKeyId })),
    );
    await insertIgnoringDuplicates(
      this.tokens,
      rows.map(({ wrappedKey: _wrappedKey, wrappingKeyId: _wrappingKeyId, ...row }) => ({ ...row, keyScope: 'token' as const, keyId: null })),
    );
    await this.tokens.query(
      `DELETE FROM pii_detection.vault_token_keys k WHERE k.token = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM pii_detection.vault_tokens t WHERE t.token = k.token)`,
      [rows.map((row) => row.token)],
    );
  }

  /** The token of each known HMAC in the namespace. */
  async tokensByHmac(namespace: string, valueHmacs: string[]): Promise<Map<string, string>> {
    const tokens = new Map<string, string>();
    // One bind parameter per HMAC (plus the namespace): look up in statements under the limit.
    for (const chunk of chunkRowsForInsert(valueHmacs, 1, 10000)) {
      const rows = await this.tokens.find({ select: { token: true, valueHmac: true }, where: { namespace, valueHmac: In(chunk) } });
      for (const row of rows) tokens.set(row.valueHmac, row.token);
    }
    return tokens;
  }

  async findByToken(token: string): Promise<StoredVaultToken | null> {
    const rows: StoredVaultToken[] = await this.tokens.query(
      `SELECT t.token, t.namespace, t.value_ciphertext AS "valueCiphertext", t.value_hmac AS "valueHmac", t.entity_type AS "entityType",
              t.key_scope AS "keyScope", t.key_id AS "keyId", k.wrapped_key AS "wrappedKey", k.key_id AS "wrappingKeyId"
       FROM pii_detection.vault_tokens t LEFT JOIN pii_detection.vault_token_keys k ON k.token = t.token WHERE t.token = $1`,
      [token],
    );
    return rows[0] ?? null;
  }

  /** Every namespace holding tokens (a skip scan of the unique index, one step per namespace). */
  async namespaces(): Promise<string[]> {
    const rows: Array<{ namespace: string }> = await this.tokens.query(
      `WITH RECURSIVE spaces AS (
         (SELECT namespace FROM pii_detection.vault_tokens ORDER BY namespace LIMIT 1)
         UNION ALL
         SELECT (SELECT t.namespace FROM pii_detection.vault_tokens t WHERE t.namespace > spaces.namespace ORDER BY t.namespace LIMIT 1)
         FROM spaces WHERE spaces.namespace IS NOT NULL)
       SELECT namespace FROM spaces WHERE namespace IS NOT NULL`,
      [],
    );
    return rows.map((row) => row.namespace);
  }

  /** The tokens of these (namespace, HMAC) pairs that exist. */
  async tokensOf(lookups: readonly VaultLookup[]): Promise<string[]> {
    if (lookups.length === 0) return [];
    const rows: Array<{ token: string }> = await this.tokens.query(
      `SELECT t.token FROM pii_detection.vault_tokens t
       JOIN unnest($1::text[], $2::char(64)[]) AS l(namespace, value_hmac) ON t.namespace = l.namespace AND t.value_hmac = l.value_hmac
       ORDER BY t.token`,
      [lookups.map((lookup) => lookup.namespace), lookups.map((lookup) => lookup.valueHmac)],
    );
    return rows.map((row) => row.token);
  }

  /**
   * Crypto-shredding: the data keys and the ciphertexts of these tokens are deleted in one
   * transaction. Returns how many tokens were still there (0 when repeated).
   */
  async shred(tokens: readonly string[]): Promise<number> {
    if (tokens.length === 0) return 0;
    return this.tokens.manager.transaction(async (manager) => {
      await manager.query('DELETE FROM pii_detection.vault_token_keys WHERE token = ANY($1::text[])', [[...tokens]]);
      const rows: Array<{ shredded: number }> = await manager.query(
        'WITH gone AS (DELETE FROM pii_detection.vault_tokens WHERE token = ANY($1::text[]) RETURNING 1) SELECT count(*)::int AS shredded FROM gone',
        [[...tokens]],
      );
      return rows[0].shredded;
    });
  }
}
