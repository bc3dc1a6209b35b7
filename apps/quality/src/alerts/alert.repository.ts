import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AlertPayload } from './fired-alerts';

export interface PendingAlert {
  alertId: string;
  payload: AlertPayload;
  attempts: number;
}

/** The alert outbox (`quality.alerts`): fired in the results transaction, delivered here. */
@Injectable()
export class AlertRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Claims due alerts by pushing their next attempt past the delivery timeout, so another replica
   * (or an overlapping tick) skips them while this one sends; a crash leaves them due again later.
   */
  claimDue(limit: number, claimMs: number): Promise<PendingAlert[]> {
    return this.dataSource.query(
      // A CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count], a SELECT with rows.
      `WITH claimed AS (
         UPDATE quality.alerts SET next_attempt_at = now() + interval '1 millisecond' * $2::float8
          WHERE alert_id IN (
            SELECT alert_id FROM quality.alerts WHERE delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= now()
             ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING alert_id, payload, attempts)
       SELECT alert_id AS "alertId", payload, attempts FROM claimed`,
      [limit, claimMs],
    );
  }

  async markDelivered(alertId: string): Promise<void> {
    await this.dataSource.query(`UPDATE quality.alerts SET delivered_at = now(), attempts = attempts + 1, last_failure = NULL WHERE alert_id = $1`, [alertId]);
  }

  /** A failed attempt: retried after `retryInMs`, or abandoned when it was the last. */
  async markFailed(alertId: string, failure: string, retryInMs: number | undefined): Promise<void> {
    await this.dataSource.query(
      `UPDATE quality.alerts SET attempts = attempts + 1, last_failure = left($2, 200),
              next_attempt_at = CASE WHEN $3::float8 IS NULL THEN next_attempt_at ELSE now() + interval '1 millisecond' * $3::float8 END,
              abandoned_at = CASE WHEN $3::float8 IS NULL THEN now() ELSE NULL END
        WHERE alert_id = $1`,
      [alertId, failure, retryInMs ?? null],
    );
  }
}
