import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type AuditOutcome = 'succeeded' | 'failed';

/** One change or attempt. `details` holds identifiers and reasons, never a secret, a password or a typed e-mail. */
export interface AuditEntry {
  actor: string;
  action: string;
  targetType?: string;
  targetId?: string;
  outcome: AuditOutcome;
  details?: Record<string, string | number | boolean | null>;
}

export interface AuditRow extends Required<Omit<AuditEntry, 'targetType' | 'targetId'>> {
  id: string;
  at: Date;
  targetType: string | null;
  targetId: string | null;
}

/** gateway.audit_log (append-only): the only code that reads or writes it. */
@Injectable()
export class AuditLogRepository {
  constructor(private readonly database: DataSource) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.database.query('INSERT INTO gateway.audit_log (actor, action, target_type, target_id, outcome, details) VALUES ($1, $2, $3, $4, $5, $6)', [
      entry.actor,
      entry.action,
      entry.targetType ?? null,
      entry.targetId ?? null,
      entry.outcome,
      JSON.stringify(entry.details ?? {}),
    ]);
  }

  /** Newest first, entries older than `beforeId`, `limit` of them. */
  /** Entries after `afterId` in id order (the order they were written), or newest first. */
  list(afterId: string | undefined, limit: number, descending: boolean): Promise<AuditRow[]> {
    const [after, order] = descending ? ['<', 'DESC'] : ['>', 'ASC'];
    return this.database.query(
      // pg returns bigint as a string, which is what the API shows.
      `SELECT id, at, actor, action, target_type AS "targetType", target_id AS "targetId", outcome, details
       FROM gateway.audit_log WHERE $1::bigint IS NULL OR id ${after} $1::bigint ORDER BY id ${order} LIMIT $2`,
      [afterId ?? null, limit],
    );
  }
}
