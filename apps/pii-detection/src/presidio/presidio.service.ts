import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { AnonymizerService } from '../anonymization/anonymizer.service';
import { ParseResult } from '../anonymization/operators';
import { EntityType, Recognizer, RecognizerResult } from '../detection/detection.types';
import { AnalyzeRequest, parseAnalyzeRequest, parseAnonymizeRequest } from './presidio-requests';
import { PII_ANALYZER, TextAnalyzer } from './presidio.tokens';
import { offsetMapper } from './unicode-offsets';

const ANY_LANGUAGE = '*';
const DEFAULT_LANGUAGE = 'en';

/** Presidio's AnalysisExplanation, without any value or pattern text. */
export interface PresidioAnalysisExplanation {
  recognizer: string;
  pattern_name: string | null;
  pattern: string | null;
  original_score: number;
  score: number;
  textual_explanation: string | null;
  score_context_improvement: number;
  supportive_context_word: string;
  validation_result: boolean | null;
  regex_flags: number | null;
}

/** Presidio's RecognizerResult as its REST API serializes it. */
export interface PresidioRecognizerResult {
  analysis_explanation: PresidioAnalysisExplanation | null;
  end: number;
  entity_type: string;
  recognition_metadata: { recognizer_identifier: string; recognizer_name: string };
  score: number;
  start: number;
}

export interface PresidioAnonymizeItem {
  start: number;
  end: number;
  entity_type: string;
  text: string;
  operator: string;
}

export interface PresidioAnonymizeResponse {
  text: string;
  items: PresidioAnonymizeItem[];
}

/** A 400 that Presidio clients (reading `error`) and Atlas clients (reading `message`) both understand. */
export function presidioBadRequest(problems: string[]): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: problems.join('; '), message: problems });
}

function unwrap<T>(result: ParseResult<T>): T {
  if (!result.ok) throw presidioBadRequest(result.problems);
  return result.value;
}

/**
 * Presidio's analyzer and anonymizer REST API on top of Atlas's analyzer and anonymizer, so
 * Presidio clients work unchanged (snake_case shapes, code-point offsets). Values are never logged.
 */
@Injectable()
export class PresidioService {
  constructor(
    @Inject(PII_ANALYZER) private readonly analyzer: TextAnalyzer,
    private readonly anonymizer: AnonymizerService,
  ) {}

  /** One text → a list of results; a list of texts (Atlas's batch form) → a list of lists. */
  analyze(body: unknown): PresidioRecognizerResult[] | PresidioRecognizerResult[][] {
    const request = unwrap(parseAnalyzeRequest(body));
    const recognizers = this.recognizersFor(request.language);
    if (recognizers.length === 0) throw presidioBadRequest([`language "${request.language}" is not supported (supported: ${this.languages().join(', ')})`]);
    const supported = new Set(recognizers.flatMap((recognizer) => recognizer.supportedEntities));
    // Like Presidio: entities without a recognizer are skipped; only a request none can serve fails.
    const entities = request.entities?.filter((entity) => supported.has(entity as EntityType));
    if (request.entities && request.entities.length > 0 && entities!.length === 0) {
      throw presidioBadRequest([`No matching recognizers were found to serve the request: none of ${request.entities.join(', ')} is supported for language "${request.language}" (see GET /supportedentities)`]);
    }
    const results = request.texts.map((text) => this.analyzeOne(text, { ...request, ...(entities ? { entities } : {}) }));
    return request.batch ? results : results[0];
  }

  async anonymize(body: unknown): Promise<PresidioAnonymizeResponse> {
    const request = unwrap(parseAnonymizeRequest(body));
    const input = offsetMapper(request.text);
    const spans = request.analyzerResults.map((result) => ({ ...result, start: input.toUtf16(result.start)!, end: input.toUtf16(result.end)! }));
    const result = await this.anonymizer.anonymize(request.text, spans, request.operators);
    const output = offsetMapper(result.text);
    // Presidio lists items from the end of the text to the start.
    const items = [...result.items]
      .reverse()
      .map((item) => ({ start: output.toCodePoint(item.start), end: output.toCodePoint(item.end), entity_type: item.entityType, text: item.text, operator: item.operator }));
    return { text: result.text, items };
  }

  /** Names of the recognizers serving a language (language-independent ones included). */
  recognizerNames(language: unknown): string[] {
    return this.recognizersFor(this.queryLanguage(language)).map((recognizer) => recognizer.name);
  }

  supportedEntities(language: unknown): string[] {
    const entities = new Set(this.recognizersFor(this.queryLanguage(language)).flatMap((recognizer) => recognizer.supportedEntities));
    return [...entities].sort();
  }

  private analyzeOne(text: string, request: AnalyzeRequest): PresidioRecognizerResult[] {
    const found = this.analyzer.analyze(text, {
      language: request.language,
      scoreThreshold: request.scoreThreshold,
      ...(request.entities ? { entities: request.entities as EntityType[] } : {}),
      // The analyzer's only context channel is the field name; request context words go there.
      ...(request.context ? { fieldName: request.context.join(' ') } : {}),
    });
    const offsets = offsetMapper(text);
    return found
      .filter((result) => result.score >= request.scoreThreshold)
      .filter((result) => request.allowList.size === 0 || !request.allowList.has(text.slice(result.start, result.end)))
      .map((result) => this.toPresidio(result, offsets.toCodePoint, request.returnDecisionProcess));
  }

  private toPresidio(result: RecognizerResult, toCodePoint: (offset: number) => number, explain: boolean): PresidioRecognizerResult {
    return {
      analysis_explanation: explain
        ? {
            recognizer: result.recognizer,
            pattern_name: null,
            pattern: null,
            original_score: result.score,
            score: result.score,
            textual_explanation: result.explanation ?? null,
            score_context_improvement: 0,
            supportive_context_word: '',
            validation_result: result.validated ? true : null,
            regex_flags: null,
          }
        : null,
      end: toCodePoint(result.end),
      entity_type: result.entityType,
      recognition_metadata: { recognizer_identifier: result.recognizer, recognizer_name: result.recognizer },
      score: result.score,
      start: toCodePoint(result.start),
    };
  }

  private queryLanguage(language: unknown): string {
    if (language === undefined || language === '') return DEFAULT_LANGUAGE;
    if (typeof language !== 'string' || !/^[a-z]{2}$/.test(language)) throw presidioBadRequest(['language must be a two-letter ISO 639-1 code, e.g. "en"']);
    return language;
  }

  private recognizersFor(language: string): readonly Recognizer[] {
    return this.analyzer
      .recognizers()
      .filter((recognizer) => recognizer.supportedLanguages.includes(language) || recognizer.supportedLanguages.includes(ANY_LANGUAGE));
  }

  private languages(): string[] {
    const languages = new Set(this.analyzer.recognizers().flatMap((recognizer) => recognizer.supportedLanguages));
    return [...languages].map((language) => (language === ANY_LANGUAGE ? 'any (pattern recognizers only)' : language)).sort();
  }
}
