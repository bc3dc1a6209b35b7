import { MAX_PROFILE_COLUMN_HINT_FIELD_LENGTH, MAX_PROFILE_COLUMN_HINTS, type ProfileColumnHint } from '@atlas/contracts';
import type { BatchProfile } from './batch-profile';
import { FieldStatistics } from './field-profile';
import { IDENTIFIER_LIKE_MAGNITUDE } from './value-inference';

/** A column is hinted when the rule's evidence covers at least this share of its values with content. */
export const HINT_MIN_SHARE = 0.9;

/**
 * One kind of personal column, recognised from a field's profile alone (patterns and types, never
 * values). Entity types are pii-detection's (Presidio's) names. Registered in DEFAULT_COLUMN_HINT_RULES.
 */
export interface ColumnHintRule {
  readonly entityType: string;
  /** How many of the field's values are, at least, of this kind (guaranteed counts: count − error). */
  evidence(statistics: FieldStatistics): number;
}

/** Counts the values whose pattern (see `patternOf`) the rule accepts. */
abstract class PatternRule implements ColumnHintRule {
  abstract readonly entityType: string;
  protected abstract accepts(pattern: string): boolean;

  evidence(statistics: FieldStatistics): number {
    return statistics.patterns.reduce((sum, entry) => (this.accepts(entry.value) ? sum + entry.count - entry.error : sum), 0);
  }
}

export class EmailAddressRule extends PatternRule {
  readonly entityType = 'EMAIL_ADDRESS';
  protected accepts(pattern: string): boolean {
    return /^[^@ ]+@[^@ ]+\.a$/.test(pattern);
  }
}

export class UrlRule extends PatternRule {
  readonly entityType = 'URL';
  protected accepts(pattern: string): boolean {
    return /^a:\/\/[^ ]+$/.test(pattern);
  }
}

export class IpAddressRule extends PatternRule {
  readonly entityType = 'IP_ADDRESS';
  protected accepts(pattern: string): boolean {
    return pattern === '9.9.9.9';
  }
}

/** Digit groups joined by spaces, dashes, dots, parentheses or a leading +: "+9 9 9", "(9) 9-9". */
export class PhoneNumberRule extends PatternRule {
  readonly entityType = 'PHONE_NUMBER';
  protected accepts(pattern: string): boolean {
    return /^[+(]?9[9 ().+-]*$/.test(pattern) && pattern.split('9').length > 2;
  }
}

/** ISO dates and datetimes (inferred types), and strings written like 3/29/1982. */
export class DateRule extends PatternRule {
  readonly entityType = 'DATE_TIME';
  protected accepts(pattern: string): boolean {
    return /^9\/9\/9( 9:9(:9)?)?$/.test(pattern);
  }

  override evidence(statistics: FieldStatistics): number {
    return super.evidence(statistics) + (statistics.types.date ?? 0) + (statistics.types.datetime ?? 0);
  }
}

/** In order of precedence when two rules have the same evidence (an IP address is no phone number). */
export const DEFAULT_COLUMN_HINT_RULES: readonly ColumnHintRule[] = [new EmailAddressRule(), new UrlRule(), new IpAddressRule(), new DateRule(), new PhoneNumberRule()];

export interface ColumnHint {
  entityType: string;
  /** Share of the values with content (not null, not blank) that are, at least, of this kind. */
  share: number;
}

/** The best hint for a field, or null: no rule's evidence reaches HINT_MIN_SHARE of its values. */
export function hintColumn(statistics: FieldStatistics, rules: readonly ColumnHintRule[] = DEFAULT_COLUMN_HINT_RULES): ColumnHint | null {
  const withContent = statistics.present - statistics.nulls - statistics.blanks;
  if (withContent <= 0) return null;
  let best: ColumnHint | null = null;
  for (const rule of rules) {
    const share = Math.min(1, rule.evidence(statistics) / withContent);
    if (share >= HINT_MIN_SHARE && (best === null || share > best.share)) best = { entityType: rule.entityType, share };
  }
  return best && { entityType: best.entityType, share: Math.round(best.share * 10000) / 10000 };
}

/** A field of numbers only is an enumeration when it holds at most this many distinct values. */
export const NUMBER_ENUM_MAX_VALUES = 32;

/**
 * Non-personal by type: every value with content is a boolean, or a number under 1,000,000 in
 * magnitude (no card, phone or account number) from at most 32 distinct values, counted exactly
 * (the top-values sketch lists them all). Null when anything else was seen.
 */
export function nonPersonalEvidence(statistics: FieldStatistics): 'boolean' | 'number_enum' | null {
  const withContent = statistics.present - statistics.nulls - statistics.blanks;
  if (withContent <= 0) return null;
  if ((statistics.types.boolean ?? 0) === withContent) return 'boolean';
  const numbers = (statistics.types.integer ?? 0) + (statistics.types.number ?? 0);
  const range = statistics.numberRange;
  if (numbers !== withContent || statistics.numberRangeWithheld || !range || Math.max(Math.abs(range.min), Math.abs(range.max)) >= IDENTIFIER_LIKE_MAGNITUDE) return null;
  return statistics.otherTopValuesAtMost === 0 && statistics.topValues.length <= NUMBER_ENUM_MAX_VALUES ? 'number_enum' : null;
}

/** What one field's profile tells pii-detection (carried on Explore records): personal, non-personal by type, or nothing. */
export function profileColumnHint(field: string, statistics: FieldStatistics): ProfileColumnHint | null {
  const personal = hintColumn(statistics);
  if (personal) return { field, kind: 'personal', entityType: personal.entityType, share: personal.share };
  const evidence = nonPersonalEvidence(statistics);
  return evidence ? { field, kind: 'non_personal', evidence, share: 1 } : null;
}

/** The hints of every field of a batch's profile of one run, in field order (at most MAX_PROFILED_FIELDS). */
export function profileColumnHints(profile: Pick<BatchProfile, 'fields'>): ProfileColumnHint[] {
  const hints: ProfileColumnHint[] = [];
  for (const [field, fieldProfile] of profile.fields) {
    // The key "" or an overlong name has no hint: the record carrying the hints must never break its contract.
    if (field.length === 0 || field.length > MAX_PROFILE_COLUMN_HINT_FIELD_LENGTH || hints.length === MAX_PROFILE_COLUMN_HINTS) continue;
    const hint = profileColumnHint(field, fieldProfile.toStatistics());
    if (hint) hints.push(hint);
  }
  return hints;
}
