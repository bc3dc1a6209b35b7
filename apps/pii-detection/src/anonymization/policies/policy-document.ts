import { SOURCE_ID_PATTERN } from '@atlas/contracts';
import { ENTITY_TYPES } from '../../detection/detection.types';
import { DEFAULT_OPERATOR_KEY, OperatorConfig, parseAtlasOperator, ParseResult, SpanOperatorConfig } from '../operators';
import { ANY_SOURCE, PolicyDocument } from './policy.types';

const SOURCE_ID = new RegExp(SOURCE_ID_PATTERN);
const FIELD_PATH = /^[^\s.[\]][^\s]{0,255}$/;
const MAX_DESCRIPTION = 500;
const MAX_FIELD_RULES = 500;

export interface PolicyPutBody {
  sourceId: string;
  document: PolicyDocument;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a policy (the PUT body, or a stored document on reload) and lists every problem:
 * `{ sourceId, rules: { ENTITY|DEFAULT: { operator, params? } }, fieldRules?: { path: { operator, params? } }, description? }`.
 */
export function parsePolicyBody(body: unknown): ParseResult<PolicyPutBody> {
  if (!isObject(body)) return { ok: false, problems: ['The body must be a JSON object { sourceId, rules, fieldRules?, description? }'] };
  const problems: string[] = [];
  // An unknown property is named by its position only: a caller's input is never echoed.
  Object.keys(body).forEach((key, position) => {
    if (!['sourceId', 'rules', 'fieldRules', 'description'].includes(key)) {
      problems.push(`unknown property at position ${position + 1} (allowed: sourceId, rules, fieldRules, description)`);
    }
  });
  const sourceId = body.sourceId;
  if (typeof sourceId !== 'string' || (sourceId !== ANY_SOURCE && !SOURCE_ID.test(sourceId))) {
    problems.push(`sourceId must be "${ANY_SOURCE}" (every source) or a source id (1-63 lowercase letters, digits, "_" or "-")`);
  }
  const document = parseDocument({ rules: body.rules, fieldRules: body.fieldRules, description: body.description }, problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { sourceId: sourceId as string, document: document! } };
}

/** Parses the `document` part; problems are appended to `problems`. */
export function parseDocument(raw: Record<string, unknown>, problems: string[] = []): PolicyDocument | undefined {
  const before = problems.length;
  // Null-prototype maps: a field named `__proto__` or `constructor` is an ordinary entry, never Object's.
  const rules: Record<string, SpanOperatorConfig> = Object.create(null) as Record<string, SpanOperatorConfig>;
  if (!isObject(raw.rules)) {
    problems.push('rules must be an object mapping entity types (or DEFAULT) to { operator, params? }');
  } else {
    for (const [entityType, rawRule] of Object.entries(raw.rules)) {
      const where = `rules.${entityType}`;
      if (entityType !== DEFAULT_OPERATOR_KEY && !(ENTITY_TYPES as readonly string[]).includes(entityType)) {
        problems.push(`${where}: unknown entity type (use DEFAULT or one of GET /supportedentities)`);
        continue;
      }
      const parsed = parseAtlasOperator(rawRule, where);
      if (!parsed.ok) problems.push(...parsed.problems);
      else if (parsed.value.operator === 'drop') problems.push(`${where}: drop removes a whole field; use it in fieldRules (redact removes a span)`);
      else rules[entityType] = parsed.value;
    }
  }
  let fieldRules: Record<string, OperatorConfig> | undefined;
  if (raw.fieldRules !== undefined) {
    if (!isObject(raw.fieldRules)) {
      problems.push('fieldRules must be an object mapping field paths to { operator, params? }');
    } else if (Object.keys(raw.fieldRules).length > MAX_FIELD_RULES) {
      problems.push(`fieldRules may hold at most ${MAX_FIELD_RULES} fields`);
    } else {
      fieldRules = Object.create(null) as Record<string, OperatorConfig>;
      for (const [field, rawRule] of Object.entries(raw.fieldRules)) {
        if (!FIELD_PATH.test(field)) {
          problems.push(`fieldRules: "${field.slice(0, 40)}" is not a field path (e.g. email or contact.email)`);
          continue;
        }
        const parsed = parseAtlasOperator(rawRule, `fieldRules.${field}`);
        if (!parsed.ok) problems.push(...parsed.problems);
        else fieldRules[field] = parsed.value;
      }
    }
  }
  if (raw.description !== undefined && (typeof raw.description !== 'string' || raw.description.length > MAX_DESCRIPTION)) {
    problems.push(`description must be a string of at most ${MAX_DESCRIPTION} characters`);
  }
  if (problems.length > before) return undefined;
  return {
    rules,
    ...(fieldRules !== undefined ? { fieldRules } : {}),
    ...(raw.description !== undefined ? { description: raw.description as string } : {}),
  };
}
