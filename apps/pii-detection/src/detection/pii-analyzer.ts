import { ContextEnhancer, type ContextOptions } from './context';
import type { AnalyzeOptions, EntityType, Recognizer, RecognizerResult, TextAnalyzer } from './detection.types';
import { resolveOverlaps } from './overlap';

export const DEFAULT_SCORE_THRESHOLD = 0.5;
export const DEFAULT_LANGUAGE = 'en';

export interface PiiAnalyzerOptions {
  context?: ContextOptions;
}

/**
 * Runs recognizers on one text: language and entity filters, whole-word context enhancement
 * (text window + field name), threshold, deterministic overlap resolution, results by start.
 */
export class PiiAnalyzer implements TextAnalyzer {
  private readonly all: readonly Recognizer[];
  private readonly enhancer: ContextEnhancer;

  constructor(recognizers: Recognizer[], options: PiiAnalyzerOptions = {}) {
    this.all = Object.freeze(recognizers.slice());
    this.enhancer = new ContextEnhancer(options.context);
  }

  recognizers(): readonly Recognizer[] {
    return this.all;
  }

  analyze(text: string, options: AnalyzeOptions = {}): RecognizerResult[] {
    if (!text) return [];
    const language = options.language ?? DEFAULT_LANGUAGE;
    const threshold = options.scoreThreshold ?? DEFAULT_SCORE_THRESHOLD;
    const wanted: ReadonlySet<EntityType> | undefined = options.entities ? new Set(options.entities) : undefined;
    const context = { language, fieldName: options.fieldName };
    let raw: RecognizerResult[] = [];
    for (const r of this.all) {
      if (!r.supportedLanguages.includes('*') && !r.supportedLanguages.includes(language)) continue;
      if (wanted && !r.supportedEntities.some((e) => wanted.has(e))) continue;
      const found = r.analyze(text, context);
      for (const f of found) if (!wanted || wanted.has(f.entityType)) raw.push(f);
    }
    if (raw.length === 0) return [];
    raw = this.enhancer.enhance(text, raw, options.fieldName);
    const passing = raw.filter((r) => r.score >= threshold);
    return resolveOverlaps(passing);
  }
}
