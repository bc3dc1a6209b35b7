import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface RefreshTokenRow {
  id: string;
  familyId: string;
  userId: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

export interface NewRefreshToken {
  id: string;
  familyId: string;
  userId: string;
  tokenHash: Buffer;
  expiresAt: Date;
}

const COLUMNS = 'id, family_id AS "familyId", user_id AS "userId", expires_at AS "expiresAt", used_at AS "usedAt", revoked_at AS "revokedAt"';

/** What sessions need from gateway.refresh_tokens (an interface, so rotation is unit-tested without a database). */
export interface RefreshTokenStore {
  insert(token: NewRefreshToken): Promise<void>;
  /** Marks the token used if it is live (unused, unrevoked, unexpired) and returns it; undefined otherwise. Atomic. */
  consume(tokenHash: Buffer): Promise<RefreshTokenRow | undefined>;
  findByHash(tokenHash: Buffer): Promise<RefreshTokenRow | undefined>;
  /** Revokes every token of the family; returns how many were still unrevoked. */
  revokeFamily(familyId: string): Promise<number>;
  /** Revokes every token of the user (disabling a user ends their sessions). */
  revokeUser(userId: string): Promise<number>;
}

@Injectable()
export class RefreshTokensRepository implements RefreshTokenStore {
  constructor(private readonly database: DataSource) {}

  async insert(token: NewRefreshToken): Promise<void> {
    await this.database.query('INSERT INTO gateway.refresh_tokens (id, family_id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5)', [
      token.id,
      token.familyId,
      token.userId,
      token.tokenHash,
      token.expiresAt,
    ]);
  }

  // One statement: of two concurrent refreshes with the same token, exactly one consumes it and the
  // other sees it used, which is reuse.
  async consume(tokenHash: Buffer): Promise<RefreshTokenRow | undefined> {
    const [rows]: [RefreshTokenRow[], number] = await this.database.query(
      `UPDATE gateway.refresh_tokens SET used_at = now()
       WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now() RETURNING ${COLUMNS}`,
      [tokenHash],
    );
    return rows[0];
  }

  async findByHash(tokenHash: Buffer): Promise<RefreshTokenRow | undefined> {
    const rows: RefreshTokenRow[] = await this.database.query(`SELECT ${COLUMNS} FROM gateway.refresh_tokens WHERE token_hash = $1`, [tokenHash]);
    return rows[0];
  }

  async revokeFamily(familyId: string): Promise<number> {
    const [, count]: [unknown[], number] = await this.database.query('UPDATE gateway.refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [familyId]);
    return count;
  }

  async revokeUser(userId: string): Promise<number> {
    const [, count]: [unknown[], number] = await this.database.query('UPDATE gateway.refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
    return count;
  }
}
