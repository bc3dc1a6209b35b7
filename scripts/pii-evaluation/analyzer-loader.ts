import { resolve } from 'node:path';
import type { AnalyzeOptions, Recognizer, RecognizerResult, TextAnalyzer } from '../../apps/pii-detection/src/detection/detection.types';
import { createNameRecognizers } from '../../apps/pii-detection/src/detection/names';

/** The interface the harness expects from `apps/pii-detection/src/structured/field-classifier.ts`. */
export interface FieldClassifierLike {
  classify(fieldName: string, sampleValues: readonly unknown[]): { entityType: string | null; confidence: number; mode: 'whole_value' | 'free_text' | 'none' };
}

export interface LoadedAnalyzer {
  analyzer: TextAnalyzer;
  /** How the analyzer was assembled, printed in the report. */
  description: string;
  fallback: boolean;
}

const DETECTION_DIR = resolve(__dirname, '..', '..', 'apps', 'pii-detection', 'src', 'detection');
const STRUCTURED_DIR = resolve(__dirname, '..', '..', 'apps', 'pii-detection', 'src', 'structured');

async function tryImport(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(path)) as Record<string, unknown>;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw err;
  }
}

/**
 * HARNESS FALLBACK ONLY: a minimal analyzer used when the project's PiiAnalyzer is missing. It runs
 * the given recognizers, applies the score threshold and keeps the best of overlapping spans.
 */
export class FallbackAnalyzer implements TextAnalyzer {
  constructor(private readonly all: Recognizer[]) {}
  recognizers(): readonly Recognizer[] {
    return this.all;
  }
  analyze(text: string, options: AnalyzeOptions = {}): RecognizerResult[] {
    const language = options.language ?? 'en';
    const threshold = options.scoreThreshold ?? 0.5;
    const found: RecognizerResult[] = [];
    for (const r of this.all) {
      if (!r.supportedLanguages.includes('*') && !r.supportedLanguages.includes(language)) continue;
      for (const f of r.analyze(text, { language, fieldName: options.fieldName })) if (f.score >= threshold) found.push(f);
    }
    found.sort((a, b) => b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start);
    const kept: RecognizerResult[] = [];
    for (const f of found) if (!kept.some((k) => k.start < f.end && f.start < k.end)) kept.push(f);
    return kept.sort((a, b) => a.start - b.start);
  }
}

/**
 * The project's analyzer (PiiAnalyzer + createPatternRecognizers + createNameRecognizers) when those
 * modules exist; otherwise the fallback over the name recognizers. `namesOnly` evaluates the name
 * recognizers alone inside the real analyzer.
 */
export async function loadAnalyzer(namesOnly: boolean): Promise<LoadedAnalyzer> {
  const names = createNameRecognizers();
  const analyzerMod = await tryImport(resolve(DETECTION_DIR, 'pii-analyzer'));
  const defaultsMod = namesOnly ? undefined : await tryImport(resolve(DETECTION_DIR, 'default-recognizers'));
  const Analyzer = analyzerMod?.PiiAnalyzer as (new (recognizers: Recognizer[]) => TextAnalyzer) | undefined;
  const createPatterns = defaultsMod?.createPatternRecognizers as (() => Recognizer[]) | undefined;
  if (Analyzer) {
    if (createPatterns) return { analyzer: new Analyzer([...createPatterns(), ...names]), description: 'PiiAnalyzer(createPatternRecognizers() + createNameRecognizers())', fallback: false };
    return { analyzer: new Analyzer(names), description: 'PiiAnalyzer(createNameRecognizers())', fallback: false };
  }
  return { analyzer: new FallbackAnalyzer(names), description: 'HARNESS FALLBACK analyzer (pii-analyzer.ts missing) over createNameRecognizers()', fallback: true };
}

export async function loadFieldClassifier(analyzer: TextAnalyzer): Promise<FieldClassifierLike | undefined> {
  const mod = await tryImport(resolve(STRUCTURED_DIR, 'field-classifier'));
  const Ctor = mod?.FieldClassifier as (new (analyzer: TextAnalyzer) => FieldClassifierLike) | undefined;
  return Ctor ? new Ctor(analyzer) : undefined;
}
