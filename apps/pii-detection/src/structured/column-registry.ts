import type { ProfileColumnHint } from '@atlas/contracts';
import { classificationOfClass, columnClassOf, DecidedBy, StoredColumnClassification, storedFieldName } from './column-class';
import { FieldClassification, FieldClassifier, fieldRead, nameHint } from './field-classifier';
import { FieldRead } from './value-rules';

/** Where column classifications live beyond this process (PostgreSQL in the service; nothing in tools). */
export interface ColumnClassificationStore {
  /** Every stored classification of a source; called once per source before its first record. */
  loadSource(sourceId: string): Promise<readonly StoredColumnClassification[]>;
  /** The sampler classified or re-classified a column; the store persists it (a user's decision wins). */
  recordDecision(sourceId: string, classification: StoredColumnClassification): void;
  /** Writes the decisions recorded so far; throws (the batch is retried) when the store cannot. */
  flush(): Promise<void>;
  /** Calls the listener whenever a user confirms or overrides a column. */
  onOverride(listener: (sourceId: string, classification: StoredColumnClassification) => void): void;
}

export interface ColumnRegistryOptions {
  /** Values sampled before a field is classified; until then every value is scanned in full. */
  samplesToClassify: number;
  /** Bound on remembered columns across all sources, and on stored classifications kept in memory. */
  maximumFields: number;
}

// A column with at most this many distinct clean values is an enumeration: seen values skip the scan.
export const MAX_ENUMERATION_VALUES = 32;
const MAX_ENUMERATION_VALUE_LENGTH = 64;

export interface ColumnState {
  readonly sourceId: string;
  /** Column path: array items as `[]`, keys holding personal data as `<ENTITY_TYPE>`. */
  readonly column: string;
  readonly fieldName: string;
  readonly read: FieldRead;
  /** Raw values of a column still being sampled; emptied as soon as the column is decided or forgotten. */
  samples: string[];
  /** Evidence behind the current decision (counts only, never values). */
  sampledValues: number;
  valuesWithFindings: number;
  classification?: FieldClassification;
  decidedBy?: DecidedBy;
  /** In a non-personal column: values already scanned and found clean (an enumeration's members). */
  cleanValues?: Set<string>;
  /** What the connector's profile of the source says of this (top-level) field: a prior for the classification. */
  profileHint?: ProfileColumnHint;
}

/** What a registry holds in memory (counts only), for tests and diagnostics. */
export interface RetainedColumns {
  columns: number;
  storedClassifications: number;
  /** Raw values held for columns still being sampled: at most columns × samplesToClassify. */
  sampledValues: number;
}

/**
 * Per source and column: the classification (learned from samples, loaded from the store, or set
 * by a user) and the evidence behind it. Sampler decisions go to the store as they are made; a
 * user's decision is never replaced by the sampler.
 *
 * Memory is bounded by `maximumFields`: the oldest column is forgotten (with its samples) when a
 * new one would exceed it, and stored classifications are forgotten a source at a time, oldest
 * loaded first (that source is loaded from the store again on its next record).
 */
export class ColumnRegistry {
  /** sourceId → column → state: looked up per value without building a composite key. */
  private readonly statesBySource = new Map<string, Map<string, ColumnState>>();
  /** The same states in creation order, oldest first: the bound forgets from the front. */
  private readonly statesByAge = new Set<ColumnState>();
  /** sourceId → stored field name → stored classification, for sources loaded from the store. */
  private readonly stored = new Map<string, Map<string, StoredColumnClassification>>();
  private storedCount = 0;
  /** sourceId → field → the latest profile hint (Explore records carry them), bounded like the columns. */
  private readonly profileHints = new Map<string, Map<string, ProfileColumnHint>>();
  private profileHintCount = 0;

  constructor(
    private readonly classifier: FieldClassifier,
    private readonly options: ColumnRegistryOptions,
    private readonly store?: ColumnClassificationStore,
  ) {
    store?.onOverride((sourceId, classification) => this.applyStored(sourceId, classification));
  }

  isLoaded(sourceId: string): boolean {
    return !this.store || this.stored.has(sourceId);
  }

  /** Loads a source's stored classifications once; throws (the batch is retried) when the store cannot answer. */
  async ensureLoaded(sourceId: string): Promise<void> {
    if (!this.store || this.stored.has(sourceId)) return;
    const rows = await this.store.loadSource(sourceId);
    this.stored.set(sourceId, new Map());
    // Kept for columns seen later; columns learned before the load (none in the pipeline) take it now.
    for (const row of rows) this.applyStored(sourceId, row);
  }

  /** Persists the sampler's decisions made since the last call. */
  async save(): Promise<void> {
    await this.store?.flush();
  }

  stateOf(sourceId: string, column: string, fieldName: string): ColumnState {
    return this.statesBySource.get(sourceId)?.get(column) ?? this.createState(sourceId, column, fieldName);
  }

  classificationOf(sourceId: string, column: string): FieldClassification | undefined {
    return this.statesBySource.get(sourceId)?.get(column)?.classification;
  }

  decidedByOf(sourceId: string, column: string): DecidedBy | undefined {
    return this.statesBySource.get(sourceId)?.get(column)?.decidedBy;
  }

  retained(): RetainedColumns {
    let sampledValues = 0;
    for (const state of this.statesByAge) sampledValues += state.samples.length;
    return { columns: this.statesByAge.size, storedClassifications: this.storedCount, sampledValues };
  }

  /** Adds a scanned value to a column still being sampled; classifies it once there are enough. */
  addSample(sourceId: string, state: ColumnState, text: string, hadFindings: boolean): void {
    state.samples.push(text);
    if (hadFindings) state.valuesWithFindings++;
    if (state.samples.length < this.options.samplesToClassify) return;
    state.sampledValues = state.samples.length;
    this.decide(sourceId, state, this.classifier.classify(state.fieldName, state.samples, state.profileHint));
  }

  /**
   * The connector profile's hints for a source's top-level fields (newest wins). A personal hint is
   * weighed when the column's samples are classified; a non-personal one (booleans, a small set of
   * short numbers) decides a column still being sampled at once, unless its name announces a personal
   * kind: such a column is still scanned value by value except where a value's type proves it harmless.
   */
  adoptProfileHints(sourceId: string, hints: readonly ProfileColumnHint[]): void {
    let bySource = this.profileHints.get(sourceId);
    if (!bySource) {
      bySource = new Map();
      this.profileHints.set(sourceId, bySource);
    }
    for (const hint of hints) {
      if (!bySource.has(hint.field)) {
        if (this.profileHintCount >= this.options.maximumFields && !this.forgetProfileHintsOfAnotherSource(sourceId)) break;
        this.profileHintCount++;
      }
      bySource.set(hint.field, hint);
      const state = this.statesBySource.get(sourceId)?.get(hint.field);
      if (state) this.applyProfileHint(sourceId, state, hint);
    }
  }

  /** Frees room for hints (bounded by maximumFields): the oldest other source's go (its next records bring them again). */
  private forgetProfileHintsOfAnotherSource(sourceId: string): boolean {
    for (const [otherId, other] of this.profileHints) {
      if (otherId === sourceId) continue;
      this.profileHints.delete(otherId);
      this.profileHintCount -= other.size;
      return true;
    }
    return false;
  }

  private applyProfileHint(sourceId: string, state: ColumnState, hint: ProfileColumnHint): void {
    state.profileHint = hint;
    if (state.classification || hint.kind !== 'non_personal' || nameHint(state.fieldName).kind === 'entity') return;
    state.sampledValues = state.samples.length;
    this.decide(sourceId, state, { entityType: null, confidence: hint.share, mode: 'none' });
  }

  /** Personal data in a column that was not expected to hold any: it is scanned in full from now on. */
  escalate(sourceId: string, state: ColumnState): void {
    state.sampledValues++;
    state.valuesWithFindings++;
    this.decide(sourceId, state, { entityType: null, confidence: 1, mode: 'free_text' });
  }

  /** Remembers a clean value of a non-personal column while the column looks like an enumeration. */
  rememberClean(state: ColumnState, text: string): void {
    if (text.length > MAX_ENUMERATION_VALUE_LENGTH) return;
    const values = (state.cleanValues ??= new Set());
    if (values.size < MAX_ENUMERATION_VALUES) values.add(text);
  }

  /** A stored or user decision for a column: replaces what this process knew about it. */
  applyStored(sourceId: string, classification: StoredColumnClassification): void {
    this.remember(sourceId, classification);
    const states = this.statesBySource.get(sourceId);
    if (!states) return;
    for (const state of states.values()) {
      if (storedFieldName(state.column) !== classification.field) continue;
      // A sampler's verdict never replaces a user's (the store refuses it too).
      if (state.decidedBy === 'user' && classification.decidedBy !== 'user') continue;
      this.adopt(state, classification);
    }
  }

  private decide(sourceId: string, state: ColumnState, classification: FieldClassification): void {
    state.classification = classification;
    state.decidedBy = 'sampler';
    state.samples = [];
    // Clean samples stay known members of an enumeration; any other verdict scans (or protects) every value.
    if (classification.mode !== 'none' || classification.identifier) state.cleanValues = undefined;
    const stored: StoredColumnClassification = {
      field: storedFieldName(state.column),
      columnClass: columnClassOf(classification),
      entityType: classification.mode === 'whole_value' ? classification.entityType : null,
      ignoredEntityTypes: [...(classification.ignoredEntityTypes ?? [])],
      confidence: Math.round(classification.confidence * 1000) / 1000,
      sampledValues: state.sampledValues,
      valuesWithFindings: state.valuesWithFindings,
      decidedBy: 'sampler',
    };
    this.remember(sourceId, stored);
    this.store?.recordDecision(sourceId, stored);
  }

  private adopt(state: ColumnState, classification: StoredColumnClassification): void {
    state.classification = classificationOfClass(classification);
    state.decidedBy = classification.decidedBy;
    state.sampledValues = classification.sampledValues;
    state.valuesWithFindings = classification.valuesWithFindings;
    state.samples = [];
    state.cleanValues = undefined;
  }

  private createState(sourceId: string, column: string, fieldName: string): ColumnState {
    const oldest = this.statesByAge.size >= this.options.maximumFields ? this.statesByAge.values().next().value : undefined;
    if (oldest) this.forget(oldest);
    const state: ColumnState = { sourceId, column, fieldName, read: fieldRead(fieldName), samples: [], sampledValues: 0, valuesWithFindings: 0 };
    const stored = this.stored.get(sourceId)?.get(storedFieldName(column));
    if (stored) this.adopt(state, stored);
    const hint = this.profileHints.get(sourceId)?.get(column);
    if (hint) this.applyProfileHint(sourceId, state, hint);
    let bySource = this.statesBySource.get(sourceId);
    if (!bySource) {
      bySource = new Map();
      this.statesBySource.set(sourceId, bySource);
    }
    bySource.set(column, state);
    this.statesByAge.add(state);
    return state;
  }

  /** Drops a column from every structure and lets go of the raw values it held. */
  private forget(state: ColumnState): void {
    this.statesByAge.delete(state);
    const bySource = this.statesBySource.get(state.sourceId);
    bySource?.delete(state.column);
    if (bySource?.size === 0) this.statesBySource.delete(state.sourceId);
    state.samples = [];
    state.cleanValues = undefined;
  }

  /** Keeps a stored classification of a loaded source (ignored for sources not loaded from the store). */
  private remember(sourceId: string, classification: StoredColumnClassification): void {
    const byField = this.stored.get(sourceId);
    if (!byField) return;
    if (!byField.has(classification.field)) this.storedCount++;
    byField.set(classification.field, classification);
    if (this.storedCount <= this.options.maximumFields) return;
    // Forget other sources first, oldest loaded first: each is loaded again on its next record.
    for (const [otherId, other] of this.stored) {
      if (this.storedCount <= this.options.maximumFields) return;
      if (otherId === sourceId) continue;
      this.stored.delete(otherId);
      this.storedCount -= other.size;
    }
    // This source alone holds more: its oldest entries go (those columns are learned again if seen).
    for (const field of byField.keys()) {
      if (this.storedCount <= this.options.maximumFields) return;
      byField.delete(field);
      this.storedCount--;
    }
  }
}
