import type { AnalysisContext, EntityType, Recognizer, RecognizerResult } from '../detection.types';
import { NameEngine } from './name-engine';

/** One of the three views (PERSON, LOCATION, NRP) over a shared {@link NameEngine} pass. */
export class NameEntityRecognizer implements Recognizer {
  readonly supportedEntities: readonly EntityType[];
  readonly supportedLanguages = ['en'] as const;

  constructor(
    readonly name: string,
    private readonly entity: 'PERSON' | 'LOCATION' | 'NRP',
    private readonly engine: NameEngine,
  ) {
    this.supportedEntities = [entity];
  }

  analyze(text: string, context: AnalysisContext): RecognizerResult[] {
    if (context.language !== 'en') return [];
    const out: RecognizerResult[] = [];
    for (const s of this.engine.analyze(text, context.fieldName)) {
      if (s.entityType !== this.entity) continue;
      out.push({ entityType: s.entityType, start: s.start, end: s.end, score: s.score, recognizer: this.name, validated: false, explanation: s.explanation });
    }
    return out;
  }
}
