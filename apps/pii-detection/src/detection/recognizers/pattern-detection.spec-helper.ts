import { createPatternRecognizers } from '../default-recognizers';
import type { EntityType } from '../detection.types';
import { PiiAnalyzer } from '../pii-analyzer';

// Shared by the recognizer specs: one analyzer with every pattern recognizer (not part of the build).
export const analyzer = new PiiAnalyzer(createPatternRecognizers());

/** [entity, matched text] pairs after the full pipeline (context, threshold, overlap). */
export function detect(text: string, fieldName?: string): [EntityType, string][] {
  return analyzer.analyze(text, { fieldName }).map((r) => [r.entityType, text.slice(r.start, r.end)]);
}

/** The matched texts of one entity type. */
export function found(text: string, entity: EntityType, fieldName?: string): string[] {
  return detect(text, fieldName)
    .filter(([e]) => e === entity)
    .map(([, v]) => v);
}
