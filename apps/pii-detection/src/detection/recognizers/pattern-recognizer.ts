import type { AnalysisContext, EntityType, Recognizer, RecognizerResult } from '../detection.types';
import { textFeatures, type TextFeatures } from '../text-features';

/**
 * Outcome of a pattern's validator:
 * - `true`: a checksum/structural validator confirmed the match (score 1.0, validated);
 * - `false`: the match is dropped;
 * - a number: keep it unvalidated with that score (e.g. a weak checksum that still needs context);
 * - `undefined`: keep the pattern's base score.
 */
export type ValidationOutcome = boolean | number | undefined;

export interface PatternDefinition {
  /** Short pattern name, used in explanations. */
  name: string;
  entity: EntityType;
  /** Must carry the `g` flag. The whole match is the span (use look-around for boundaries). */
  regex: RegExp;
  score: number;
  validate?: (match: string, text: string, start: number, context: AnalysisContext) => ValidationOutcome;
  /** Cheap check on the text; the pattern is skipped when it returns false. */
  prefilter?: (features: TextFeatures, text: string) => boolean;
  /**
   * The first index at or after `from` where a match can start, or -1 when no match can start there
   * or later. Must never skip a possible start: the regex runs from the returned index, so a pattern
   * that needs a rare character ('@') scans only the stretch around it instead of the whole text.
   */
  nextStart?: (text: string, from: number) => number;
}

export interface PatternRecognizerOptions {
  languages?: readonly string[];
  /** Recognizer-level prefilter, checked before any pattern. */
  prefilter?: (features: TextFeatures, text: string) => boolean;
}

/** A recognizer made of precompiled regex candidates plus validators. */
export class PatternRecognizer implements Recognizer {
  readonly supportedEntities: readonly EntityType[];
  readonly supportedLanguages: readonly string[];
  private readonly prefilter?: (features: TextFeatures, text: string) => boolean;
  /** Per pattern, the explanation of a validated match (built once, not per match). */
  private readonly validatedExplanations: readonly string[];

  constructor(
    readonly name: string,
    private readonly patterns: readonly PatternDefinition[],
    options: PatternRecognizerOptions = {},
  ) {
    for (const p of patterns) {
      if (!p.regex.global) throw new Error(`pattern ${p.name} of ${name} must be global`);
    }
    this.supportedEntities = [...new Set(patterns.map((p) => p.entity))];
    this.supportedLanguages = options.languages ?? ['*'];
    this.prefilter = options.prefilter;
    this.validatedExplanations = patterns.map((p) => `${p.name} (checksum/structure valid)`);
  }

  analyze(text: string, context: AnalysisContext): RecognizerResult[] {
    const features = textFeatures(text);
    if (this.prefilter && !this.prefilter(features, text)) return [];
    const out: RecognizerResult[] = [];
    const patterns = this.patterns;
    for (let i = 0; i < patterns.length; i++) {
      const p = patterns[i];
      if (p.prefilter && !p.prefilter(features, text)) continue;
      const re = p.regex;
      const nextStart = p.nextStart;
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      for (;;) {
        if (nextStart) {
          const start = nextStart(text, re.lastIndex);
          if (start < 0) break;
          re.lastIndex = start;
        }
        if ((m = re.exec(text)) === null) break;
        const value = m[0];
        if (value.length === 0) {
          re.lastIndex++;
          continue;
        }
        const outcome = p.validate ? p.validate(value, text, m.index, context) : undefined;
        if (outcome === false) continue;
        const validated = outcome === true;
        const score = validated ? 1 : typeof outcome === 'number' ? outcome : p.score;
        out.push({
          entityType: p.entity,
          start: m.index,
          end: m.index + value.length,
          score,
          recognizer: this.name,
          validated,
          explanation: validated ? this.validatedExplanations[i] : p.name,
        });
      }
    }
    return out;
  }
}

/** Prefilter helpers. */
export const minDigits =
  (n: number) =>
  (f: TextFeatures): boolean =>
    f.digits >= n;

/** Necessary for patterns that need `n` consecutive digits. */
export const digitRunAtLeast =
  (n: number) =>
  (f: TextFeatures): boolean =>
    f.longestDigitRun >= n;

/** Necessary for patterns of `n` digits joined by nothing, one of `. - /` or space, or two spaces. */
export const digitGroupAtLeast =
  (n: number) =>
  (f: TextFeatures): boolean =>
    f.longestDigitGroup >= n;
