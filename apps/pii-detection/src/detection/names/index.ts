import type { Recognizer } from '../detection.types';
import { NameEngine, type NameEngineOptions } from './name-engine';
import { NameEntityRecognizer } from './name.recognizers';

export { NameEngine, type NameSpan } from './name-engine';
export { fieldEntityHint } from './field-context';
export { nameLexicons } from './lexicons';

/**
 * PERSON, LOCATION and NRP recognizers for English free text: lexicons shipped in npm packages
 * (census names, GeoNames cities, ISO countries, nationalities) plus structure and context.
 * The three share one engine pass per text.
 */
export function createNameRecognizers(options: NameEngineOptions = {}): Recognizer[] {
  const engine = new NameEngine(options);
  return [
    new NameEntityRecognizer('PersonNameRecognizer', 'PERSON', engine),
    new NameEntityRecognizer('LocationRecognizer', 'LOCATION', engine),
    new NameEntityRecognizer('NrpRecognizer', 'NRP', engine),
  ];
}
