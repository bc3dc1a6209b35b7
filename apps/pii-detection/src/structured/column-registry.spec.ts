import { AnalyzeOptions, RecognizerResult, TextAnalyzer } from '../detection/detection.types';
import { StoredColumnClassification } from './column-class';
import { ColumnClassificationStore, ColumnRegistry } from './column-registry';
import { FieldClassifier } from './field-classifier';

/** Finds nothing: every column is decided non-personal once sampled. */
class SilentAnalyzer implements TextAnalyzer {
  analyze(_text: string, _options?: AnalyzeOptions): RecognizerResult[] {
    return [];
  }
  recognizers() {
    return [];
  }
}

const stored = (field: string): StoredColumnClassification => ({
  field,
  columnClass: 'personal',
  entityType: 'EMAIL_ADDRESS',
  ignoredEntityTypes: [],
  confidence: 1,
  sampledValues: 20,
  valuesWithFindings: 20,
  decidedBy: 'sampler',
});

/** Holds rows per source and counts the loads. */
class MemoryStore implements ColumnClassificationStore {
  loads: string[] = [];
  constructor(private readonly rows: Record<string, StoredColumnClassification[]>) {}
  async loadSource(sourceId: string) {
    this.loads.push(sourceId);
    return this.rows[sourceId] ?? [];
  }
  recordDecision() {}
  async flush() {}
  onOverride() {}
}

const registry = (maximumFields: number, samplesToClassify: number, store?: ColumnClassificationStore) =>
  new ColumnRegistry(new FieldClassifier(new SilentAnalyzer()), { maximumFields, samplesToClassify }, store);

/** Sees one value of a column, as the record protector does for a value still being sampled. */
function sample(columns: ColumnRegistry, sourceId: string, column: string, text: string) {
  const state = columns.stateOf(sourceId, column, column);
  if (!state.classification) columns.addSample(sourceId, state, text, false);
  return state;
}

describe('ColumnRegistry memory bound', () => {
  it('retains at most maximumFields columns, and raw samples only of the columns it still remembers', () => {
    const columns = registry(100, 20);
    for (let index = 0; index < 20000; index++) sample(columns, 'crm', `k${index}`, `value number ${index}`);
    // Before the fix the per-source map kept all 20,000 columns, each with its raw sample.
    expect(columns.retained()).toEqual({ columns: 100, storedClassifications: 0, sampledValues: 100 });
    expect(columns.stateOf('crm', 'k19999', 'k19999').samples).toEqual(['value number 19999']);
  });

  it('lets go of the raw samples of a forgotten column and learns it again from scratch', () => {
    const columns = registry(2, 3);
    const first = sample(columns, 'crm', 'note', 'first raw value');
    sample(columns, 'crm', 'a', 'x');
    sample(columns, 'crm', 'b', 'y');
    expect(first.samples).toEqual([]);
    expect(columns.retained()).toEqual({ columns: 2, storedClassifications: 0, sampledValues: 2 });
    const again = columns.stateOf('crm', 'note', 'note');
    expect(again).not.toBe(first);
    expect(again.samples).toEqual([]);
  });

  it('keeps no raw value once a column is decided', () => {
    const columns = registry(10, 3);
    for (const text of ['one', 'two']) sample(columns, 'crm', 'status', text);
    expect(columns.retained().sampledValues).toBe(2);
    const state = sample(columns, 'crm', 'status', 'three');
    expect(state.classification).toMatchObject({ mode: 'none' });
    expect(state.samples).toEqual([]);
    expect(columns.retained()).toEqual({ columns: 1, storedClassifications: 0, sampledValues: 0 });
  });

  it('bounds stored classifications too: an older source is forgotten and loaded again on its next record', async () => {
    const store = new MemoryStore({ crm: [stored('email'), stored('work_email')], shop: [stored('buyer'), stored('seller')] });
    const columns = registry(3, 3, store);
    await columns.ensureLoaded('crm');
    await columns.ensureLoaded('shop');
    expect(columns.retained().storedClassifications).toBe(2);
    expect([columns.isLoaded('crm'), columns.isLoaded('shop')]).toEqual([false, true]);
    await columns.ensureLoaded('crm');
    expect(store.loads).toEqual(['crm', 'shop', 'crm']);
    expect(columns.stateOf('crm', 'email', 'email').classification).toEqual({ entityType: 'EMAIL_ADDRESS', confidence: 1, mode: 'whole_value' });
  });

  it('keeps the newest entries of a single source that alone holds more stored classifications than the bound', async () => {
    const store = new MemoryStore({ crm: ['a', 'b', 'c', 'd'].map(stored) });
    const columns = registry(2, 3, store);
    await columns.ensureLoaded('crm');
    expect(columns.retained().storedClassifications).toBe(2);
    expect(columns.stateOf('crm', 'a', 'a').classification).toBeUndefined();
    expect(columns.stateOf('crm', 'd', 'd').classification).toMatchObject({ entityType: 'EMAIL_ADDRESS', mode: 'whole_value' });
  });
});

describe('ColumnRegistry profile hints', () => {
  /** Records the sampler decisions it is given, loads nothing unless told. */
  class RecordingStore implements ColumnClassificationStore {
    decisions: Array<{ sourceId: string; classification: StoredColumnClassification }> = [];
    constructor(private readonly rows: Record<string, StoredColumnClassification[]>) {}
    async loadSource(sourceId: string) {
      return this.rows[sourceId] ?? [];
    }
    recordDecision(sourceId: string, classification: StoredColumnClassification) {
      this.decisions.push({ sourceId, classification });
    }
    async flush() {}
    onOverride() {}
  }
  const nonPersonal = (field: string, evidence: 'boolean' | 'number_enum' = 'boolean') => ({ field, kind: 'non_personal' as const, evidence, share: 1 });
  const decision = (field: string, sampledValues: number) => ({
    field,
    columnClass: 'non_personal',
    entityType: null,
    ignoredEntityTypes: [],
    confidence: 1,
    sampledValues,
    valuesWithFindings: 0,
    decidedBy: 'sampler',
  });

  it('decides a column hinted non-personal by type at once (seen before or after the hint), and stores the decision', async () => {
    const store = new RecordingStore({});
    const columns = registry(100, 20, store);
    await columns.ensureLoaded('crm');
    sample(columns, 'crm', 'rating', '4');
    sample(columns, 'crm', 'rating', '5');
    columns.adoptProfileHints('crm', [nonPersonal('active'), nonPersonal('rating', 'number_enum')]);
    expect(columns.classificationOf('crm', 'rating')).toEqual({ entityType: null, confidence: 1, mode: 'none' });
    expect(columns.stateOf('crm', 'active', 'active').classification).toEqual({ entityType: null, confidence: 1, mode: 'none' });
    expect(columns.decidedByOf('crm', 'active')).toBe('sampler');
    expect(store.decisions).toEqual([
      { sourceId: 'crm', classification: decision('rating', 2) },
      { sourceId: 'crm', classification: decision('active', 0) },
    ]);
    // Another source's columns of the same name are not concerned.
    expect(columns.stateOf('shop', 'active', 'active').classification).toBeUndefined();
  });

  it('leaves to sampling a hinted column whose name announces a personal kind, and never replaces a stored or user decision', async () => {
    const user = { ...stored('active'), columnClass: 'free_text' as const, entityType: null, decidedBy: 'user' as const };
    const columns = registry(100, 20, new RecordingStore({ crm: [user] }));
    await columns.ensureLoaded('crm');
    columns.adoptProfileHints('crm', [nonPersonal('phone', 'number_enum'), nonPersonal('active')]);
    expect(columns.stateOf('crm', 'phone', 'phone').classification).toBeUndefined();
    expect(columns.stateOf('crm', 'active', 'active').classification).toEqual({ entityType: null, confidence: 1, mode: 'free_text' });
    expect(columns.decidedByOf('crm', 'active')).toBe('user');
  });

  it('weighs a personal hint when the samples are classified', () => {
    const columns = registry(100, 3);
    columns.adoptProfileHints('crm', [{ field: 'c7', kind: 'personal', entityType: 'PHONE_NUMBER', share: 1 }]);
    for (const phone of ['+45 84 23 30', '(555) 555-0134', '020-7946-0018']) sample(columns, 'crm', 'c7', phone);
    for (const phone of ['+45 84 23 30', '(555) 555-0134', '020-7946-0018']) sample(columns, 'shop', 'c7', phone);
    expect(columns.classificationOf('crm', 'c7')).toEqual({ entityType: 'PHONE_NUMBER', confidence: 1, mode: 'whole_value' });
    expect(columns.classificationOf('shop', 'c7')).toEqual({ entityType: null, confidence: 1, mode: 'none' });
  });

  it('keeps at most maximumFields hints: the oldest other source goes first', () => {
    const columns = registry(2, 20);
    columns.adoptProfileHints('a', [nonPersonal('x'), nonPersonal('y')]);
    columns.adoptProfileHints('b', [nonPersonal('x'), nonPersonal('y'), nonPersonal('z')]);
    expect(columns.stateOf('a', 'x', 'x').classification).toBeUndefined();
    expect(columns.stateOf('b', 'y', 'y').classification).toEqual({ entityType: null, confidence: 1, mode: 'none' });
    // b alone fills the bound: its third hint is not kept.
    expect(columns.stateOf('b', 'z', 'z').classification).toBeUndefined();
  });
});

