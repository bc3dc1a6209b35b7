/**
 * Nest token of the analyzer, bound by PresidioModule.forRoot. The Presidio API and the pipeline
 * depend only on the TextAnalyzer contract.
 */
export const PII_ANALYZER = Symbol('PII_ANALYZER');

export type { TextAnalyzer } from '../detection/detection.types';
