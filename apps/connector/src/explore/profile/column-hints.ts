import { FieldStatistics } from './field-profile';

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
