import type { EntityType } from '../detection.types';
import type { NameLexicons, PlaceKind } from './lexicons';
import type { Tok } from './tokenizer';

/** One span found by the engine (PERSON, LOCATION or NRP). */
export interface NameSpan {
  entityType: Extract<EntityType, 'PERSON' | 'LOCATION' | 'NRP'>;
  start: number;
  end: number;
  score: number;
  explanation: string;
}

/** A run of adjacent capitalised (or, in lower-case text, name-like) tokens: a candidate entity. */
export interface Chain {
  toks: Tok[];
  /** Index of the first token in the token array. */
  first: number;
}

// Per-word lexicon memberships (bit flags), cached per engine.
export const F_FIRST = 1;
export const F_COMMON_FIRST = 2;
export const F_SURNAME = 4;
export const F_COMMON_WORD = 8;
export const F_ENGLISH = 16;
export const F_NRP = 32;
export const F_ORG = 64;

/** What the rules may ask the engine: lexicon memberships (cached) and place kinds. */
export interface LexiconView {
  readonly lex: NameLexicons;
  /** True when word `w` (lower-case) is in a lexicon selected by `flag` (F_* bits, OR-ed). */
  is(w: string, flag: number): boolean;
  /** {@link is} for a token's lower-case form, remembered on the token. */
  isToken(t: Tok, flag: number): boolean;
  placeOf(words: readonly string[]): PlaceKind | undefined;
  /** {@link placeOf} for words already joined by single spaces (no array to build). */
  placeOfKey(key: string): PlaceKind | undefined;
  isCapLike(t: Tok, lowerMode: boolean, capsMode: boolean): boolean;
}

export function nameSpan(entityType: NameSpan['entityType'], start: number, end: number, score: number, explanation: string): NameSpan {
  return { entityType, start, end, score, explanation };
}

export function round(x: number): number {
  return Math.round(x * 100) / 100;
}
