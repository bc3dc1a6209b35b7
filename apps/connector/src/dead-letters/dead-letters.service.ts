import { Injectable, Logger, NotFoundException, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DeadLetter, SealedValue } from '@atlas/contracts';
import { CURSOR_SHAPES, cursorKey, CursorPage, cursorPageOf, DeadLetterResponse, DeadLettersQuery, sortDirection } from '@atlas/platform';
import { DeadLetterRepository, StoredDeadLetter } from './dead-letter.repository';

/** As long as atlas.dead-letter.v1 keeps its messages (libs/contracts/src/topics.ts). */
export const DEAD_LETTER_RETENTION_DAYS = 30;
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;
const PRUNE_BATCH = 10_000;
const isIdKey = (key: Array<string | number>) => key.length === 1 && typeof key[0] === 'string' && CURSOR_SHAPES.positiveInteger.test(key[0]);

function responseOf(stored: StoredDeadLetter): DeadLetterResponse {
  return {
    deadLetterId: stored.deadLetterId,
    reason: stored.reason,
    service: stored.service,
    failedAt: stored.failedAt.toISOString(),
    source: stored.source,
    originalValueKept: stored.originalValueKept,
    receivedAt: stored.receivedAt.toISOString(),
  };
}

/**
 * The dead letters of every service, stored as they arrive on atlas.dead-letter.v1 and listed by
 * source, run or service; pruned after the topic's retention. The sealed original value is handed
 * out only to the gateway's audited unseal (`sealed`), never in a list.
 */
@Injectable()
export class DeadLettersService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DeadLettersService.name);
  private pruneTimer?: NodeJS.Timeout;

  constructor(private readonly deadLetters: DeadLetterRepository) {}

  onModuleInit(): void {
    this.pruneTimer = setInterval(() => void this.prune(), PRUNE_INTERVAL_MS);
    this.pruneTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.pruneTimer);
  }

  store(deadLetters: readonly DeadLetter[]): Promise<void> {
    return this.deadLetters.store(deadLetters);
  }

  async list(query: DeadLettersQuery): Promise<CursorPage<DeadLetterResponse>> {
    // The filters are part of the scope: a cursor of one source's dead letters does not page another's.
    const scope = `dead-letters:${query.sort}:${query.sourceId ?? '*'}:${query.runId ?? '*'}:${query.service ?? '*'}`;
    const after = cursorKey(query.cursor, scope, isIdKey) as [string] | undefined;
    const rows = await this.deadLetters.page(query, sortDirection(query.sort).descending, after ? Number(after[0]) : undefined, query.limit + 1);
    return cursorPageOf(rows, query.limit, scope, (row) => [String(row.deadLetterId)], responseOf);
  }

  async find(deadLetterId: number): Promise<DeadLetterResponse> {
    return responseOf(await this.get(deadLetterId));
  }

  /** What pii-detection's unseal takes: the position the value is bound to and the sealed value. */
  async sealed(deadLetterId: number): Promise<{ source: DeadLetter['source']; sealedOriginalValue: SealedValue }> {
    const stored = await this.get(deadLetterId);
    if (stored.sealedOriginalValue === null) throw new NotFoundException(`Dead letter ${deadLetterId} kept no original value`);
    return { source: stored.source, sealedOriginalValue: stored.sealedOriginalValue };
  }

  async prune(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - DEAD_LETTER_RETENTION_DAYS * 24 * 60 * 60 * 1000);
    let deleted = 0;
    try {
      for (let batch = await this.deadLetters.prune(before, PRUNE_BATCH); batch > 0; batch = await this.deadLetters.prune(before, PRUNE_BATCH)) deleted += batch;
    } catch (error) {
      this.logger.warn(`Pruning old dead letters failed (retried in an hour): ${(error as Error).name}`);
    }
    return deleted;
  }

  private async get(deadLetterId: number): Promise<StoredDeadLetter> {
    const stored = await this.deadLetters.find(deadLetterId);
    if (!stored) throw new NotFoundException(`No dead letter ${deadLetterId}`);
    return stored;
  }
}
