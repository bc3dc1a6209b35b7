import type { CheckLevel } from '../checks/check-model';
import type { OdcsQuality } from './odcs-document';
import type { Compiled } from './odcs-property-rules';

const WARNING_SEVERITIES = new Set(['info', 'warning', 'warn', 'minor', 'low']);
const WINDOW_REASON = 'spans many records; it needs a windowed check, not evaluated yet';

/** ODCS severity is free text: informational words warn, anything else (error, critical, none given) fails. */
export function levelOf(severity: string | undefined): CheckLevel {
  return severity !== undefined && WARNING_SEVERITIES.has(severity.toLowerCase()) ? 'warn' : 'fail';
}

/**
 * Whether a threshold on a count of bad records tolerates none: then each bad record breaks it,
 * and the rule can be enforced per record. Any other threshold is a statement about a window.
 */
function toleratesNone(rule: OdcsQuality): boolean {
  if (rule.mustBe === 0) return true;
  if (rule.mustBeLessOrEqualTo === 0) return true;
  return rule.mustBeLessThan !== undefined && rule.mustBeLessThan > 0 && rule.mustBeLessThan <= 1 && rule.unit !== 'percent';
}

/** A property's `quality` rule: zero-tolerance library metrics become per-record checks; the rest is reported. */
export function compilePropertyQuality(rule: OdcsQuality, field: string[], pointer: string): Compiled {
  const compiled: Compiled = { checks: [], notEvaluated: [] };
  const type = rule.type ?? 'library';
  const metric = rule.metric ?? rule.rule;
  const fieldName = field.join('.');
  if (type !== 'library' || !metric) {
    const element = type === 'custom' ? `quality.custom${rule.engine ? `(${rule.engine})` : ''}` : `quality.${type}`;
    const reasons: Record<string, string> = {
      text: 'a text rule is written for people; there is nothing to run',
      sql: 'a SQL rule queries a table; Atlas checks records in a stream',
      custom: `rules for another engine${rule.engine ? ` (${rule.engine})` : ''} are not run by Atlas`,
    };
    compiled.notEvaluated.push({ path: pointer, element, reason: reasons[type] ?? `quality type "${type}" is unknown` });
    return compiled;
  }
  const element = `quality.${metric}`;
  if (metric === 'duplicateValues' || metric === 'rowCount') {
    compiled.notEvaluated.push({ path: pointer, element, reason: WINDOW_REASON });
    return compiled;
  }
  if (!toleratesNone(rule)) {
    compiled.notEvaluated.push({ path: pointer, element, reason: `its threshold tolerates some bad records, so it ${WINDOW_REASON}` });
    return compiled;
  }
  const level = levelOf(rule.severity);
  const base = { field, level, origin: pointer, idSuffix: metric, ...(rule.id ? { ruleId: rule.id } : {}) };
  const args = rule.arguments ?? {};
  if (metric === 'nullValues') {
    compiled.checks.push({ ...base, name: rule.name ?? `${fieldName} has no null values`, type: 'not_null', parameters: { missingValues: [] } });
  } else if (metric === 'missingValues') {
    const missingValues = Array.isArray(args.missingValues) ? args.missingValues : [null, ''];
    compiled.checks.push({ ...base, name: rule.name ?? `${fieldName} has no missing values`, type: 'not_null', parameters: { missingValues } });
  } else if (metric === 'invalidValues') {
    if (args.validValues !== undefined) compiled.checks.push({ ...base, name: rule.name ?? `${fieldName} has only valid values`, type: 'allowed_values', parameters: { values: args.validValues } });
    if (args.pattern !== undefined) compiled.checks.push({ ...base, name: rule.name ?? `${fieldName} matches ${String(args.pattern)}`, type: 'pattern', parameters: { pattern: args.pattern } });
    if (args.validValues === undefined && args.pattern === undefined) compiled.notEvaluated.push({ path: pointer, element, reason: 'invalidValues needs arguments.validValues or arguments.pattern' });
  } else {
    compiled.notEvaluated.push({ path: pointer, element, reason: `metric "${metric}" is unknown` });
  }
  return compiled;
}

/** A schema object's `quality` rule: every library metric there (rowCount, duplicateValues) spans records. */
export function compileSchemaQuality(rule: OdcsQuality, pointer: string): Compiled {
  const type = rule.type ?? 'library';
  const metric = rule.metric ?? rule.rule;
  if (type === 'library' && metric) return { checks: [], notEvaluated: [{ path: pointer, element: `quality.${metric}`, reason: WINDOW_REASON }] };
  return compilePropertyQuality(rule, [], pointer);
}
