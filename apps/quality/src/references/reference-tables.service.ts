import { Injectable, Logger } from '@nestjs/common';
import { describeFailure } from '@atlas/kafka';
import type { SourceContractChecker } from '../checks/record-checker';
import { REFERENCE_VALUES, referenceKey, referenceTupleText, type ReferenceColumns, type ReferenceValueCache } from '../checks/reference/reference-values';
import { referenceOf } from '../checks/types/reference.check';
import { QualityEnvironment } from '../quality-environment';
import { ReferenceTablesRepository, ReferenceUnavailableError } from './reference-tables.repository';

/**
 * Keeps the reference columns of the active contracts' reference checks in memory
 * (checks/reference/reference-values.ts): before a batch is judged, every column its checkers need
 * that is not loaded or older than the TTL is (re)loaded, once however many batches ask. A column of
 * a schema not listed in QUALITY_REFERENCE_SCHEMAS, missing, or larger than the bound is recorded as
 * unavailable with the reason (its checks are not evaluated); a failing database fails the batch,
 * which is retried, while a value loaded before keeps serving.
 */
@Injectable()
export class ReferenceTablesService {
  private readonly logger = new Logger(ReferenceTablesService.name);
  private readonly loading = new Map<string, Promise<void>>();
  private readonly referencesOfChecker = new WeakMap<SourceContractChecker, ReferenceColumns[]>();
  private readonly schemas: ReadonlySet<string>;
  readonly cache: ReferenceValueCache;

  constructor(
    private readonly repository: ReferenceTablesRepository,
    environment: QualityEnvironment,
  ) {
    this.schemas = new Set(environment.QUALITY_REFERENCE_SCHEMAS.split(',').map((schema) => schema.trim()).filter((schema) => schema !== ''));
    this.cache = REFERENCE_VALUES;
    this.cache.configure(environment.QUALITY_REFERENCE_TTL_MS, environment.QUALITY_REFERENCE_MAX_VALUES);
  }

  /** Loads what the checkers' reference checks need and is not fresh. */
  async prepare(checkers: Iterable<SourceContractChecker | undefined>, nowMs = Date.now()): Promise<void> {
    const needed = new Map<string, ReferenceColumns>();
    for (const checker of checkers) {
      if (!checker) continue;
      for (const reference of this.referencesOf(checker)) {
        const key = referenceKey(reference);
        if (!needed.has(key) && this.cache.isStale(key, nowMs)) needed.set(key, reference);
      }
    }
    if (needed.size === 0) return;
    await Promise.all([...needed].map(([key, reference]) => this.load(key, reference, nowMs)));
  }

  /**
   * A dry-run loads what its checker needs exactly as the stream does (same cache, bounds, TTL and
   * read-only queries). A failing database does not fail the dry-run: the checks stay not evaluated
   * ("not loaded"), and the next batch or dry-run tries again.
   */
  async prepareForDryRun(checker: SourceContractChecker, nowMs = Date.now()): Promise<void> {
    try {
      await this.prepare([checker], nowMs);
    } catch (error) {
      this.logger.warn(`A dry-run of ${checker.contractId} ${checker.contractVersion} judges without the reference tables it could not read: ${describeFailure(error)}`);
    }
  }

  private referencesOf(checker: SourceContractChecker): ReferenceColumns[] {
    let references = this.referencesOfChecker.get(checker);
    if (!references) {
      references = checker.recordChecks.flatMap((check) => referenceOf(check) ?? []);
      this.referencesOfChecker.set(checker, references);
    }
    return references;
  }

  private load(key: string, reference: ReferenceColumns, nowMs: number): Promise<void> {
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.read(key, reference, nowMs).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  private async read(key: string, reference: ReferenceColumns, nowMs: number): Promise<void> {
    if (!this.schemas.has(reference.schema)) {
      this.cache.set(key, { state: 'unavailable', reason: `schema "${reference.schema}" is not one reference tables are read from (QUALITY_REFERENCE_SCHEMAS)`, loadedAtMs: nowMs });
      return;
    }
    try {
      const values = await this.repository.distinctValues(reference, this.cache.maxValues + 1);
      if (values.length > this.cache.maxValues) {
        this.cache.set(key, { state: 'unavailable', reason: `reference ${key} has more than ${this.cache.maxValues} values (QUALITY_REFERENCE_MAX_VALUES)`, loadedAtMs: nowMs });
        return;
      }
      this.cache.set(key, { state: 'loaded', values: new Set(values.map(referenceTupleText)), loadedAtMs: nowMs });
    } catch (error) {
      if (error instanceof ReferenceUnavailableError) {
        this.cache.set(key, { state: 'unavailable', reason: `reference ${key}: ${error.message}`, loadedAtMs: nowMs });
        return;
      }
      const previous = this.cache.get(key);
      this.logger.warn(`Reference ${key} could not be read${previous ? '; its values loaded before are kept' : ''}: ${describeFailure(error)}`);
      if (!previous) throw error;
    }
  }
}
