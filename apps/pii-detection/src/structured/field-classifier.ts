import type { ProfileColumnHint } from '@atlas/contracts';
import { ENTITY_TYPES, EntityType, RecognizerResult, TextAnalyzer } from '../detection/detection.types';
import { fieldNameWords } from '../detection/context';
import { dropContradicted, FieldRead, isIdentifierName, isIdShaped, isOpaqueIdentifier, isPersonalIdName, isVersionName, phoneByFieldName } from './value-rules';

export type FieldMode = 'whole_value' | 'free_text' | 'none';

export interface FieldClassification {
  /** The entity every value of the field is, when the field holds one kind of identifier. */
  entityType: EntityType | null;
  confidence: number;
  /**
   * whole_value: each value is one entity (an e-mail column); protect the value without scanning.
   * free_text: values contain entities among other text; scan span by span.
   * none: nothing personal seen in the samples; values are re-checked on a sample basis.
   */
  mode: FieldMode;
  /** In a `none` field: entity types the field is known to hold without being personal (system timestamps). */
  ignoredEntityTypes?: readonly EntityType[];
  /** In a `none` field: surrogate keys or codes (UUIDs, hashes, order codes), never partly rewritten. */
  identifier?: boolean;
}

// Share of sampled values that must be entirely one entity type for a whole-value verdict.
const WHOLE_VALUE_SHARE = 0.8;
// Spans covering this much of a value's letters and digits count as "the whole value".
const WHOLE_VALUE_COVERAGE = 0.9;
// With a field name that names a non-personal kind (ids, amounts, companies…), label-like values
// with findings in at most this share of the samples are still skipped (with periodic re-checks).
const NON_PERSONAL_NAME_FINDINGS_SHARE = 0.5;
// Code-like values (UUIDs, numbers, product codes) with findings in at most this share are skipped.
const CODE_FINDINGS_SHARE = 0.2;
// Without a telling field name, this share of values wholly one kind of name (the rest fitting its shape) suffices.
const UNNAMED_NAME_SHARE = 0.5;
// Without a telling field name: values wholly found as street addresses, and values shaped like addresses.
const UNNAMED_STREET_SHARE = 0.25;
const ADDRESS_SHAPE_SHARE = 0.9;

function sampleText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return null;
}

// ---------------------------------------------------------------------------------------------
// Field names
// ---------------------------------------------------------------------------------------------

/** What a field name says about its values. */
type NameHint =
  | { kind: 'entity'; entityType: EntityType }
  /** A system date or time (created_at, updated, ts): not personal by itself. */
  | { kind: 'system_time' }
  /** Identifiers, amounts, codes, statuses, organisations, jobs: nothing personal expected. */
  | { kind: 'non_personal' }
  | { kind: 'unknown' };

const has = (tokens: ReadonlySet<string>, ...words: string[]): boolean => words.some((word) => tokens.has(word));

const PERSON_WORDS = ['name', 'names', 'fname', 'lname', 'firstname', 'lastname', 'surname', 'surnames', 'forename', 'fullname', 'middlename', 'givenname', 'familyname', 'maiden', 'holder', 'cardholder', 'accountholder', 'nickname'];
// "company_name", "file_name": a name, but not a person's.
const NOT_PERSON_WORDS = ['company', 'product', 'file', 'filename', 'user', 'username', 'host', 'hostname', 'domain', 'brand', 'item', 'org', 'organisation', 'organization', 'business', 'shop', 'store', 'merchant', 'bank', 'street', 'city', 'country', 'table', 'column', 'field', 'app', 'service', 'project', 'team', 'display', 'screen'];
const NON_PERSONAL_WORDS = ['id', 'ids', 'uuid', 'guid', 'ref', 'reference', 'order', 'sku', 'code', 'product', 'item', 'amount', 'total', 'price', 'cost', 'qty', 'quantity', 'count', 'status', 'state_code', 'zip', 'zipcode', 'postcode', 'postal', 'job', 'occupation', 'title', 'company', 'employer', 'organisation', 'organization', 'currency', 'type', 'category', 'flag', 'version', 'hash', 'checksum'];
const SYSTEM_TIME_WORDS = ['created', 'updated', 'modified', 'deleted', 'inserted', 'changed', 'timestamp', 'ts', 'time', 'expires', 'expiry', 'logged', 'seen', 'processed', 'synced', 'at'];
const PERSONAL_DATE_WORDS = ['dob', 'birth', 'birthday', 'birthdate', 'born', 'death', 'died', 'deceased', 'hired', 'hire', 'anniversary', 'dod'];

/** Reads the field name as a prior: `e_mail`, `contactEmail`, `tel`, `dob`, `addr_line1`, `cc`… */
export function nameHint(fieldName: string): NameHint {
  const list = fieldNameWords(fieldName);
  const tokens = new Set(list);
  const joined = list.join('');
  const entity = (entityType: EntityType): NameHint => ({ kind: 'entity', entityType });
  if (has(tokens, 'email', 'mail', 'emails') || joined.includes('email')) return entity('EMAIL_ADDRESS');
  if (has(tokens, 'ip', 'ipv4', 'ipv6', 'ipaddress', 'ipaddr') || joined.startsWith('ipaddr')) return entity('IP_ADDRESS');
  if (has(tokens, 'iban') || (has(tokens, 'bank') && has(tokens, 'account')) || joined.includes('bankaccount')) return entity('IBAN_CODE');
  if (has(tokens, 'ssn') || joined.includes('socialsecurity')) return entity('US_SSN');
  if (has(tokens, ...PERSONAL_DATE_WORDS) || joined.includes('birth') || joined.includes('dateofdeath')) return entity('DATE_TIME');
  if (has(tokens, 'phone', 'phones', 'tel', 'telephone', 'mobile', 'cell', 'cellphone', 'fax', 'msisdn') || joined.includes('phone')) return entity('PHONE_NUMBER');
  if (has(tokens, 'nationality', 'citizenship', 'ethnicity', 'religion', 'nationalities')) return entity('NRP');
  const personal = has(tokens, ...PERSON_WORDS) || joined.includes('firstname') || joined.includes('lastname') || (has(tokens, 'given', 'family', 'first', 'last', 'middle') && has(tokens, 'name'));
  if (personal && !has(tokens, ...NOT_PERSON_WORDS)) return entity('PERSON');
  if (has(tokens, 'card', 'cc', 'pan', 'ccn', 'creditcard', 'cardnumber') || joined.includes('creditcard') || joined.includes('cardnumber')) {
    if (!has(tokens, 'type', 'brand', 'expiry', 'exp', 'expires', 'cvv', 'cvc', 'count')) return entity('CREDIT_CARD');
  }
  if (has(tokens, 'address', 'addr', 'street', 'addresses', 'streetaddress') || joined.includes('address')) {
    if (!has(tokens, 'mac', 'url', 'web')) return entity('STREET_ADDRESS');
  }
  if (has(tokens, 'city', 'town', 'state', 'region', 'province', 'county', 'country', 'village', 'municipality', 'district')) {
    if (!has(tokens, 'code', 'id', 'status', 'iso')) return entity('LOCATION');
  }
  const last = list[list.length - 1];
  if (has(tokens, 'created', 'updated', 'modified', 'deleted', 'inserted', 'timestamp', 'ts') || last === 'at' || (last === 'time' && list.length > 1)) return { kind: 'system_time' };
  if (has(tokens, ...NON_PERSONAL_WORDS) || joined === 'statecode') return { kind: 'non_personal' };
  if (has(tokens, ...SYSTEM_TIME_WORDS)) return { kind: 'system_time' };
  return { kind: 'unknown' };
}

/** What the field name says about single values (see value-rules). */
export function fieldRead(fieldName: string): FieldRead {
  const hint = nameHint(fieldName);
  return {
    systemTime: hint.kind === 'system_time',
    personalDate: hint.kind === 'entity' && hint.entityType === 'DATE_TIME',
    version: isVersionName(fieldName),
    phone: hint.kind === 'entity' && hint.entityType === 'PHONE_NUMBER',
  };
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^[+-]?\d+(?:[.,]\d+)?$/;
const TIME_OF_DAY = /\d{1,2}:\d{2}/;

/** Opaque codes: UUIDs, numbers, `ORD-12345678`, `AB-1234-XL`, `880 51` (no words in them). */
function isCodeLike(text: string): boolean {
  const value = text.trim();
  if (UUID.test(value) || NUMBER.test(value)) return true;
  if (value.length > 40 || !/\d/.test(value)) return false;
  return value.split(/[\s\-_/.:#]+/).every((part) => part === '' || /^\d+$/.test(part) || /^[A-Z]{1,3}$/.test(part) || (/^[A-Za-z0-9]+$/.test(part) && /\d/.test(part)));
}

/** Short labels (job titles, company names, statuses): few words, not sentences. */
function isLabelLike(text: string): boolean {
  const value = text.trim();
  if (/\S@\S/.test(value)) return false;
  const words = value.split(/\s+/).length;
  // A sentence ("… the damaged item.", "worker. Next"), not initials or abbreviations ("J. K. Gill", "Flagg Bros. Shoes").
  return words <= 10 && !(words >= 4 && /\p{Ll}{2,}[.!?;](?:\s|$)/u.test(value));
}

/** Prose or labels of several words: without a non-personal field name, these stay under full scanning. */
function isProse(text: string): boolean {
  return /\p{L}{2,}\s+\p{L}{2,}/u.test(text);
}

const hasLetters = (text: string): boolean => /\p{L}/u.test(text);
const hasDigits = (text: string): boolean => /\d/.test(text);

/** Values whose shape fits an entity type a field name announced (used when the analyzer is unsure). */
function fitsShape(entityType: EntityType, text: string): boolean {
  const value = text.trim();
  switch (entityType) {
    case 'PERSON':
    case 'LOCATION':
    case 'NRP':
      // Names of people and places: words of letters (with particles, hyphens, apostrophes, brackets).
      return value.length <= 80 && hasLetters(value) && !hasDigits(value) && !value.includes('@') && value.split(/\s+/).length <= 6;
    case 'STREET_ADDRESS':
      // A street and a number (or a P.O. box): a word and a number, no e-mail, not too long.
      return value.length <= 120 && /\p{L}\p{Ll}{2,}/u.test(value) && /(?:^|\s)\d{1,6}\w?(?:[\s,]|$)/u.test(value) && !value.includes('@');
    case 'PHONE_NUMBER': {
      const digitCount = value.replace(/\D/g, '').length;
      return /^[+\d\s().\-/]+(?:\s*(?:x|ext\.?)\s*\d+)?$/i.test(value) && digitCount >= 6 && digitCount <= 16;
    }
    case 'EMAIL_ADDRESS':
      return /^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$/.test(value);
    case 'IP_ADDRESS':
      return /^(?:\d{1,3}\.){3}\d{1,3}$/.test(value) || (/^[0-9a-f:]+$/i.test(value) && value.includes(':'));
    default:
      // Checksummed identifiers (cards, IBANs, national ids) and dates: only the analyzer says so.
      return false;
  }
}

// Types that name pieces of one composite value (a street, a place, a person's name).
const NAME_LIKE: ReadonlySet<EntityType> = new Set<EntityType>(['PERSON', 'LOCATION', 'NRP', 'STREET_ADDRESS']);

interface ValueEvidence {
  /** The type the value is as a whole (spans covering it), or null. */
  wholeType: EntityType | null;
  /** A checksum or structure validator confirmed a span. */
  validated: boolean;
  findings: boolean;
}

/** Share of a value's letters and digits that the spans cover. */
function coverage(text: string, results: readonly RecognizerResult[]): number {
  let total = 0;
  let covered = 0;
  for (let index = 0; index < text.length; index++) {
    if (!/[\p{L}\p{N}]/u.test(text[index])) continue;
    total++;
    if (results.some((result) => result.start <= index && index < result.end)) covered++;
  }
  return total === 0 ? 0 : covered / total;
}

function evidenceOf(text: string, results: readonly RecognizerResult[], hinted: EntityType | null): ValueEvidence {
  const validated = results.some((result) => result.validated);
  if (results.length === 0) return { wholeType: null, validated, findings: false };
  if (coverage(text, results) < WHOLE_VALUE_COVERAGE) return { wholeType: null, validated, findings: true };
  const types = new Set(results.map((result) => result.entityType));
  if (types.size === 1) return { wholeType: results[0].entityType, validated, findings: true };
  // Several adjacent pieces: an address split into street + place, a name split in two recognizers.
  if ([...types].every((type) => NAME_LIKE.has(type))) {
    if (hinted && NAME_LIKE.has(hinted)) return { wholeType: hinted, validated, findings: true };
    if (types.has('STREET_ADDRESS') || hasDigits(text)) return { wholeType: 'STREET_ADDRESS', validated, findings: true };
  }
  // Otherwise the type covering most of the value.
  const lengths = new Map<EntityType, number>();
  for (const result of results) lengths.set(result.entityType, (lengths.get(result.entityType) ?? 0) + result.end - result.start);
  const [best] = [...lengths.entries()].sort((left, right) => right[1] - left[1])[0];
  return { wholeType: best, validated, findings: true };
}

/** `A-9999` for `X-2024`: letters and digits by kind, the rest as they are. */
function shapeOf(text: string): string {
  return text.replace(/[A-Za-z]/g, 'A').replace(/\d/g, '9');
}

// Share of values that must share one shape for an unnamed column of codes to count as identifiers.
const SHARED_SHAPE_SHARE = 0.9;

/**
 * Identifier columns: UUIDs or hashes whatever the name; id-shaped values under an id-like name
 * (`order_id`, `key`, `sku`); or unnamed codes of one shape mixing letters and digits (`ORD-00017`).
 * Callers rule out columns where a validator confirmed a finding (an IBAN column is personal).
 */
function isIdentifierColumn(fieldName: string, texts: readonly string[], findingsShare: number): boolean {
  const trimmed = texts.map((text) => text.trim());
  if (trimmed.every(isOpaqueIdentifier)) return true;
  if (isPersonalIdName(fieldName)) return false;
  if (!trimmed.every(isIdShaped)) return false;
  if (isIdentifierName(fieldName)) return true;
  if (findingsShare > CODE_FINDINGS_SHARE) return false;
  const shapes = new Map<string, number>();
  for (const text of trimmed) shapes.set(shapeOf(text), (shapes.get(shapeOf(text)) ?? 0) + 1);
  const [shape, count] = [...shapes.entries()].sort((left, right) => right[1] - left[1])[0];
  return count / trimmed.length >= SHARED_SHAPE_SHARE && shape.includes('A') && shape.includes('9');
}

/**
 * Classifies a record field from its name and a sample of its values, so the pipeline can treat
 * an identifier column as a whole (fast, and no partial leaks) and scan only free-text columns.
 * Unlike presidio-structured, the field name is context, and a free-text column never gets a
 * single entity label.
 *
 * Dates are personal when the field name says so (birth, death, hire dates) or when the values are
 * plain dates; system timestamps (created_at, values with a time of day) are not.
 */
export class FieldClassifier {
  constructor(private readonly analyzer: TextAnalyzer) {}

  /**
   * `profileHint`: what the connector's profile says of the whole column. A personal kind (every
   * value e-mail-shaped, phone-shaped, a date…) counts as the name announcing it, so the values
   * only have to fit its shape; it wins over the name, having seen every value.
   */
  classify(fieldName: string, sampleValues: readonly unknown[], profileHint?: ProfileColumnHint): FieldClassification {
    const texts = sampleValues.map(sampleText).filter((text): text is string => text !== null && text.trim().length > 0);
    if (texts.length === 0) return { entityType: null, confidence: 0, mode: 'none' };
    const hint = nameHint(fieldName);
    const profiled = profileHint?.kind === 'personal' && (ENTITY_TYPES as readonly string[]).includes(profileHint.entityType ?? '') ? (profileHint.entityType as EntityType) : null;
    const hinted = profiled ?? (hint.kind === 'entity' ? hint.entityType : null);
    // System times keep their DATE_TIME evidence here: it is what tells the column apart (step 2).
    const read = { ...fieldRead(fieldName), systemTime: false };
    const evidence = texts.map((text) => evidenceOf(text, this.analyze(read, text, fieldName), hinted));
    const count = texts.length;
    const valuesWithFindings = evidence.filter((item) => item.findings).length;
    const anyValidated = evidence.some((item) => item.validated);

    // 1. The field name announces a type, and the values agree with it (or at least fit its shape).
    if (hinted) {
      const support = texts.filter((text, index) => {
        const type = evidence[index].wholeType;
        if (type === hinted) return true;
        // A validated finding of another type (a card number in a "name" field) contradicts the name.
        if (type && evidence[index].validated) return false;
        if (type && !(NAME_LIKE.has(type) && NAME_LIKE.has(hinted))) return false;
        return fitsShape(hinted, text);
      }).length;
      if (support / count >= WHOLE_VALUE_SHARE) return { entityType: hinted, confidence: support / count, mode: 'whole_value' };
    }

    // 2. The values say it: most are wholly one entity.
    const votes = new Map<EntityType, number>();
    for (const item of evidence) if (item.wholeType) votes.set(item.wholeType, (votes.get(item.wholeType) ?? 0) + 1);
    const [bestType, bestVotes] = [...votes.entries()].sort((left, right) => right[1] - left[1])[0] ?? [null, 0];
    if (bestType && bestVotes / count >= WHOLE_VALUE_SHARE) {
      if (bestType === 'DATE_TIME' && hinted !== 'DATE_TIME' && this.isSystemTime(hint, texts)) {
        // Dates are what this field holds; re-checks must not mistake them for personal data.
        return { entityType: null, confidence: bestVotes / count, mode: 'none', ignoredEntityTypes: ['DATE_TIME'] };
      }
      return { entityType: bestType, confidence: bestVotes / count, mode: 'whole_value' };
    }

    // 3. No telling name: most values are wholly one kind of name (person, place, street), the rest fit its shape.
    if (hint.kind === 'unknown' && bestType && NAME_LIKE.has(bestType) && bestVotes / count >= UNNAMED_NAME_SHARE && !anyValidated) {
      const fitting = texts.filter((text, index) => evidence[index].wholeType === bestType || (!evidence[index].findings || NAME_LIKE.has(evidence[index].wholeType ?? 'PERSON')) && fitsShape(bestType, text)).length;
      if (fitting / count >= WHOLE_VALUE_SHARE) return { entityType: bestType, confidence: bestVotes / count, mode: 'whole_value' };
    }

    // An address column is told by its shape (words and a house number) once the analyzer confirms part of it.
    const streetVotes = votes.get('STREET_ADDRESS') ?? 0;
    if (hint.kind === 'unknown' && !anyValidated && streetVotes / count >= UNNAMED_STREET_SHARE) {
      const fitting = texts.filter((text) => fitsShape('STREET_ADDRESS', text)).length;
      if (fitting / count >= ADDRESS_SHAPE_SHARE) return { entityType: 'STREET_ADDRESS', confidence: fitting / count, mode: 'whole_value' };
    }

    // 4. Nothing personal expected: codes, or labels under a non-personal name, with few unconfirmed findings.
    const findingsShare = valuesWithFindings / count;
    if (!anyValidated && isIdentifierColumn(fieldName, texts, findingsShare)) {
      return { entityType: null, confidence: 1 - findingsShare, mode: 'none', identifier: true };
    }
    if (!anyValidated) {
      if (texts.every(isCodeLike) && findingsShare <= CODE_FINDINGS_SHARE) return { entityType: null, confidence: 1 - findingsShare, mode: 'none' };
      if (hint.kind === 'non_personal' && texts.every(isLabelLike) && findingsShare <= NON_PERSONAL_NAME_FINDINGS_SHARE) {
        return { entityType: null, confidence: 1 - findingsShare, mode: 'none' };
      }
    }
    if (valuesWithFindings > 0) return { entityType: null, confidence: findingsShare, mode: 'free_text' };
    // Prose without findings stays under full scanning; only non-prose values (codes, labels, numbers) are skipped.
    return texts.some(isProse) ? { entityType: null, confidence: 0, mode: 'free_text' } : { entityType: null, confidence: 1, mode: 'none' };
  }

  /** The analyzer's findings, less those the field name and the value's shape contradict. */
  private analyze(read: FieldRead, text: string, fieldName: string): RecognizerResult[] {
    const results = dropContradicted(read, text, this.analyzer.analyze(text, { fieldName }));
    const phone = phoneByFieldName(read, text, results);
    return phone ? [phone] : results;
  }

  /** Timestamps of system events: a time-related field name, or values that carry a time of day. */
  private isSystemTime(hint: NameHint, texts: readonly string[]): boolean {
    if (hint.kind === 'system_time' || hint.kind === 'non_personal') return true;
    return texts.filter((text) => TIME_OF_DAY.test(text)).length / texts.length >= 0.5;
  }
}
