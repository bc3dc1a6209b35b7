import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Role } from '@atlas/auth';

export interface UserRow {
  id: string;
  email: string;
  role: Role;
  canReveal: boolean;
  passwordHash: string;
  createdAt: Date;
  disabledAt: Date | null;
}

export type NewUser = Pick<UserRow, 'id' | 'email' | 'role' | 'canReveal' | 'passwordHash'>;

const COLUMNS = 'id, email, role, can_reveal AS "canReveal", password_hash AS "passwordHash", created_at AS "createdAt", disabled_at AS "disabledAt"';

/** gateway.users: the only code that reads or writes it. */
@Injectable()
export class UsersRepository {
  constructor(private readonly database: DataSource) {}

  /** Inserts the user unless one has the e-mail already; undefined then. */
  async create(user: NewUser): Promise<UserRow | undefined> {
    const rows: UserRow[] = await this.database.query(
      `INSERT INTO gateway.users (id, email, role, can_reveal, password_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (email) DO NOTHING RETURNING ${COLUMNS}`,
      [user.id, user.email, user.role, user.canReveal, user.passwordHash],
    );
    return rows[0];
  }

  async findByEmail(email: string): Promise<UserRow | undefined> {
    const rows: UserRow[] = await this.database.query(`SELECT ${COLUMNS} FROM gateway.users WHERE email = $1`, [email]);
    return rows[0];
  }

  async findById(id: string): Promise<UserRow | undefined> {
    const rows: UserRow[] = await this.database.query(`SELECT ${COLUMNS} FROM gateway.users WHERE id = $1`, [id]);
    return rows[0];
  }

  /** Users in creation order (ids are UUIDv7), or newest first, after `afterId`, `limit` of them. */
  list(afterId: string | undefined, limit: number, descending: boolean): Promise<UserRow[]> {
    const [after, order] = descending ? ['<', 'DESC'] : ['>', 'ASC'];
    return this.database.query(`SELECT ${COLUMNS} FROM gateway.users WHERE $1::uuid IS NULL OR id ${after} $1::uuid ORDER BY id ${order} LIMIT $2`, [afterId ?? null, limit]);
  }

  /** Disables the user (a second call keeps the first time); undefined for an unknown id. */
  async disable(id: string): Promise<UserRow | undefined> {
    const rows: [UserRow[], number] = await this.database.query(
      `UPDATE gateway.users SET disabled_at = coalesce(disabled_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0][0];
  }
}
