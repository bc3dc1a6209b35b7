import { classificationOfClass, columnClassOf, DecidedBy, StoredColumnClassification, storedFieldName } from './column-class';
import { FieldClassification, FieldClassifier, fieldRead } from './field-classifier';
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
  /** Bound on remembered columns across all sources. */
  maximumFields: number;
}

// A column with at most this many distinct clean values is an enumeration: seen values skip the scan.
export const MAX_ENUMERATION_VALUES = 32;
const MAX_ENUMERATION_VALUE_LENGTH = 64;

export interface ColumnState {
  /** Column path: array items as `[]`, keys holding personal data as `<ENTITY_TYPE>`. */
  readonly column: string;
  readonly fieldName: string;
  readonly read: FieldRead;
  /** Set when the bounded map dropped this state, so the per-source shortcut stops using it. */
  evicted?: boolean;
  samples: string[];
  /** Evidence behind the current decision (counts only, never values). */
  sampledValues: number;
  valuesWithFindings: number;
  classification?: FieldClassification;
  decidedBy?: DecidedBy;
  /** In a non-personal column: values already scanned and found clean (an enumeration's members). */
  cleanValues?: Set<string>;
}

/**
 * Per source and column: the classification (learned from samples, loaded from the store, or set
 * by a user) and the evidence behind it. Sampler decisions go to the store as they are made; a
 * user's decision is never replaced by the sampler.
 */
export class ColumnRegistry {
  private readonly states = new Map<string, ColumnState>();
  /** sourceId → column → state: the same states as `states`, without composite keys per value. */
  private readonly statesBySource = new Map<string, Map<string, ColumnState>>();
  /** sourceId → stored field name → stored classification, for sources loaded from the store. */
  private readonly stored = new Map<string, Map<string, StoredColumnClassification>>();

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
    const byField = new Map<string, StoredColumnClassification>();
    for (const row of rows) byField.set(row.field, row);
    this.stored.set(sourceId, byField);
    // Columns learned before the load (none in the pipeline, which loads first) take the stored verdict.
    for (const row of rows) this.applyStored(sourceId, row);
  }

  /** Persists the sampler's decisions made since the last call. */
  async save(): Promise<void> {
    await this.store?.flush();
  }

  stateOf(sourceId: string, column: string, fieldName: string): ColumnState {
    let bySource = this.statesBySource.get(sourceId);
    if (!bySource) {
      bySource = new Map();
      this.statesBySource.set(sourceId, bySource);
    }
    const state = bySource.get(column);
    if (state && !state.evicted) return state;
    const created = this.createState(sourceId, column, fieldName);
    bySource.set(column, created);
    return created;
  }

  classificationOf(sourceId: string, column: string): FieldClassification | undefined {
    return this.states.get(`${sourceId}\u0000${column}`)?.classification;
  }

  decidedByOf(sourceId: string, column: string): DecidedBy | undefined {
    return this.states.get(`${sourceId}\u0000${column}`)?.decidedBy;
  }

  /** Adds a scanned value to a column still being sampled; classifies it once there are enough. */
  addSample(sourceId: string, state: ColumnState, text: string, hadFindings: boolean): void {
    state.samples.push(text);
    if (hadFindings) state.valuesWithFindings++;
    if (state.samples.length < this.options.samplesToClassify) return;
    state.sampledValues = state.samples.length;
    this.decide(sourceId, state, this.classifier.classify(state.fieldName, state.samples));
    state.samples = [];
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
    const byField = this.stored.get(sourceId);
    if (byField) byField.set(classification.field, classification);
    const states = this.statesBySource.get(sourceId);
    if (!states) return;
    for (const state of states.values()) {
      if (state.evicted || storedFieldName(state.column) !== classification.field) continue;
      // A sampler's verdict never replaces a user's (the store refuses it too).
      if (state.decidedBy === 'user' && classification.decidedBy !== 'user') continue;
      this.adopt(state, classification);
    }
  }

  private decide(sourceId: string, state: ColumnState, classification: FieldClassification): void {
    state.classification = classification;
    state.decidedBy = 'sampler';
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
    this.stored.get(sourceId)?.set(stored.field, stored);
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
    const key = `${sourceId}\u0000${column}`;
    const existing = this.states.get(key);
    if (existing && !existing.evicted) return existing;
    if (this.states.size >= this.options.maximumFields) {
      const oldest = this.states.keys().next().value as string;
      const evicted = this.states.get(oldest);
      if (evicted) evicted.evicted = true;
      this.states.delete(oldest);
    }
    const state: ColumnState = { column, fieldName, read: fieldRead(fieldName), samples: [], sampledValues: 0, valuesWithFindings: 0 };
    const stored = this.stored.get(sourceId)?.get(storedFieldName(column));
    if (stored) this.adopt(state, stored);
    this.states.set(key, state);
    return state;
  }
}
