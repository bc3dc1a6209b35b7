import { PiiFinding } from '@atlas/contracts';
import { anonymize, AnonymizerDependencies, AnonymizerSpan, operatorFor, resolveOverlaps } from '../anonymization/anonymizer';
import { isSpanOperator } from '../anonymization/operators';
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
  samples: unknown[];
  classification?: FieldClassification;
  valuesSinceCheck: number;
}

export interface ProtectedRecord {
  payload: Record<string, unknown>;
  findings: PiiFinding[];
  /** Field paths whose value the policy changed or removed. */
  protectedFields: Set<string>;
}

/** `contact.phones[2]` → `contact.phones[]`: array items share one field classification. */
function fieldKeyOf(path: string): string {
  return path.replace(/\[\d+\]/g, '[]');
}

/** The last property name of a path: the field name that serves as context. */
function fieldNameOf(path: string): string {
  const withoutIndexes = path.replace(/\[\d+\]/g, '');
  const dot = withoutIndexes.lastIndexOf('.');
  return dot === -1 ? withoutIndexes : withoutIndexes.slice(dot + 1);
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
    const protectedPayload = (await this.protectValue(sourceId, payload, '', policy, findings, protectedFields)) as Record<string, unknown>;
    return { payload: protectedPayload, findings, protectedFields };
  }

  /** How a field of a source is currently classified (undefined while it is still being sampled). */
  classificationOf(sourceId: string, path: string): FieldClassification | undefined {
    return this.fields.get(`${sourceId}\u0000${fieldKeyOf(path)}`)?.classification;
  }

  private async protectValue(
    sourceId: string,
    value: unknown,
    path: string,
    policy: ResolvedPolicy,
    findings: PiiFinding[],
    protectedFields: Set<string>,
  ): Promise<unknown> {
    if (Array.isArray(value)) {
      const items: unknown[] = [];
      for (const [index, item] of value.entries()) {
        items.push(await this.protectValue(sourceId, item, `${path}[${index}]`, policy, findings, protectedFields));
      }
      return items;
    }
    if (typeof value === 'object' && value !== null) {
      const result: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) {
        const childPath = path ? `${path}.${key}` : key;
        const fieldRule = policy.fieldRules[childPath];
        if (fieldRule?.operator === 'drop') {
          protectedFields.add(childPath);
          continue;
        }
        result[key] = await this.protectValue(sourceId, child, childPath, policy, findings, protectedFields);
      }
      return result;
    }
    if (typeof value !== 'string' && typeof value !== 'number') return value;
    return this.protectLeaf(sourceId, value, path, policy, findings, protectedFields);
  }

  private async protectLeaf(
    sourceId: string,
    value: string | number,
    path: string,
    policy: ResolvedPolicy,
    findings: PiiFinding[],
    protectedFields: Set<string>,
  ): Promise<unknown> {
    const rule = policy.fieldRules[path];
    // `drop` was handled by the parent object; any other field rule is a span operator.
    const fieldRule = rule && isSpanOperator(rule) ? rule : undefined;
    if (fieldRule?.operator === 'keep') return value;
    const text = typeof value === 'string' ? value : String(value);
    if (text.length === 0) return value;
    const fieldName = fieldNameOf(path);
    let spans: AnonymizerSpan[];
    if (fieldRule) {
      // A field rule protects the whole value whatever it holds.
      spans = [{ entityType: this.classificationOf(sourceId, path)?.entityType ?? 'FIELD', start: 0, end: text.length, score: 1 }];
    } else {
      spans = this.spansOf(sourceId, path, fieldName, text);
    }
    if (spans.length === 0) return value;
    const selected = resolveOverlaps(spans, text.length);
    const operators = fieldRule ? { ...policy.rules, [selected[0].entityType]: fieldRule } : policy.rules;
    const result = await anonymize(text, selected, operators, this.dependencies);
    for (const span of selected) {
      findings.push({
        field: path,
        entityType: span.entityType,
        start: span.start,
        end: span.end,
        score: Math.round((span.score ?? 1) * 1000) / 1000,
        operator: operatorFor(operators, span.entityType).operator,
      });
    }
    if (result.text !== text) protectedFields.add(path);
    return result.text === text ? value : result.text;
  }

  private spansOf(sourceId: string, path: string, fieldName: string, text: string): AnonymizerSpan[] {
    const state = this.fieldState(sourceId, path);
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
      const spans = this.analyzer.analyze(text, { fieldName });
      // Personal data where none was expected: scan this field in full from now on.
      if (spans.length > 0) state.classification = { entityType: null, confidence: 1, mode: 'free_text' };
      return spans;
    }
    return this.analyzer.analyze(text, { fieldName });
  }

  private fieldState(sourceId: string, path: string): FieldState {
    const key = `${sourceId}\u0000${fieldKeyOf(path)}`;
    let state = this.fields.get(key);
    if (!state) {
      if (this.fields.size >= this.options.maximumFields) this.fields.delete(this.fields.keys().next().value as string);
      state = { samples: [], valuesSinceCheck: 0 };
      this.fields.set(key, state);
    }
    return state;
  }
}
