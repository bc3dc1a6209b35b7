import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DeadLetter, SealedValue } from '@atlas/contracts';

/** A stored dead letter: what the topic holds in clear, and the sealed original value. */
export interface StoredDeadLetter {
  deadLetterId: number;
  reason: string;
  service: string;
  failedAt: Date;
  source: DeadLetter['source'];
  originalValueKept: boolean;
  /** Read only for one dead letter (find), never for a page. */
  sealedOriginalValue: SealedValue | null;
  receivedAt: Date;
}

export interface DeadLetterFilter {
  sourceId?: string;
  runId?: string;
  service?: string;
}

interface DeadLetterRow {
  dead_letter_id: string;
  reason: string;
  service: string;
  failed_at: Date;
  source_topic: string;
  source_partition: number;
  source_offset: string;
  source_index: number | null;
  source_id: string | null;
  run_id: string | null;
  location: string | null;
  value_kept: boolean;
  sealed_value?: SealedValue | null;
  received_at: Date;
}

const COLUMNS = 'dead_letter_id, reason, service, failed_at, source_topic, source_partition, source_offset, source_index, source_id, run_id, location, sealed_value IS NOT NULL AS value_kept, received_at';

function storedOf(row: DeadLetterRow): StoredDeadLetter {
  const source: DeadLetter['source'] = { topic: row.source_topic, partition: row.source_partition, offset: row.source_offset };
  if (row.source_index !== null) source.index = row.source_index;
  if (row.source_id !== null) source.sourceId = row.source_id;
  if (row.run_id !== null) source.runId = row.run_id;
  if (row.location !== null) source.location = row.location;
  return { deadLetterId: Number(row.dead_letter_id), reason: row.reason, service: row.service, failedAt: row.failed_at, source, originalValueKept: row.value_kept, sealedOriginalValue: row.sealed_value ?? null, receivedAt: row.received_at };
}

/** connector.dead_letters: the dead letters read from atlas.dead-letter.v1 (see the migration). */
@Injectable()
export class DeadLetterRepository {
  constructor(@InjectDataSource() private readonly database: DataSource) {}

  /** Stores dead letters; one already stored (same service and position) is left as it is. */
  async store(deadLetters: readonly DeadLetter[]): Promise<void> {
    if (deadLetters.length === 0) return;
    const column = <T>(pick: (deadLetter: DeadLetter) => T) => deadLetters.map(pick);
    await this.database.query(
      `INSERT INTO connector.dead_letters (reason, service, failed_at, source_topic, source_partition, source_offset, source_index, source_id, run_id, location, sealed_value)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::int[], $6::text[], $7::int[], $8::text[], $9::text[], $10::text[], $11::jsonb[])
       ON CONFLICT DO NOTHING`,
      [
        column((deadLetter) => deadLetter.reason),
        column((deadLetter) => deadLetter.service),
        column((deadLetter) => deadLetter.failedAt),
        column((deadLetter) => deadLetter.source.topic),
        column((deadLetter) => deadLetter.source.partition),
        column((deadLetter) => deadLetter.source.offset),
        column((deadLetter) => deadLetter.source.index ?? null),
        column((deadLetter) => deadLetter.source.sourceId ?? null),
        column((deadLetter) => deadLetter.source.runId ?? null),
        column((deadLetter) => deadLetter.source.location ?? null),
        column((deadLetter) => (deadLetter.sealedOriginalValue === null ? null : JSON.stringify(deadLetter.sealedOriginalValue))),
      ],
    );
  }

  /** A page by id (arrival order), after `afterId`, with the filters given. */
  async page(filter: DeadLetterFilter, descending: boolean, afterId: number | undefined, limit: number): Promise<StoredDeadLetter[]> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    const add = (condition: string, value: unknown) => {
      parameters.push(value);
      conditions.push(condition.replace('?', `$${parameters.length}`));
    };
    if (filter.sourceId !== undefined) add('source_id = ?', filter.sourceId);
    if (filter.runId !== undefined) add('run_id = ?', filter.runId);
    if (filter.service !== undefined) add('service = ?', filter.service);
    if (afterId !== undefined) add(`dead_letter_id ${descending ? '<' : '>'} ?`, afterId);
    parameters.push(limit);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows: DeadLetterRow[] = await this.database.query(
      `SELECT ${COLUMNS} FROM connector.dead_letters ${where} ORDER BY dead_letter_id ${descending ? 'DESC' : 'ASC'} LIMIT $${parameters.length}`,
      parameters,
    );
    return rows.map(storedOf);
  }

  async find(deadLetterId: number): Promise<StoredDeadLetter | null> {
    const rows: DeadLetterRow[] = await this.database.query(`SELECT ${COLUMNS}, sealed_value FROM connector.dead_letters WHERE dead_letter_id = $1`, [deadLetterId]);
    return rows.length === 0 ? null : storedOf(rows[0]);
  }

  /** Deletes up to `batchSize` dead letters received before `before`; how many it deleted. */
  async prune(before: Date, batchSize: number): Promise<number> {
    const rows: unknown[] = await this.database.query(
      `DELETE FROM connector.dead_letters WHERE dead_letter_id IN (SELECT dead_letter_id FROM connector.dead_letters WHERE received_at < $1 ORDER BY received_at LIMIT $2) RETURNING dead_letter_id`,
      [before.toISOString(), batchSize],
    );
    return rows.length;
  }
}
