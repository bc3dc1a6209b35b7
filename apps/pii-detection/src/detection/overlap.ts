import type { EntityType, RecognizerResult } from './detection.types';

/**
 * Fixed tie-break priority (higher wins) used only after validated, score and length: identifiers
 * with checksums beat loose shapes (phone, bank number, date); e-mail beats URL.
 */
export const ENTITY_PRIORITY: readonly EntityType[] = [
  'CREDIT_CARD',
  'IBAN_CODE',
  'CRYPTO',
  'US_SSN',
  'US_ITIN',
  'IT_FISCAL_CODE',
  'FR_NIR',
  'ES_NIF',
  'ES_NIE',
  'BE_NATIONAL_NUMBER',
  'FI_PERSONAL_IDENTITY_CODE',
  'SE_PERSONNUMMER',
  'DE_TAX_ID',
  'AT_SOCIAL_SECURITY_NUMBER',
  'PL_PESEL',
  'IE_PPSN',
  'NL_BSN',
  'PT_NIF',
  'DK_CPR',
  'UK_NHS',
  'MEDICAL_LICENSE',
  'EMAIL_ADDRESS',
  'IP_ADDRESS',
  'MAC_ADDRESS',
  'URL',
  'STREET_ADDRESS',
  'US_PASSPORT',
  'US_DRIVER_LICENSE',
  'PHONE_NUMBER',
  'DATE_TIME',
  'US_BANK_NUMBER',
  'PERSON',
  'LOCATION',
  'NRP',
];

const RANK = new Map<EntityType, number>(ENTITY_PRIORITY.map((e, i) => [e, ENTITY_PRIORITY.length - i]));
const NER_TYPES = new Set<EntityType>(['PERSON', 'LOCATION', 'NRP']);

function rank(e: EntityType): number {
  return RANK.get(e) ?? 0;
}

/** Negative when `a` should win over `b`. */
export function compareResults(a: RecognizerResult, b: RecognizerResult): number {
  const lenA = a.end - a.start;
  const lenB = b.end - b.start;
  // A street address against a name/location from NER: the longer span wins.
  const addressVsNer =
    (a.entityType === 'STREET_ADDRESS' && NER_TYPES.has(b.entityType)) || (b.entityType === 'STREET_ADDRESS' && NER_TYPES.has(a.entityType));
  if (addressVsNer && lenA !== lenB) return lenB - lenA;
  if (a.validated !== b.validated) return a.validated ? -1 : 1;
  if (a.score !== b.score) return b.score - a.score;
  if (lenA !== lenB) return lenB - lenA;
  const pr = rank(b.entityType) - rank(a.entityType);
  if (pr !== 0) return pr;
  return canonical(a, b);
}

/** Total order on everything a result carries, so sorting never depends on input order. */
function canonical(a: RecognizerResult, b: RecognizerResult): number {
  if (a.start !== b.start) return a.start - b.start;
  if (a.end !== b.end) return a.end - b.end;
  if (a.entityType !== b.entityType) return a.entityType < b.entityType ? -1 : 1;
  if (a.recognizer !== b.recognizer) return a.recognizer < b.recognizer ? -1 : 1;
  if (a.score !== b.score) return b.score - a.score;
  const ea = a.explanation ?? '';
  const eb = b.explanation ?? '';
  return ea < eb ? -1 : ea > eb ? 1 : 0;
}

/**
 * Keeps a set of non-overlapping results: candidates are taken best-first (validated, score,
 * length, entity priority) and a candidate overlapping an already kept span is dropped.
 * Output is sorted by start. The same input multiset gives the same output in any order.
 * Linear in the text covered plus n log n: kept spans own their positions in one typed array, and
 * a candidate's scan jumps over each kept span it meets.
 */
export function resolveOverlaps(results: readonly RecognizerResult[]): RecognizerResult[] {
  if (results.length <= 1) return results.slice();
  // Common case: nothing overlaps, so everything is kept, in start order.
  const byStart = results.slice().sort(canonical);
  let disjoint = true;
  const from = byStart[0].start;
  let to = byStart[0].end;
  for (let i = 1; i < byStart.length; i++) {
    if (byStart[i].start < byStart[i - 1].end) disjoint = false;
    if (byStart[i].end > to) to = byStart[i].end;
  }
  if (disjoint) return byStart;
  // compareResults ends in the canonical total order, so one sort is deterministic.
  const ordered = byStart.sort(compareResults);
  // owner[p - from] = 1 + index in `kept` of the span covering p (0: free).
  const owner = new Int32Array(to - from);
  const kept: RecognizerResult[] = [];
  for (const r of ordered) {
    let first = 0;
    let several = false;
    for (let p = r.start; p < r.end; p++) {
      const o = owner[p - from];
      if (o === 0) continue;
      if (first === 0) first = o;
      else if (o !== first) {
        several = true;
        break;
      }
      p = kept[o - 1].end - 1;
    }
    if (first === 0) {
      kept.push(r);
      owner.fill(kept.length, r.start - from, r.end - from);
    } else if (!several) {
      absorbIntoAddress(kept, first - 1, r, owner, from);
    }
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** Longest name/place piece an address may swallow at its edge. */
const MAX_ABSORBED = 40;

/**
 * A name or place that lost to an overlapping street address but sticks out of it ("… Den" +
 * LOCATION "Den Haag") is part of the same address: the address grows to cover it, unless that
 * would touch another kept span.
 */
function absorbIntoAddress(kept: RecognizerResult[], index: number, r: RecognizerResult, owner: Int32Array, from: number): void {
  const k = kept[index];
  if (k.entityType !== 'STREET_ADDRESS' || !NER_TYPES.has(r.entityType) || r.end - r.start > MAX_ABSORBED) return;
  if (r.start >= k.start && r.end <= k.end) return;
  const start = Math.min(k.start, r.start);
  const end = Math.max(k.end, r.end);
  const mine = index + 1;
  // Only the grown parts, outside k, need checking (r overlapped k alone).
  for (let p = start; p < k.start; p++) if (owner[p - from] !== 0) return;
  for (let p = k.end; p < end; p++) if (owner[p - from] !== 0) return;
  owner.fill(mine, start - from, end - from);
  kept[index] = { ...k, start, end, explanation: `${k.explanation ?? k.recognizer}; absorbed ${r.entityType}` };
}
