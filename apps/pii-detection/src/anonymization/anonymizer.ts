import {
  applySyncOperator,
  DEFAULT_OPERATOR_KEY,
  DEFAULT_TOKEN_NAMESPACE,
  OperatorKeys,
  OperatorMap,
  SpanOperatorConfig,
  SpanOperatorName,
  Tokenizer,
} from './operators';

/** A span to protect; RecognizerResult fits, and so do Presidio's `analyzer_results` (any entity name). */
export interface AnonymizerSpan {
  entityType: string;
  start: number;
  end: number;
  score?: number;
}

/** One protected span in the OUTPUT text (Presidio's anonymizer item). */
export interface AnonymizedItem {
  start: number;
  end: number;
  entityType: string;
  /** The replacement now in the text (for `keep`, the original span). */
  text: string;
  operator: SpanOperatorName;
}

export interface AnonymizeResult {
  text: string;
  /** In text order. */
  items: AnonymizedItem[];
}

export interface AnonymizerDependencies {
  keys: OperatorKeys;
  /** Required only when an operator is `tokenize`. */
  tokenizer?: Tokenizer;
}

/** The default when neither the entity nor DEFAULT has an operator: `<ENTITY_TYPE>` (Presidio's). */
const FALLBACK_OPERATOR: SpanOperatorConfig = { operator: 'replace' };

export function operatorFor(operators: OperatorMap, entityType: string): SpanOperatorConfig {
  // Own properties only: an entity named `constructor` or `toString` must not find Object.prototype's.
  const own = (name: string) => (Object.hasOwn(operators, name) ? operators[name] : undefined);
  return own(entityType) ?? own(DEFAULT_OPERATOR_KEY) ?? FALLBACK_OPERATOR;
}

function compareSpans(a: AnonymizerSpan, b: AnonymizerSpan): number {
  return a.start - b.start || b.end - a.end || (b.score ?? 0) - (a.score ?? 0) || (a.entityType < b.entityType ? -1 : a.entityType > b.entityType ? 1 : 0);
}

function isInSpanOrder(spans: readonly AnonymizerSpan[]): boolean {
  for (let i = 1; i < spans.length; i++) if (compareSpans(spans[i - 1], spans[i]) > 0) return false;
  return true;
}

/**
 * Keeps a non-overlapping subset of spans, deterministically: earliest start first, then the
 * longest, then the highest score, then entity name. A span overlapping one already kept is
 * dropped, so a name containing a first-name span is protected once, as a whole.
 * Throws on a span outside the text.
 */
export function resolveOverlaps<T extends AnonymizerSpan>(spans: readonly T[], textLength: number): T[] {
  for (const span of spans) {
    if (!Number.isInteger(span.start) || !Number.isInteger(span.end) || span.start < 0 || span.end > textLength || span.start >= span.end) {
      throw new RangeError(`Span [${span.start}, ${span.end}) of ${span.entityType} is outside the text (length ${textLength}) or empty`);
    }
  }
  // Spans usually come in order already (one span, or the analyzer's results by start): a stable sort would leave them as they are.
  const ordered = isInSpanOrder(spans) ? spans : [...spans].sort(compareSpans);
  // Usually nothing overlaps: every span is kept, copied at its exact size.
  let coveredUntil = 0;
  let firstDropped = 0;
  while (firstDropped < ordered.length && ordered[firstDropped].start >= coveredUntil) coveredUntil = ordered[firstDropped++].end;
  if (firstDropped === ordered.length) return ordered === spans ? spans.slice() : (ordered as T[]);
  const kept: T[] = ordered.slice(0, firstDropped);
  for (let i = firstDropped + 1; i < ordered.length; i++) {
    const span = ordered[i];
    if (span.start < coveredUntil) continue;
    kept.push(span);
    coveredUntil = span.end;
  }
  return kept;
}

/**
 * Applies the operators to the text's spans and returns the new text with the items at their NEW
 * offsets (Presidio's anonymize response). Values are never logged; tokenize spans are resolved
 * through the vault in one batch per namespace.
 */
export async function anonymize(
  text: string,
  spans: readonly AnonymizerSpan[],
  operators: OperatorMap,
  dependencies: AnonymizerDependencies,
): Promise<AnonymizeResult> {
  const selected = resolveOverlaps(spans, text.length);
  const replacements: string[] = new Array<string>(selected.length);
  const configs = selected.map((span) => operatorFor(operators, span.entityType));

  // Tokenize: group by namespace so each namespace costs one vault round trip.
  const pendingByNamespace = new Map<string, number[]>();
  configs.forEach((config, index) => {
    if (config.operator !== 'tokenize') return;
    const namespace = config.params?.namespace ?? DEFAULT_TOKEN_NAMESPACE;
    const pending = pendingByNamespace.get(namespace);
    if (pending) pending.push(index);
    else pendingByNamespace.set(namespace, [index]);
  });
  if (pendingByNamespace.size > 0) {
    const tokenizer = dependencies.tokenizer;
    if (!tokenizer) throw new Error('The tokenize operator needs the token vault, which is not available here');
    for (const [namespace, indexes] of pendingByNamespace) {
      const entries = indexes.map((index) => ({ entityType: selected[index].entityType, value: text.slice(selected[index].start, selected[index].end) }));
      const tokens = await tokenizer.tokenizeMany(namespace, entries);
      indexes.forEach((index, position) => (replacements[index] = tokens[position]));
    }
  }

  // Pieces joined once at the end; `length` tracks the output offset (linear in text + replacements).
  const pieces: string[] = [];
  let length = 0;
  let cursor = 0;
  const items: AnonymizedItem[] = [];
  selected.forEach((span, index) => {
    const config = configs[index];
    const replacement =
      config.operator === 'tokenize' ? replacements[index] : applySyncOperator(text.slice(span.start, span.end), span.entityType, config, dependencies.keys);
    const between = text.slice(cursor, span.start);
    pieces.push(between, replacement);
    length += between.length;
    items.push({ start: length, end: length + replacement.length, entityType: span.entityType, text: replacement, operator: config.operator });
    length += replacement.length;
    cursor = span.end;
  });
  pieces.push(text.slice(cursor));
  return { text: pieces.join(''), items };
}
