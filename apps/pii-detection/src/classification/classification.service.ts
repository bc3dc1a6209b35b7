import { createHash } from 'node:crypto';
import { BadRequestException, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { SOURCE_ID_PATTERN } from '@atlas/contracts';
import { classifyFailure, describeFailure } from '@atlas/kafka';
import { ClassificationsQuery, CURSOR_SHAPES, CursorPage, cursorKey, cursorPageOf, textKey } from '@atlas/platform';
import { COLUMN_CLASSES, ColumnClass, isEntityType, StoredColumnClassification, storedFieldName } from '../structured/column-class';
import { ColumnClassificationStore } from '../structured/column-registry';
import { ColumnClassificationEntity } from './column-classification.entity';
import { ColumnClassificationRepository, SourceColumnClassification } from './column-classification.repository';

const SOURCE_ID = new RegExp(SOURCE_ID_PATTERN);
export const MAX_LISTED_CLASSIFICATIONS = 10000;
const MAX_FIELD_PARAMETER_LENGTH = 4096;
const FIELD_KEY = textKey(CURSOR_SHAPES.text);
/** How often user decisions made through another replica are picked up (ms). */
const USER_DECISION_REFRESH_MS = 10_000;

export interface ColumnClassificationView {
  sourceId: string;
  field: string;
  class: ColumnClass;
  entityType: string | null;
  confidence: number;
  evidence: { sampledValues: number; valuesWithFindings: number };
  decidedBy: 'sampler' | 'user';
  updatedAt: string;
}

function toStored(row: ColumnClassificationEntity): StoredColumnClassification {
  return {
    field: row.field,
    columnClass: row.columnClass as ColumnClass,
    entityType: isEntityType(row.entityType) ? row.entityType : null,
    ignoredEntityTypes: row.ignoredEntityTypes.filter(isEntityType),
    confidence: row.confidence,
    sampledValues: row.sampledValues,
    valuesWithFindings: row.valuesWithFindings,
    decidedBy: row.decidedBy === 'user' ? 'user' : 'sampler',
  };
}

/** Names a column in logs without its path, which may hold personal data (a key that is a name). */
function fieldHash(row: SourceColumnClassification): string {
  return createHash('sha256').update(`${row.sourceId}\u0000${row.field}`, 'utf8').digest('hex').slice(0, 16);
}

function toView(row: ColumnClassificationEntity): ColumnClassificationView {
  return {
    sourceId: row.sourceId,
    field: row.field,
    class: row.columnClass as ColumnClass,
    entityType: row.entityType,
    confidence: row.confidence,
    evidence: { sampledValues: row.sampledValues, valuesWithFindings: row.valuesWithFindings },
    decidedBy: row.decidedBy === 'user' ? 'user' : 'sampler',
    updatedAt: row.updatedAt.toISOString(),
  };
}

function requireSourceId(sourceId: unknown): string {
  if (typeof sourceId !== 'string' || !SOURCE_ID.test(sourceId)) {
    throw new BadRequestException('sourceId must be a source id (1-63 lowercase letters, digits, "_" or "-")');
  }
  return sourceId;
}

/** Parses `{ class, entityType? }`; `entityType` is required for `personal` and refused otherwise. */
function parseDecision(body: unknown): { columnClass: ColumnClass; entityType: StoredColumnClassification['entityType'] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequestException('The body must be a JSON object { class, entityType? }');
  const problems: string[] = [];
  // An unknown property is named by its position only: a caller's input is never echoed.
  Object.keys(body).forEach((key, position) => {
    if (key !== 'class' && key !== 'entityType') problems.push(`unknown property at position ${position + 1} (only class and entityType are allowed)`);
  });
  const { class: columnClass, entityType } = body as { class?: unknown; entityType?: unknown };
  if (!(COLUMN_CLASSES as readonly unknown[]).includes(columnClass)) problems.push(`class must be one of ${COLUMN_CLASSES.join(', ')}`);
  if (columnClass === 'personal' && !isEntityType(entityType)) problems.push('entityType must be a supported entity type (GET /supportedentities) when class is personal');
  if (columnClass !== 'personal' && entityType !== undefined && entityType !== null) problems.push('entityType is only given when class is personal');
  if (problems.length > 0) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: problems });
  return { columnClass: columnClass as ColumnClass, entityType: columnClass === 'personal' ? (entityType as StoredColumnClassification['entityType']) : null };
}

/**
 * Column classifications in PostgreSQL: loaded per source on first use, written when the sampler
 * decides (after each batch, before its offsets are committed), reported and overridden by users.
 */
@Injectable()
export class ClassificationService implements ColumnClassificationStore, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ClassificationService.name);
  private readonly listeners: Array<(sourceId: string, classification: StoredColumnClassification) => void> = [];
  /** Sampler decisions not yet written, by source and field (the latest decision wins). */
  private pending = new Map<string, SourceColumnClassification>();
  private userDecisionsSince = new Date();
  private timer?: NodeJS.Timeout;

  constructor(private readonly classifications: ColumnClassificationRepository) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.refreshUserDecisions(), USER_DECISION_REFRESH_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async loadSource(sourceId: string): Promise<readonly StoredColumnClassification[]> {
    return (await this.classifications.ofSource(sourceId, MAX_LISTED_CLASSIFICATIONS)).map(toStored);
  }

  recordDecision(sourceId: string, classification: StoredColumnClassification): void {
    this.pending.set(`${sourceId}\u0000${classification.field}`, { sourceId, ...classification });
  }

  onOverride(listener: (sourceId: string, classification: StoredColumnClassification) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Writes the sampler's decisions. When the database is unavailable they stay queued and the
   * error is thrown (the caller's batch is retried). Any other failure comes from the rows: they
   * are written one by one and a row that cannot be written is dropped, so it never fails the
   * later batches of every partition (the column is learned again after a restart).
   */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const written = [...this.pending];
    this.pending = new Map();
    try {
      await this.classifications.upsert(written.map(([, row]) => row), false);
    } catch (error) {
      if (classifyFailure(error).kind === 'transient') {
        this.requeue(written);
        throw error;
      }
      await this.writeOneByOne(written);
    }
  }

  private async writeOneByOne(rows: ReadonlyArray<[string, SourceColumnClassification]>): Promise<void> {
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index][1];
      try {
        await this.classifications.upsert([row], false);
      } catch (error) {
        if (classifyFailure(error).kind === 'transient') {
          this.requeue(rows.slice(index));
          throw error;
        }
        this.logger.warn(`Dropped the classification of column ${fieldHash(row)} of source ${row.sourceId}: ${describeFailure(error)}`);
      }
    }
  }

  /** Queues rows again, unless a newer decision for the same column was recorded meanwhile. */
  private requeue(rows: ReadonlyArray<[string, SourceColumnClassification]>): void {
    for (const [key, row] of rows) if (!this.pending.has(key)) this.pending.set(key, row);
  }

  /** A source's column classifications by field path, a page at a time (`classifications:field:<source>` cursors). */
  async list(query: ClassificationsQuery): Promise<CursorPage<ColumnClassificationView>> {
    const scope = `classifications:${query.sort}:${query.sourceId}`;
    const after = cursorKey(query.cursor, scope, FIELD_KEY)?.[0] as string | undefined;
    const rows = await this.classifications.pageOfSource(query.sourceId, after, query.limit + 1);
    return cursorPageOf(rows, query.limit, scope, (row) => [row.field], toView);
  }

  /** Confirms or overrides a column; the decision wins over the sampler from now on, here and after restarts. */
  async decide(sourceId: unknown, field: unknown, body: unknown): Promise<ColumnClassificationView> {
    const source = requireSourceId(sourceId);
    // PostgreSQL text cannot hold NUL, so a path with one can name no stored field.
    if (typeof field !== 'string' || field.length === 0 || field.length > MAX_FIELD_PARAMETER_LENGTH || field.includes('\u0000')) {
      throw new BadRequestException(`field must be a field path of 1-${MAX_FIELD_PARAMETER_LENGTH} characters without NUL, as GET /api/v1/pii/classifications reports it`);
    }
    const { columnClass, entityType } = parseDecision(body);
    const stored = storedFieldName(field);
    const existing = await this.classifications.findOne(source, stored);
    const decision: StoredColumnClassification = {
      field: stored,
      columnClass,
      entityType,
      ignoredEntityTypes: existing && existing.columnClass === columnClass ? toStored(existing).ignoredEntityTypes : [],
      confidence: 1,
      sampledValues: existing?.sampledValues ?? 0,
      valuesWithFindings: existing?.valuesWithFindings ?? 0,
      decidedBy: 'user',
    };
    await this.classifications.upsert([{ sourceId: source, ...decision }], true);
    // A queued sampler decision for this column must not be written after the user's.
    this.pending.delete(`${source}\u0000${stored}`);
    this.notify(source, decision);
    const row = await this.classifications.findOne(source, stored);
    return row ? toView(row) : { sourceId: source, field: stored, class: columnClass, entityType, confidence: 1, evidence: { sampledValues: decision.sampledValues, valuesWithFindings: decision.valuesWithFindings }, decidedBy: 'user', updatedAt: new Date().toISOString() };
  }

  private notify(sourceId: string, classification: StoredColumnClassification): void {
    for (const listener of this.listeners) listener(sourceId, classification);
  }

  /** Picks up user decisions made through other replicas. */
  private async refreshUserDecisions(): Promise<void> {
    try {
      const since = this.userDecisionsSince;
      const rows = await this.classifications.userDecisionsSince(since);
      for (const row of rows) {
        this.notify(row.sourceId, toStored(row));
        if (row.updatedAt > this.userDecisionsSince) this.userDecisionsSince = row.updatedAt;
      }
    } catch (error) {
      this.logger.warn(`Could not reload user decisions on column classifications: ${(error as Error).name}`);
    }
  }
}
