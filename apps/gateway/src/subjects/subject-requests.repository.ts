import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SealedValue } from '@atlas/contracts';
import { ErasurePlan, StepOutcome, StepOutcomes } from './erasure-steps';
import { RectificationPlan } from './rectification-steps';
import { IdentifierType } from './subject-identifier';

export type SubjectRequestType = 'access' | 'erasure' | 'rectification';
export type SubjectRequestStatus = 'in_progress' | 'completed';

/** How many records of the subject each place held when the request located them. */
export interface FoundCounts {
  explore: number;
  navigate: number;
  quarantine: number;
  vaultTokens: number;
  /** More records matched than one request handles (MAX_SUBJECT_RECORDS per table). */
  truncated: boolean;
}

export interface SubjectRequestRow {
  id: string;
  type: SubjectRequestType;
  identifierType: IdentifierType;
  identifierHash: string;
  reason: string;
  status: SubjectRequestStatus;
  requestedBy: string;
  /** An erasure's or a rectification's (access: the empty erasure plan). */
  plan: ErasurePlan | RectificationPlan;
  steps: StepOutcomes<string>;
  found: FoundCounts;
  /** The fields a rectification corrects (names only; empty for the other types). */
  rectifiedFields: string[];
  /** A rectification's new values sealed to the vault key while it is in progress (only pii-detection opens them); null otherwise. */
  correctionsSealed: SealedValue | null;
  lastError: string | null;
  createdAt: string;
  dueAt: string;
  completedAt: string | null;
}

export type NewSubjectRequest = Pick<
  SubjectRequestRow,
  'id' | 'type' | 'identifierType' | 'identifierHash' | 'reason' | 'status' | 'requestedBy' | 'plan' | 'found' | 'rectifiedFields' | 'correctionsSealed'
>;

export interface SubjectAuditRow {
  at: string;
  actor: string;
  action: string;
  outcome: string;
  details: Record<string, unknown>;
}

const UTC = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const COLUMNS = `id, type, identifier_type AS "identifierType", identifier_hash AS "identifierHash", reason, status, requested_by AS "requestedBy",
  plan, steps, found, rectified_fields AS "rectifiedFields", corrections_sealed AS "correctionsSealed", last_error AS "lastError", ${UTC('created_at')} AS "createdAt", ${UTC('due_at')} AS "dueAt", ${UTC('completed_at')} AS "completedAt"`;

/** The 30 days of GDPR Art. 12(3). */
export const SUBJECT_REQUEST_DUE_DAYS = 30;

/** gateway.subject_requests, and the audit trail of one request: the only code that reads or writes them. */
@Injectable()
export class SubjectRequestsRepository {
  constructor(private readonly database: DataSource) {}

  async insert(request: NewSubjectRequest): Promise<SubjectRequestRow> {
    const rows: SubjectRequestRow[] = await this.database.query(
      `INSERT INTO gateway.subject_requests (id, type, identifier_type, identifier_hash, reason, status, requested_by, plan, found, rectified_fields, corrections_sealed, due_at, completed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now() + interval '${SUBJECT_REQUEST_DUE_DAYS} days', CASE WHEN $6 = 'completed' THEN now() END)
       RETURNING ${COLUMNS}`,
      [
        request.id,
        request.type,
        request.identifierType,
        request.identifierHash,
        request.reason,
        request.status,
        request.requestedBy,
        JSON.stringify(request.plan),
        JSON.stringify(request.found),
        request.rectifiedFields,
        request.correctionsSealed && JSON.stringify(request.correctionsSealed),
      ],
    );
    return rows[0];
  }

  async get(id: string): Promise<SubjectRequestRow | undefined> {
    const rows: SubjectRequestRow[] = await this.database.query(`SELECT ${COLUMNS} FROM gateway.subject_requests WHERE id = $1`, [id]);
    return rows[0];
  }

  /** Newest first, after the (createdAt, id) of the previous page's last row. */
  /** Requests after `after` by creation time then id, oldest or newest first. */
  list(after: { createdAt: string; id: string } | undefined, limit: number, descending: boolean): Promise<SubjectRequestRow[]> {
    const [beyond, order] = descending ? ['<', 'DESC'] : ['>', 'ASC'];
    return this.database.query(
      `SELECT ${COLUMNS} FROM gateway.subject_requests
       WHERE $1::timestamptz IS NULL OR (created_at, id) ${beyond} ($1::timestamptz, $2::uuid)
       ORDER BY created_at ${order}, id ${order} LIMIT $3`,
      [after?.createdAt ?? null, after?.id ?? null, limit],
    );
  }

  /** Erasures and rectifications a restart left unfinished, oldest first. */
  async unfinishedRequests(limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.database.query(
      `SELECT id FROM gateway.subject_requests WHERE status = 'in_progress' AND type IN ('erasure', 'rectification') ORDER BY created_at LIMIT $1`,
      [limit],
    );
    return rows.map((row) => row.id);
  }

  /** Persists one finished step (idempotent: the step's key is set again with the same meaning). */
  async recordStep(id: string, step: string, outcome: StepOutcome): Promise<void> {
    await this.database.query(`UPDATE gateway.subject_requests SET steps = steps || jsonb_build_object($2::text, $3::jsonb), last_error = NULL WHERE id = $1`, [
      id,
      step,
      JSON.stringify(outcome),
    ]);
  }

  async recordError(id: string, error: string): Promise<void> {
    await this.database.query('UPDATE gateway.subject_requests SET last_error = $2 WHERE id = $1', [id, error]);
  }

  /** Also deletes a rectification's sealed values: once applied, they live only where the records are. */
  async complete(id: string): Promise<void> {
    await this.database.query(
      `UPDATE gateway.subject_requests SET status = 'completed', completed_at = now(), last_error = NULL, corrections_sealed = NULL WHERE id = $1 AND status <> 'completed'`,
      [id],
    );
  }

  /** The audit trail of one request, oldest first. */
  auditTrail(id: string): Promise<SubjectAuditRow[]> {
    return this.database.query(
      `SELECT ${UTC('at')} AS at, actor, action, outcome, details FROM gateway.audit_log
       WHERE target_type = 'subject-request' AND target_id = $1 ORDER BY id LIMIT 1000`,
      [id],
    );
  }
}
