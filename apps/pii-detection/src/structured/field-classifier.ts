import { EntityType, TextAnalyzer } from '../detection/detection.types';

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
}

// Share of sampled values that must be entirely one entity type for a whole-value verdict.
const WHOLE_VALUE_SHARE = 0.8;
// A span covering this much of a (trimmed) value counts as "the whole value".
const WHOLE_VALUE_COVERAGE = 0.9;

function sampleText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return null;
}

/**
 * Classifies a record field from its name and a sample of its values, so the pipeline can treat
 * an identifier column as a whole (fast, and no partial leaks) and scan only free-text columns.
 * Unlike presidio-structured, the field name is context, and a free-text column never gets a
 * single entity label.
 */
export class FieldClassifier {
  constructor(private readonly analyzer: TextAnalyzer) {}

  classify(fieldName: string, sampleValues: readonly unknown[]): FieldClassification {
    const texts = sampleValues.map(sampleText).filter((text): text is string => text !== null && text.trim().length > 0);
    if (texts.length === 0) return { entityType: null, confidence: 0, mode: 'none' };
    const wholeValueVotes = new Map<EntityType, number>();
    let valuesWithFindings = 0;
    for (const text of texts) {
      const results = this.analyzer.analyze(text, { fieldName });
      if (results.length === 0) continue;
      valuesWithFindings++;
      const trimmedLength = text.trim().length;
      const whole = results.find((result) => result.end - result.start >= trimmedLength * WHOLE_VALUE_COVERAGE);
      if (whole && results.length === 1) wholeValueVotes.set(whole.entityType, (wholeValueVotes.get(whole.entityType) ?? 0) + 1);
    }
    const [bestType, bestVotes] = [...wholeValueVotes.entries()].sort((left, right) => right[1] - left[1])[0] ?? [null, 0];
    if (bestType && bestVotes / texts.length >= WHOLE_VALUE_SHARE) {
      return { entityType: bestType, confidence: bestVotes / texts.length, mode: 'whole_value' };
    }
    if (valuesWithFindings > 0) return { entityType: null, confidence: valuesWithFindings / texts.length, mode: 'free_text' };
    // Prose without findings stays under full scanning; only non-prose values (codes, numbers) are skipped.
    const prose = texts.filter((text) => /[A-Za-z]{2,}\s+[A-Za-z]{2,}/.test(text)).length;
    return prose > 0 ? { entityType: null, confidence: 0, mode: 'free_text' } : { entityType: null, confidence: 1, mode: 'none' };
  }
}
