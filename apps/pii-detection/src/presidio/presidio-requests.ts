import { DEFAULT_OPERATOR_KEY, OperatorMap, parsePresidioOperator, ParseResult, SpanOperatorConfig } from '../anonymization/operators';

/** Presidio's /analyze body (snake_case). `text` may also be an array: Atlas's batch form. */
export interface AnalyzeRequest {
  texts: string[];
  batch: boolean;
  language: string;
  entities?: string[];
  correlationId?: string;
  scoreThreshold: number;
  returnDecisionProcess: boolean;
  context?: string[];
  allowList: Set<string>;
}

export interface PresidioAnalyzerResultIn {
  start: number;
  end: number;
  score: number;
  entityType: string;
}

/** Presidio's /anonymize body. Offsets are in code points, as Presidio counts them. */
export interface AnonymizeRequest {
  text: string;
  operators: OperatorMap;
  analyzerResults: PresidioAnalyzerResultIn[];
}

export const MAX_BATCH_TEXTS = 1000;
const MAX_LIST = 1000;
const MAX_CONTEXT_WORDS = 50;
const LANGUAGE = /^[a-z]{2}$/;
const ENTITY_NAME = /^[A-Za-z0-9_]{1,100}$/;

type Raw = Record<string, unknown>;

/** Code points in a string (a surrogate pair counts once), without building an array. */
function countCodePoints(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, name: string, problems: string[], max = MAX_LIST): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    problems.push(`${name} must be a list of strings`);
    return undefined;
  }
  if (value.length > max) {
    problems.push(`${name} may hold at most ${max} items`);
    return undefined;
  }
  return value as string[];
}

/**
 * Validates an /analyze body like Presidio does ("No text provided", "No language provided"), plus
 * the options Atlas cannot honour (ad-hoc recognizers, regex allow lists) named explicitly.
 * Unknown properties are ignored, as Presidio ignores them.
 */
export function parseAnalyzeRequest(body: unknown): ParseResult<AnalyzeRequest> {
  if (!isObject(body)) return { ok: false, problems: ['The body must be a JSON object'] };
  const problems: string[] = [];
  const { text, language } = body;
  let texts: string[] = [];
  const batch = Array.isArray(text);
  if (batch) {
    if (text.length === 0) problems.push('No text provided');
    else if (text.length > MAX_BATCH_TEXTS) problems.push(`text may hold at most ${MAX_BATCH_TEXTS} texts per request`);
    else if (text.some((item) => typeof item !== 'string')) problems.push('text must be a string or a list of strings');
    else texts = text as string[];
  } else if (typeof text !== 'string' || text.length === 0) {
    problems.push(text === undefined || text === '' || text === null ? 'No text provided' : 'text must be a string or a list of strings');
  } else {
    texts = [text];
  }
  if (language === undefined || language === null || language === '') problems.push('No language provided');
  else if (typeof language !== 'string' || !LANGUAGE.test(language)) problems.push('language must be a two-letter ISO 639-1 code, e.g. "en"');

  const entities = stringList(body.entities, 'entities', problems);
  const context = stringList(body.context, 'context', problems, MAX_CONTEXT_WORDS);
  const allowList = stringList(body.allow_list, 'allow_list', problems);

  const scoreThreshold = body.score_threshold ?? 0;
  if (typeof scoreThreshold !== 'number' || !(scoreThreshold >= 0 && scoreThreshold <= 1)) problems.push('score_threshold must be a number from 0 to 1');
  const returnDecisionProcess = body.return_decision_process ?? false;
  if (typeof returnDecisionProcess !== 'boolean') problems.push('return_decision_process must be a boolean');
  const correlationId = body.correlation_id;
  if (correlationId !== undefined && correlationId !== null && typeof correlationId !== 'string') problems.push('correlation_id must be a string');

  if (body.ad_hoc_recognizers !== undefined && body.ad_hoc_recognizers !== null && !(Array.isArray(body.ad_hoc_recognizers) && body.ad_hoc_recognizers.length === 0)) {
    problems.push('ad_hoc_recognizers are not supported by Atlas; recognizers are configured in the service');
  }
  const allowListMatch = body.allow_list_match ?? 'exact';
  if (allowListMatch !== 'exact') problems.push('allow_list_match: only "exact" is supported');

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      texts,
      batch,
      language: language as string,
      ...(entities !== undefined ? { entities } : {}),
      ...(typeof correlationId === 'string' ? { correlationId } : {}),
      scoreThreshold: scoreThreshold as number,
      returnDecisionProcess: returnDecisionProcess as boolean,
      ...(context !== undefined && context.length > 0 ? { context } : {}),
      allowList: new Set(allowList ?? []),
    },
  };
}

/** Validates an /anonymize body: `{ text, anonymizers?, analyzer_results }`. */
export function parseAnonymizeRequest(body: unknown): ParseResult<AnonymizeRequest> {
  if (!isObject(body)) return { ok: false, problems: ['The body must be a JSON object'] };
  const problems: string[] = [];
  const { text } = body;
  if (typeof text !== 'string' || text.length === 0) problems.push('Invalid input, text can not be empty');

  const operators: Record<string, SpanOperatorConfig> = {};
  if (body.anonymizers !== undefined && body.anonymizers !== null) {
    if (!isObject(body.anonymizers)) {
      problems.push('anonymizers must be an object mapping entity types (or DEFAULT) to { type, ... }');
    } else {
      for (const [position, [entityType, raw]] of Object.entries(body.anonymizers).entries()) {
        if (entityType !== DEFAULT_OPERATOR_KEY && !ENTITY_NAME.test(entityType)) {
          // The key is not quoted back: a caller's input is never echoed.
          problems.push(`anonymizers: key ${position + 1} is not an entity type (letters, digits and _, at most 100)`);
          continue;
        }
        const parsed = parsePresidioOperator(raw, `anonymizers.${entityType}`);
        if (parsed.ok) operators[entityType] = parsed.value;
        else problems.push(...parsed.problems);
      }
    }
  }

  const analyzerResults: PresidioAnalyzerResultIn[] = [];
  const rawResults = body.analyzer_results;
  // Offsets count code points, as Presidio does; counted once, not once per result.
  let codePointLength: number | undefined;
  const textLength = (): number => (codePointLength ??= countCodePoints(text as string));
  if (!Array.isArray(rawResults)) {
    problems.push('Invalid input, analyzer_results must be a list of { start, end, score, entity_type }');
  } else if (rawResults.length > MAX_LIST) {
    problems.push(`analyzer_results may hold at most ${MAX_LIST} items`);
  } else {
    rawResults.forEach((raw, index) => {
      const where = `analyzer_results[${index}]`;
      if (!isObject(raw)) {
        problems.push(`${where} must be an object { start, end, score, entity_type }`);
        return;
      }
      const { start, end, score, entity_type: entityType } = raw;
      const before = problems.length;
      if (typeof entityType !== 'string' || !ENTITY_NAME.test(entityType)) problems.push(`${where}.entity_type must be a non-empty entity name`);
      if (!Number.isInteger(start) || (start as number) < 0) problems.push(`${where}.start must be a non-negative integer`);
      if (!Number.isInteger(end) || (end as number) < 0) problems.push(`${where}.end must be a non-negative integer`);
      if (score !== undefined && (typeof score !== 'number' || !(score >= 0 && score <= 1))) problems.push(`${where}.score must be a number from 0 to 1`);
      if (problems.length > before) return;
      if ((start as number) >= (end as number)) {
        problems.push(`Invalid input, analyzer result start index '${start as number}' must be smaller than end index '${end as number}' (${where})`);
      } else if (typeof text === 'string' && (end as number) > textLength()) {
        problems.push(`Invalid input, analyzer result end index '${end as number}' must be smaller than the text length (${where})`);
      } else {
        analyzerResults.push({ start: start as number, end: end as number, score: (score as number | undefined) ?? 0, entityType: entityType as string });
      }
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { text: text as string, operators, analyzerResults } };
}
