import { ContextEnhancer, type ContextOptions } from './context';
import type { AnalysisContext, AnalyzeOptions, EntityType, Recognizer, RecognizerResult, TextAnalyzer } from './detection.types';
import { guardIdentifierTokens } from './identifier-tokens';
import { normalizeForDetection } from './normalization';
import { resolveOverlaps } from './overlap';

export const DEFAULT_SCORE_THRESHOLD = 0.5;
export const DEFAULT_LANGUAGE = 'en';

export interface PiiAnalyzerOptions {
  context?: ContextOptions;
}

const NO_OPTIONS: AnalyzeOptions = Object.freeze({});

/**
 * Runs recognizers on one text: normalisation (NFKC, invisible characters removed; spans map back
 * to the original), language and entity filters, whole-word context enhancement (text window +
 * field name), threshold, identifier guard (no span rewrites part of an identifier token),
 * deterministic overlap resolution, results by start. Recognizer lists per language are computed once.
 */
export class PiiAnalyzer implements TextAnalyzer {
  private readonly all: readonly Recognizer[];
  private readonly enhancer: ContextEnhancer;
  private readonly byLanguage = new Map<string, readonly Recognizer[]>();

  constructor(recognizers: Recognizer[], options: PiiAnalyzerOptions = {}) {
    this.all = Object.freeze(recognizers.slice());
    this.enhancer = new ContextEnhancer(options.context);
  }

  recognizers(): readonly Recognizer[] {
    return this.all;
  }

  private forLanguage(language: string): readonly Recognizer[] {
    let list = this.byLanguage.get(language);
    if (!list) {
      list = this.all.filter((r) => r.supportedLanguages.includes('*') || r.supportedLanguages.includes(language));
      if (this.byLanguage.size >= 64) this.byLanguage.clear();
      this.byLanguage.set(language, list);
    }
    return list;
  }

  analyze(original: string, options: AnalyzeOptions = NO_OPTIONS): RecognizerResult[] {
    if (!original) return [];
    const normalized = normalizeForDetection(original);
    const text = normalized.text;
    const language = options.language ?? DEFAULT_LANGUAGE;
    const threshold = options.scoreThreshold ?? DEFAULT_SCORE_THRESHOLD;
    const wanted: ReadonlySet<EntityType> | undefined = options.entities ? new Set(options.entities) : undefined;
    const context: AnalysisContext = { language, fieldName: options.fieldName };
    const recognizers = this.forLanguage(language);
    let raw: RecognizerResult[] | undefined;
    for (let i = 0; i < recognizers.length; i++) {
      const r = recognizers[i];
      if (wanted && !r.supportedEntities.some((e) => wanted.has(e))) continue;
      const found = r.analyze(text, context);
      if (found.length === 0) continue;
      if (!raw) raw = [];
      for (let j = 0; j < found.length; j++) {
        const f = found[j];
        if (!wanted || wanted.has(f.entityType)) raw.push(f);
      }
    }
    if (!raw || raw.length === 0) return [];
    // `raw` is ours: enhance and filter it in place.
    this.enhancer.enhanceInPlace(text, raw, options.fieldName);
    let kept = 0;
    for (let i = 0; i < raw.length; i++) if (raw[i].score >= threshold) raw[kept++] = raw[i];
    raw.length = kept;
    const resolved = resolveOverlaps(guardIdentifierTokens(text, raw));
    if (!normalized.changed) return resolved;
    return resolved.map((r) => {
      const [start, end] = normalized.toOriginal(r.start, r.end);
      return { ...r, start, end };
    });
  }
}
