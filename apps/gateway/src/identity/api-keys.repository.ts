import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Role } from '@atlas/auth';

export interface ApiKeyRow {
  id: string;
  name: string;
  role: Role;
  canReveal: boolean;
  keyPrefix: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

export type NewApiKey = Pick<ApiKeyRow, 'id' | 'name' | 'role' | 'canReveal' | 'keyPrefix' | 'createdBy' | 'expiresAt'> & { keyHash: Buffer };

const COLUMNS =
  'id, name, role, can_reveal AS "canReveal", key_prefix AS "keyPrefix", created_by AS "createdBy", created_at AS "createdAt", expires_at AS "expiresAt", revoked_at AS "revokedAt"';

/** gateway.api_keys: the only code that reads or writes it. Keys are stored as their SHA-256 only. */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly database: DataSource) {}

  async create(key: NewApiKey): Promise<ApiKeyRow> {
    const rows: ApiKeyRow[] = await this.database.query(
      `INSERT INTO gateway.api_keys (id, name, role, can_reveal, key_hash, key_prefix, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [key.id, key.name, key.role, key.canReveal, key.keyHash, key.keyPrefix, key.createdBy, key.expiresAt],
    );
    return rows[0];
  }

  async findByHash(keyHash: Buffer): Promise<ApiKeyRow | undefined> {
    const rows: ApiKeyRow[] = await this.database.query(`SELECT ${COLUMNS} FROM gateway.api_keys WHERE key_hash = $1`, [keyHash]);
    return rows[0];
  }

  /** Keys in creation order (ids are UUIDv7) after `afterId`, `limit` of them, revoked ones included. */
  list(afterId: string | undefined, limit: number, descending: boolean): Promise<ApiKeyRow[]> {
    const [after, order] = descending ? ['<', 'DESC'] : ['>', 'ASC'];
    return this.database.query(`SELECT ${COLUMNS} FROM gateway.api_keys WHERE $1::uuid IS NULL OR id ${after} $1::uuid ORDER BY id ${order} LIMIT $2`, [afterId ?? null, limit]);
  }

  /** Revokes the key (a second call keeps the first time); undefined for an unknown id. */
  async revoke(id: string): Promise<ApiKeyRow | undefined> {
    const [rows]: [ApiKeyRow[], number] = await this.database.query(
      `UPDATE gateway.api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0];
  }
}
