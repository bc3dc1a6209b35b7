/**
 * The contract between the analyzer and its recognizers. Every recognizer is pure and synchronous:
 * text (and optional field context) in, scored spans out. Spans carry offsets, never values.
 */

/** Entities Atlas detects. Names follow Presidio's, so Presidio clients understand them. */
export const ENTITY_TYPES = [
  'PERSON',
  'LOCATION',
  'NRP',
  'DATE_TIME',
  'EMAIL_ADDRESS',
  'PHONE_NUMBER',
  'CREDIT_CARD',
  'IBAN_CODE',
  'CRYPTO',
  'IP_ADDRESS',
  'MAC_ADDRESS',
  'URL',
  'US_SSN',
  'US_ITIN',
  'US_PASSPORT',
  'US_BANK_NUMBER',
  'US_DRIVER_LICENSE',
  'MEDICAL_LICENSE',
  'UK_NHS',
  'STREET_ADDRESS',
  // Main EU national identifiers, each with its checksum.
  'ES_NIF',
  'ES_NIE',
  'IT_FISCAL_CODE',
  'FR_NIR',
  'DE_TAX_ID',
  'NL_BSN',
  'PL_PESEL',
  'SE_PERSONNUMMER',
  'FI_PERSONAL_IDENTITY_CODE',
  'PT_NIF',
  'BE_NATIONAL_NUMBER',
  'DK_CPR',
  'AT_SOCIAL_SECURITY_NUMBER',
  'IE_PPSN',
] as const;

export type EntityType = (typeof ENTITY_TYPES)[number];

export interface AnalysisContext {
  /** ISO 639-1 language of the text; recognizers that do not support it return nothing. */
  language: string;
  /** Name of the record field the text came from (e.g. `customer_phone`), used as context. */
  fieldName?: string;
}

export interface RecognizerResult {
  entityType: EntityType;
  /** Offsets into the analysed text: [start, end). */
  start: number;
  end: number;
  /** 0..1. Validated matches (checksum passed) score 1.0. */
  score: number;
  /** Name of the recognizer that produced the span. */
  recognizer: string;
  /** True when a checksum or structural validator confirmed the match. */
  validated: boolean;
  /** Short human-readable reason (pattern name, context words that boosted it); never the value. */
  explanation?: string;
}

export interface Recognizer {
  readonly name: string;
  readonly supportedEntities: readonly EntityType[];
  /** Languages this recognizer supports ('en', or '*' for language-independent patterns). */
  readonly supportedLanguages: readonly string[];
  analyze(text: string, context: AnalysisContext): RecognizerResult[];
}

export interface AnalyzeOptions {
  language?: string;
  /** Only these entities (all when absent). */
  entities?: readonly EntityType[];
  /** Results under this score are dropped (default 0.5). */
  scoreThreshold?: number;
  fieldName?: string;
}

/** What callers of the analyzer depend on (implemented by PiiAnalyzer). */
export interface TextAnalyzer {
  analyze(text: string, options?: AnalyzeOptions): RecognizerResult[];
  recognizers(): readonly Recognizer[];
}
