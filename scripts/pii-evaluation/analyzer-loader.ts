import { createAnalyzer } from '../../apps/pii-detection/src/detection/detection.factory';
import type { TextAnalyzer } from '../../apps/pii-detection/src/detection/detection.types';
import { createNameRecognizers } from '../../apps/pii-detection/src/detection/names';
import { PiiAnalyzer } from '../../apps/pii-detection/src/detection/pii-analyzer';
import { FieldClassifier } from '../../apps/pii-detection/src/structured/field-classifier';

/** The interface the harness uses from the structured field classifier. */
export interface FieldClassifierLike {
  classify(fieldName: string, sampleValues: readonly unknown[]): { entityType: string | null; confidence: number; mode: 'whole_value' | 'free_text' | 'none' };
}

export interface LoadedAnalyzer {
  analyzer: TextAnalyzer;
  /** How the analyzer was assembled, printed in the report. */
  description: string;
}

/**
 * The analyzer the service runs (`createAnalyzer()`), imported statically: an evaluation only ever
 * scores the real PiiAnalyzer, so a missing or broken module fails the run (at build time and at
 * start) instead of silently scoring a stand-in. `namesOnly` runs the name recognizers alone inside
 * the same PiiAnalyzer.
 */
export function loadAnalyzer(namesOnly: boolean): LoadedAnalyzer {
  if (namesOnly) return { analyzer: new PiiAnalyzer(createNameRecognizers()), description: 'PiiAnalyzer(createNameRecognizers()) — names only' };
  return { analyzer: createAnalyzer(), description: 'createAnalyzer() — the service analyzer (PiiAnalyzer over every pattern and name recognizer)' };
}

export function loadFieldClassifier(analyzer: TextAnalyzer): FieldClassifierLike {
  return new FieldClassifier(analyzer);
}
