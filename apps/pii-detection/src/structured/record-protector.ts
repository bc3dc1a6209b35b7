import { PiiFinding, ProfileColumnHint } from '@atlas/contracts';
import { anonymize, AnonymizerDependencies, AnonymizerSpan, operatorFor, resolveOverlaps } from '../anonymization/anonymizer';
import { applySyncOperator, isSpanOperator, type OperatorConfig, type OperatorMap, type SpanOperatorConfig } from '../anonymization/operators';
import { ResolvedPolicy } from '../anonymization/policies/policy.types';
import { RecognizerResult, TextAnalyzer } from '../detection/detection.types';
import { ColumnClassificationStore, ColumnRegistry, ColumnState } from './column-registry';
import { FieldClassification, FieldClassifier } from './field-classifier';
import { EMPTY_KEY_PLAN, findPersonalKeys, KeyPlan, protectKeys } from './payload-keys';
import { dropContradicted, dropInsideIdentifierTokens, isNumberOfNoEntity, isOpaqueIdentifier, phoneByFieldName } from './value-rules';

export interface RecordProtectorOptions {
  /** Values sampled before a field is classified; until then every value is scanned in full. */
  samplesToClassify: number;
  /** Bound on remembered fields across all sources. */
  maximumFields: number;
}

const DEFAULT_OPTIONS: RecordProtectorOptions = { samplesToClassify: 20, maximumFields: 50000 };
// Keys repeat across records: their analysis is remembered (a bounded map, cleared when full).
const MAX_REMEMBERED_KEYS = 20000;

/** The three names of one place in the payload. */
interface Paths {
  /** As the record spells it: what field rules name. */
  raw: string;
  /** As the protected payload spells it (keys holding personal data protected): findings, protected fields. */
  output: string;
  /** The column it belongs to: array items as `[]`, keys holding personal data as `<ENTITY_TYPE>`. */
  column: string;
}

/** State of one protect() call. */
interface Walk {
  sourceId: string;
  policy: ResolvedPolicy;
  keys: KeyPlan;
  findings: PiiFinding[];
  protectedFields: Set<string>;
  pending: PendingLeaf[] | undefined;
  hasFieldRules: boolean;
}

export interface ProtectedRecord {
  payload: Record<string, unknown>;
  findings: PiiFinding[];
  /** Field paths (in the protected payload's spelling) whose value or key the policy changed or removed. */
  protectedFields: Set<string>;
}

/** Leaf work that needs the token vault, run in traversal order once the synchronous pass is done. */
interface PendingLeaf {
  text: string;
  path: string;
  spans: AnonymizerSpan[];
  operators: OperatorMap;
  holder: Record<string, unknown> | unknown[];
  slot: string | number;
}

function hasKeys(object: object | undefined): boolean {
  if (!object) return false;
  for (const key in object) if (Object.hasOwn(object, key)) return true;
  return false;
}

/** Field rules are looked up as own properties only: `constructor` or `__proto__` never find Object's. */
function fieldRuleOf(policy: ResolvedPolicy, path: string): OperatorConfig | undefined {
  return Object.hasOwn(policy.fieldRules, path) ? policy.fieldRules[path] : undefined;
}

/** Sets a property as an own data property, so a `__proto__` key never changes the object's prototype. */
function setOwn(holder: Record<string, unknown> | unknown[], slot: string | number, value: unknown): void {
  if (slot === '__proto__') Object.defineProperty(holder, slot, { value, enumerable: true, writable: true, configurable: true });
  else (holder as Record<string | number, unknown>)[slot] = value;
}

/** A number {@link RecordProtector} leaves unscanned: in a column of nothing personal, decided by a user or of no entity's shape. */
function isNumberLeftAlone(state: ColumnState, value: number): boolean {
  const classification = state.classification;
  if (!classification || classification.mode !== 'none') return false;
  return state.decidedBy === 'user' || isNumberOfNoEntity(value);
}

/** `contact` + `email` → `contact.email`; an empty key is written `[""]` so no path is empty. */
function childPath(parent: string, key: string): string {
  if (key === '') return `${parent}[""]`;
  return parent ? `${parent}.${key}` : key;
}

/** `contact.phones[2]` → `contact.phones[]`: array items share one column. */
function columnOf(path: string): string {
  return path.indexOf('[') === -1 ? path : path.replace(/\[\d+\]/g, '[]');
}

/** A key unique within its object: `<EMAIL_ADDRESS>`, then `<EMAIL_ADDRESS>#2`, … */
function uniqueKey(base: string, taken: Set<string>, suffixes: Map<string, number>): string {
  let key = base;
  let suffix = suffixes.get(base) ?? 1;
  while (taken.has(key)) key = `${base}#${++suffix}`;
  suffixes.set(base, suffix);
  taken.add(key);
  return key;
}

/**
 * Protects one structured record: every string (and number) anywhere in the payload, and every
 * object key, is classified or scanned, and each finding is transformed by the operator the
 * policy names for its entity type. A column is classified once per source from a sample of its
 * values (or from the store, or by a user): whole-value columns are protected whole, free-text
 * columns scanned span by span, and non-personal columns are still scanned value by value unless
 * a value's type proves it harmless (short numbers, UUIDs and hashes in identifier columns,
 * values of an enumeration already scanned). Any finding there re-classifies the column at once.
 *
 * A JSON number that is protected becomes a string (`"<PHONE_NUMBER>"`, a hash, a masked
 * `"********23"`): no operator's output is a number. Unchanged numbers stay numbers.
 */
export class RecordProtector {
  private readonly columns: ColumnRegistry;
  private readonly keyResults = new Map<string, readonly RecognizerResult[]>();

  constructor(
    private readonly analyzer: TextAnalyzer,
    private readonly dependencies: AnonymizerDependencies,
    options: Partial<RecordProtectorOptions> = {},
    store?: ColumnClassificationStore,
  ) {
    this.columns = new ColumnRegistry(new FieldClassifier(analyzer), { ...DEFAULT_OPTIONS, ...options }, store);
  }

  /** Throws PayloadTooDeepError (permanent) for a payload nested deeper than MAX_PAYLOAD_DEPTH. */
  async protect(sourceId: string, payload: Record<string, unknown>, policy: ResolvedPolicy): Promise<ProtectedRecord> {
    // Synchronous unless a key holds personal data or the source's classifications are not loaded yet.
    const personalKeys = findPersonalKeys(payload, (key) => this.analyzeKey(key));
    const keys = personalKeys.size === 0 ? EMPTY_KEY_PLAN : await protectKeys(personalKeys, policy.rules, this.dependencies);
    if (!this.columns.isLoaded(sourceId)) await this.columns.ensureLoaded(sourceId);
    const findings: PiiFinding[] = [];
    const protectedFields = new Set<string>();
    const walk: Walk = { sourceId, policy, keys, findings, protectedFields, pending: undefined, hasFieldRules: hasKeys(policy.fieldRules) };
    const protectedPayload = this.protectObject(walk, payload, { raw: '', output: '', column: '' });
    // Only tokenize spans wait for the vault; everything else was done synchronously above.
    if (walk.pending) {
      for (const leaf of walk.pending) {
        const result = await anonymize(leaf.text, leaf.spans, leaf.operators, this.dependencies);
        if (result.text !== leaf.text) {
          protectedFields.add(leaf.path);
          setOwn(leaf.holder, leaf.slot, result.text);
        }
      }
    }
    return { payload: protectedPayload, findings, protectedFields };
  }

  /** What the connector's profile says of a source's top-level fields (carried on Explore records): priors for their classification. */
  adoptProfileHints(sourceId: string, hints: readonly ProfileColumnHint[]): void {
    this.columns.adoptProfileHints(sourceId, hints);
  }

  /** Stores the columns classified or re-classified since the last call (call after each batch). */
  saveClassifications(): Promise<void> {
    return this.columns.save();
  }

  /** How a field of a source is currently classified (undefined while it is still being sampled). */
  classificationOf(sourceId: string, path: string): FieldClassification | undefined {
    return this.columns.classificationOf(sourceId, columnOf(path));
  }

  private analyzeKey(key: string): readonly RecognizerResult[] {
    let results = this.keyResults.get(key);
    if (!results) {
      if (this.keyResults.size >= MAX_REMEMBERED_KEYS) this.keyResults.clear();
      results = this.analyzer.analyze(key);
      this.keyResults.set(key, results);
    }
    return results;
  }

  private protectObject(walk: Walk, value: Record<string, unknown>, paths: Paths): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const keys = Object.keys(value);
    // Keys left as they are keep their names; protected keys take the next free name.
    let taken: Set<string> | undefined;
    let suffixes: Map<string, number> | undefined;
    if (walk.keys.size > 0 && keys.some((key) => walk.keys.has(key))) {
      taken = new Set(keys.filter((key) => !walk.keys.has(key)));
      suffixes = new Map();
    }
    for (const key of keys) {
      const protectedKey = walk.keys.get(key);
      const raw = childPath(paths.raw, key);
      let outputKey = key;
      let child: Paths;
      if (protectedKey) {
        outputKey = uniqueKey(protectedKey.outputKey, taken!, suffixes!);
        const output = childPath(paths.output, outputKey);
        child = { raw, output, column: childPath(paths.column, protectedKey.columnKey) };
        for (const finding of protectedKey.findings) walk.findings.push({ field: output, ...finding });
        if (outputKey !== key) walk.protectedFields.add(output);
      } else {
        // The common case: one string serves all three names.
        child = paths.output === paths.raw && paths.column === paths.raw ? { raw, output: raw, column: raw } : { raw, output: childPath(paths.output, key), column: childPath(paths.column, key) };
      }
      if (walk.hasFieldRules && fieldRuleOf(walk.policy, raw)?.operator === 'drop') {
        walk.protectedFields.add(child.output);
        continue;
      }
      // A key holding personal data is no context for its value.
      const fieldName = protectedKey ? '' : key;
      setOwn(result, outputKey, this.protectValue(walk, value[key], child, fieldName, result, outputKey));
    }
    return result;
  }

  private protectValue(walk: Walk, value: unknown, paths: Paths, fieldName: string, holder: Record<string, unknown> | unknown[], slot: string | number): unknown {
    if (typeof value === 'string' || typeof value === 'number') return this.protectLeaf(walk, value, paths, fieldName, holder, slot);
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) {
      const items: unknown[] = new Array<unknown>(value.length);
      const column = `${paths.column}[]`;
      for (let index = 0; index < value.length; index++) {
        const suffix = `[${index}]`;
        const raw = paths.raw + suffix;
        const itemPaths = { raw, output: paths.output === paths.raw ? raw : paths.output + suffix, column };
        items[index] = this.protectValue(walk, value[index], itemPaths, fieldName, items, index);
      }
      return items;
    }
    return this.protectObject(walk, value as Record<string, unknown>, paths);
  }

  private protectLeaf(walk: Walk, value: string | number, paths: Paths, fieldName: string, holder: Record<string, unknown> | unknown[], slot: string | number): unknown {
    const { sourceId, policy } = walk;
    const rule = walk.hasFieldRules ? fieldRuleOf(policy, paths.raw) : undefined;
    // `drop` was handled by the parent object; any other field rule is a span operator.
    const fieldRule = rule && isSpanOperator(rule) ? rule : undefined;
    if (fieldRule?.operator === 'keep' || value === '') return value;
    const state = fieldRule ? undefined : this.columns.stateOf(sourceId, paths.column, fieldName);
    // A harmless number is left as it is before it is ever written as text.
    if (state && typeof value === 'number' && isNumberLeftAlone(state, value)) return value;
    const text = typeof value === 'string' ? value : String(value);
    let spans: AnonymizerSpan[];
    if (!state) {
      // A field rule protects the whole value whatever it holds.
      spans = [{ entityType: this.columns.classificationOf(sourceId, paths.column)?.entityType ?? 'FIELD', start: 0, end: text.length, score: 1 }];
    } else {
      spans = this.spansOf(state, sourceId, value, text);
    }
    if (spans.length === 0) return value;
    const selected = resolveOverlaps(spans, text.length);
    const operators = fieldRule ? { ...policy.rules, [selected[0].entityType]: fieldRule } : policy.rules;
    let needsVault = false;
    const configs: SpanOperatorConfig[] = new Array<SpanOperatorConfig>(selected.length);
    for (let i = 0; i < selected.length; i++) {
      const span = selected[i];
      const config = operatorFor(operators, span.entityType);
      configs[i] = config;
      if (config.operator === 'tokenize') needsVault = true;
      walk.findings.push({
        field: paths.output,
        entityType: span.entityType,
        start: span.start,
        end: span.end,
        score: Math.round((span.score ?? 1) * 1000) / 1000,
        operator: config.operator,
      });
    }
    if (needsVault) {
      (walk.pending ??= []).push({ text, path: paths.output, spans: selected, operators, holder, slot });
      return value;
    }
    // Synchronous operators: same output as anonymize(), without its promise and second overlap pass.
    let output = '';
    let cursor = 0;
    for (let i = 0; i < selected.length; i++) {
      const span = selected[i];
      const config = configs[i] as Exclude<SpanOperatorConfig, { operator: 'tokenize' }>;
      output += text.slice(cursor, span.start) + applySyncOperator(text.slice(span.start, span.end), span.entityType, config, this.dependencies.keys);
      cursor = span.end;
    }
    if (cursor < text.length) output += text.slice(cursor);
    if (output === text) return value;
    walk.protectedFields.add(paths.output);
    return output;
  }

  private spansOf(state: ColumnState, sourceId: string, value: string | number, text: string): AnonymizerSpan[] {
    const classification = state.classification;
    if (!classification) {
      const spans = this.scan(state, text);
      if (spans.length === 0) this.columns.rememberClean(state, text);
      this.columns.addSample(sourceId, state, text, spans.length > 0);
      return spans;
    }
    if (classification.mode === 'whole_value' && classification.entityType) {
      return [{ entityType: classification.entityType, start: 0, end: text.length, score: classification.confidence }];
    }
    if (classification.mode !== 'none') return this.scan(state, text);
    // A user said this column holds nothing personal: its values stay as they are.
    if (state.decidedBy === 'user') return [];
    // Values whose type proves them harmless; every other value is scanned.
    if (isNumberOfNoEntity(value) || state.cleanValues?.has(text)) return [];
    if (classification.identifier && isOpaqueIdentifier(text.trim())) return [];
    let spans = this.scan(state, text, classification.ignoredEntityTypes);
    // An identifier is never partly rewritten: only findings a validator confirmed, or outside identifier tokens, count.
    if (classification.identifier) spans = dropInsideIdentifierTokens(text, spans);
    if (spans.length === 0) {
      this.columns.rememberClean(state, text);
      return spans;
    }
    this.columns.escalate(sourceId, state);
    return spans;
  }

  /** The analyzer's findings in a value, less those the column's name and the value's shape contradict. */
  private scan(state: ColumnState, text: string, ignored?: readonly string[]): RecognizerResult[] {
    let results = dropContradicted(state.read, text, this.analyzer.analyze(text, { fieldName: state.fieldName }));
    if (ignored && results.length > 0) results = results.filter((result) => !ignored.includes(result.entityType));
    const phone = phoneByFieldName(state.read, text, results);
    return phone ? [phone] : results;
  }
}
