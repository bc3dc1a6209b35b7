import { PiiFinding } from '@atlas/contracts';
import { anonymize, AnonymizerDependencies, AnonymizerSpan, operatorFor, resolveOverlaps } from '../anonymization/anonymizer';
import { applySyncOperator, isSpanOperator, type OperatorMap, type SpanOperatorConfig } from '../anonymization/operators';
import { ResolvedPolicy } from '../anonymization/policies/policy.types';
import { TextAnalyzer } from '../detection/detection.types';
import { FieldClassification, FieldClassifier } from './field-classifier';

export interface RecordProtectorOptions {
  /** Values sampled before a field is classified; until then every value is scanned in full. */
  samplesToClassify: number;
  /** A field classified as holding nothing personal is still fully scanned every n-th value. */
  recheckEvery: number;
  /** Bound on remembered fields across all sources. */
  maximumFields: number;
}

const DEFAULT_OPTIONS: RecordProtectorOptions = { samplesToClassify: 20, recheckEvery: 50, maximumFields: 50000 };

interface FieldState {
  /** Set when the bounded map dropped this state, so the per-source shortcut stops using it. */
  evicted?: boolean;
  samples: unknown[];
  classification?: FieldClassification;
  valuesSinceCheck: number;
}

/** State of one protect() call. */
interface Walk {
  sourceId: string;
  policy: ResolvedPolicy;
  findings: PiiFinding[];
  protectedFields: Set<string>;
  pending: PendingLeaf[] | undefined;
  hasFieldRules: boolean;
}

function hasKeys(object: object | undefined): boolean {
  if (!object) return false;
  for (const key in object) if (Object.prototype.hasOwnProperty.call(object, key)) return true;
  return false;
}

export interface ProtectedRecord {
  payload: Record<string, unknown>;
  findings: PiiFinding[];
  /** Field paths whose value the policy changed or removed. */
  protectedFields: Set<string>;
}

/** `contact.phones[2]` → `contact.phones[]`: array items share one field classification. */
function fieldKeyOf(path: string): string {
  return path.indexOf('[') === -1 ? path : path.replace(/\[\d+\]/g, '[]');
}

/** The last property name of a path: the field name that serves as context. */
function fieldNameOf(path: string): string {
  const withoutIndexes = path.indexOf('[') === -1 ? path : path.replace(/\[\d+\]/g, '');
  const dot = withoutIndexes.lastIndexOf('.');
  return dot === -1 ? withoutIndexes : withoutIndexes.slice(dot + 1);
}

/** Per-path facts that never change: computed once per distinct path. */
interface PathInfo {
  fieldKey: string;
  fieldName: string;
}
const MAX_CACHED_PATHS = 20000;

/** Leaf work that needs the token vault, run in traversal order once the synchronous pass is done. */
interface PendingLeaf {
  text: string;
  value: string | number;
  path: string;
  spans: AnonymizerSpan[];
  operators: OperatorMap;
  holder: Record<string, unknown> | unknown[];
  slot: string | number;
}

/**
 * Protects one structured record: every string (and number) anywhere in the payload is classified
 * or scanned, and each finding is transformed by the operator the policy names for its entity
 * type. A field is classified once per source from a sample of its values, then treated as a
 * whole value (identifier columns), scanned span by span (free text), or skipped with periodic
 * re-checks (no personal data seen), so the detector does not re-learn every field of every record.
 */
export class RecordProtector {
  private readonly fields = new Map<string, FieldState>();
  /** sourceId → field key → state: the same states as `fields`, without composite keys per value. */
  private readonly statesBySource = new Map<string, Map<string, FieldState>>();
  private readonly paths = new Map<string, PathInfo>();
  private readonly options: RecordProtectorOptions;

  constructor(
    private readonly analyzer: TextAnalyzer,
    private readonly dependencies: AnonymizerDependencies,
    options: Partial<RecordProtectorOptions> = {},
  ) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
    this.classifier = new FieldClassifier(analyzer);
  }

  private readonly classifier: FieldClassifier;

  async protect(sourceId: string, payload: Record<string, unknown>, policy: ResolvedPolicy): Promise<ProtectedRecord> {
    const findings: PiiFinding[] = [];
    const protectedFields = new Set<string>();
    const walk: Walk = { sourceId, policy, findings, protectedFields, pending: undefined, hasFieldRules: hasKeys(policy.fieldRules) };
    const protectedPayload = this.protectObject(walk, payload, '');
    // Only tokenize spans wait for the vault; everything else was done synchronously above.
    if (walk.pending) {
      for (const leaf of walk.pending) {
        const result = await anonymize(leaf.text, leaf.spans, leaf.operators, this.dependencies);
        if (result.text !== leaf.text) {
          protectedFields.add(leaf.path);
          (leaf.holder as Record<string | number, unknown>)[leaf.slot] = result.text;
        }
      }
    }
    return { payload: protectedPayload, findings, protectedFields };
  }

  /** How a field of a source is currently classified (undefined while it is still being sampled). */
  classificationOf(sourceId: string, path: string): FieldClassification | undefined {
    return this.fields.get(`${sourceId}\u0000${fieldKeyOf(path)}`)?.classification;
  }

  private pathInfo(path: string): PathInfo {
    let info = this.paths.get(path);
    if (!info) {
      if (this.paths.size >= MAX_CACHED_PATHS) this.paths.clear();
      info = { fieldKey: fieldKeyOf(path), fieldName: fieldNameOf(path) };
      this.paths.set(path, info);
    }
    return info;
  }

  private protectObject(walk: Walk, value: Record<string, unknown>, path: string): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const fieldRules = walk.policy.fieldRules;
    for (const key of Object.keys(value)) {
      const child = value[key];
      const childPath = path ? `${path}.${key}` : key;
      if (walk.hasFieldRules && fieldRules[childPath]?.operator === 'drop') {
        walk.protectedFields.add(childPath);
        continue;
      }
      result[key] = this.protectValue(walk, child, childPath, result, key);
    }
    return result;
  }

  private protectValue(walk: Walk, value: unknown, path: string, holder: Record<string, unknown> | unknown[], slot: string | number): unknown {
    if (typeof value === 'string' || typeof value === 'number') return this.protectLeaf(walk, value, path, holder, slot);
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) {
      const items: unknown[] = new Array<unknown>(value.length);
      for (let index = 0; index < value.length; index++) items[index] = this.protectValue(walk, value[index], `${path}[${index}]`, items, index);
      return items;
    }
    return this.protectObject(walk, value as Record<string, unknown>, path);
  }

  private protectLeaf(walk: Walk, value: string | number, path: string, holder: Record<string, unknown> | unknown[], slot: string | number): unknown {
    const { sourceId, policy } = walk;
    const rule = walk.hasFieldRules ? policy.fieldRules[path] : undefined;
    // `drop` was handled by the parent object; any other field rule is a span operator.
    const fieldRule = rule && isSpanOperator(rule) ? rule : undefined;
    if (fieldRule?.operator === 'keep') return value;
    const text = typeof value === 'string' ? value : String(value);
    if (text.length === 0) return value;
    let spans: AnonymizerSpan[];
    if (fieldRule) {
      // A field rule protects the whole value whatever it holds.
      spans = [{ entityType: this.classificationOf(sourceId, path)?.entityType ?? 'FIELD', start: 0, end: text.length, score: 1 }];
    } else {
      spans = this.spansOf(sourceId, path, text);
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
        field: path,
        entityType: span.entityType,
        start: span.start,
        end: span.end,
        score: Math.round((span.score ?? 1) * 1000) / 1000,
        operator: config.operator,
      });
    }
    if (needsVault) {
      (walk.pending ??= []).push({ text, value, path, spans: selected, operators, holder, slot });
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
    walk.protectedFields.add(path);
    return output;
  }

  private spansOf(sourceId: string, path: string, text: string): AnonymizerSpan[] {
    const info = this.pathInfo(path);
    const fieldName = info.fieldName;
    const state = this.fieldState(sourceId, info.fieldKey);
    const classification = state.classification;
    if (!classification) {
      state.samples.push(text);
      if (state.samples.length >= this.options.samplesToClassify) {
        state.classification = this.classifier.classify(fieldName, state.samples);
        state.samples = [];
      }
      return this.analyzer.analyze(text, { fieldName });
    }
    if (classification.mode === 'whole_value' && classification.entityType) {
      return [{ entityType: classification.entityType, start: 0, end: text.length, score: classification.confidence }];
    }
    if (classification.mode === 'none') {
      state.valuesSinceCheck++;
      if (state.valuesSinceCheck < this.options.recheckEvery) return [];
      state.valuesSinceCheck = 0;
      const ignored = classification.ignoredEntityTypes;
      const found = this.analyzer.analyze(text, { fieldName });
      const spans = ignored ? found.filter((span) => !ignored.includes(span.entityType)) : found;
      // Personal data where none was expected: scan this field in full from now on.
      if (spans.length > 0) state.classification = { entityType: null, confidence: 1, mode: 'free_text' };
      return spans;
    }
    return this.analyzer.analyze(text, { fieldName });
  }

  private fieldState(sourceId: string, fieldKey: string): FieldState {
    // Two-level lookup (source, then field key) avoids building a composite key for every value.
    let bySource = this.statesBySource.get(sourceId);
    if (!bySource) {
      bySource = new Map();
      this.statesBySource.set(sourceId, bySource);
    }
    let state = bySource.get(fieldKey);
    if (state && !state.evicted) return state;
    const key = `${sourceId}\u0000${fieldKey}`;
    state = this.fields.get(key);
    if (!state) {
      if (this.fields.size >= this.options.maximumFields) {
        const oldest = this.fields.keys().next().value as string;
        const evicted = this.fields.get(oldest);
        if (evicted) evicted.evicted = true;
        this.fields.delete(oldest);
      }
      state = { samples: [], valuesSinceCheck: 0 };
      this.fields.set(key, state);
    }
    bySource.set(fieldKey, state);
    return state;
  }
}
