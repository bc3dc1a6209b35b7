import { MAX_PAYLOAD_DEPTH, PayloadTooDeepError } from '@atlas/contracts';
import { anonymize, AnonymizerDependencies, resolveOverlaps } from '../anonymization/anonymizer';
import type { OperatorMap, SpanOperatorName } from '../anonymization/operators';
import { RecognizerResult } from '../detection/detection.types';

export interface KeyFinding {
  entityType: string;
  start: number;
  end: number;
  score: number;
  operator: SpanOperatorName;
}

/** How a key holding personal data appears in the protected payload. */
export interface ProtectedKey {
  /** The key protected by the policy's operators (before making it unique within its object). */
  outputKey: string;
  /** The key with each finding replaced by `<ENTITY_TYPE>`: how its column is named in classifications. */
  columnKey: string;
  findings: KeyFinding[];
}

/** Distinct keys of a payload that hold personal data, by raw key. Empty for ordinary payloads. */
export type KeyPlan = ReadonlyMap<string, ProtectedKey>;

export const EMPTY_KEY_PLAN: KeyPlan = new Map();

/**
 * Walks the payload without recursion: checks its depth (a permanent PayloadTooDeepError beyond the
 * record contract's MAX_PAYLOAD_DEPTH, so a record that slipped past the contract is dead-lettered,
 * never walked into a stack overflow) and returns the distinct keys holding personal data with their findings.
 */
export function findPersonalKeys(payload: Record<string, unknown>, analyzeKey: (key: string) => readonly RecognizerResult[]): Map<string, readonly RecognizerResult[]> {
  const found = new Map<string, readonly RecognizerResult[]>();
  if (isFlatWithPlainKeys(payload, analyzeKey)) return found;
  const seen = new Set<string>();
  const stack: Array<{ value: object; depth: number }> = [{ value: payload, depth: 1 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (depth > MAX_PAYLOAD_DEPTH) throw new PayloadTooDeepError(MAX_PAYLOAD_DEPTH);
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'object' && item !== null) stack.push({ value: item as object, depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(value)) {
      if (!seen.has(key)) {
        seen.add(key);
        const results = key.length > 0 ? analyzeKey(key) : [];
        if (results.length > 0) found.set(key, results);
      }
      const child = (value as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1 });
    }
  }
  return found;
}

/** The usual record: no nested object or array, no key holding personal data (read without the walk's set and stack). */
function isFlatWithPlainKeys(payload: Record<string, unknown>, analyzeKey: (key: string) => readonly RecognizerResult[]): boolean {
  for (const key in payload) {
    if (!Object.hasOwn(payload, key)) continue;
    const child = payload[key];
    if ((typeof child === 'object' && child !== null) || (key.length > 0 && analyzeKey(key).length > 0)) return false;
  }
  return true;
}

/** Protects each key holding personal data once, by the policy's operators (tokenize through the vault). */
export async function protectKeys(found: ReadonlyMap<string, readonly RecognizerResult[]>, operators: OperatorMap, dependencies: AnonymizerDependencies): Promise<KeyPlan> {
  const plan = new Map<string, ProtectedKey>();
  for (const [key, results] of found) {
    const selected = resolveOverlaps(results, key.length);
    const protectedKey = await anonymize(key, selected, operators, dependencies);
    let columnKey = '';
    let cursor = 0;
    for (const span of selected) {
      columnKey += `${key.slice(cursor, span.start)}<${span.entityType}>`;
      cursor = span.end;
    }
    columnKey += key.slice(cursor);
    const findings = selected.map((span, index) => ({
      entityType: span.entityType,
      start: span.start,
      end: span.end,
      score: Math.round((span.score ?? 1) * 1000) / 1000,
      operator: protectedKey.items[index].operator,
    }));
    plan.set(key, { outputKey: protectedKey.text, columnKey, findings });
  }
  return plan;
}
