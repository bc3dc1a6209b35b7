import type { PlaceKind } from './lexicons';

/** What the person rules know about a capitalised chain (after titles and function words are stripped). */
export interface ChainFacts {
  /** Tokens in the chain. */
  n: number;
  /** Text of the title before the chain ("Dr"), if any. */
  title: string | undefined;
  /** Every word is a common English word or a function word. */
  allCommon: boolean;
  /** No token is written in lower case. */
  noLowerToken: boolean;
  /** First word: in the first-name lexicon / a common English word / a census first name / an English word / a surname. */
  firstIsFirstName: boolean;
  firstIsCommonWord: boolean;
  firstIsCommonFirstName: boolean;
  firstIsEnglish: boolean;
  firstIsSurname: boolean;
  /** Last word: a surname / a common English word. */
  lastIsSurname: boolean;
  lastIsCommonWord: boolean;
  /** Some word / some word after the first is an English word. */
  anyEnglish: boolean;
  restEnglish: boolean;
  /** Every word after the first is a surname, a first name, not a common word, or an initial. */
  restUnknownOrSurname: boolean;
  /** A lone word opening a sentence. */
  singleSentenceStart: boolean;
  /** The chain is the subject of a verb that people do ("Zama said", "Zama is from"). */
  subjectOfVerb: boolean;
  /** A lone initial ("J"). */
  initial: boolean;
  /** A lone word of two letters ("Ab", "Ed"): as often an abbreviation or a code as a short given name. */
  short: boolean;
  place: PlaceKind | undefined;
  /** The whole text is lower case. */
  lowerMode: boolean;
}

/** One person rule: the first rule whose `when` holds gives the chain's base person score. */
export interface PersonRule {
  readonly why: string;
  readonly score: (facts: ChainFacts) => number;
  readonly when: (facts: ChainFacts) => boolean;
}

const fixed = (score: number) => (): number => score;

/** Person evidence, strongest first. Context words, labels and speaker turns are applied after this table. */
export const PERSON_RULES: readonly PersonRule[] = [
  { why: 'title', score: fixed(0.9), when: (f) => f.title !== undefined && (!f.allCommon || f.noLowerToken) },
  // Several words.
  { why: 'first name + capitalised name', score: fixed(0.85), when: (f) => f.n >= 2 && f.firstIsFirstName && !f.firstIsCommonWord && f.restUnknownOrSurname },
  { why: 'first name (also a word) + surname', score: fixed(0.75), when: (f) => f.n >= 2 && f.firstIsFirstName && f.firstIsCommonWord && f.lastIsSurname && !f.lastIsCommonWord },
  {
    why: 'first name + unknown capitalised word',
    score: fixed(0.7),
    when: (f) => f.n >= 2 && f.firstIsFirstName && f.firstIsCommonWord && f.firstIsCommonFirstName && f.restUnknownOrSurname && !f.restEnglish,
  },
  {
    why: 'capitalised words ending in a surname',
    score: fixed(0.7),
    when: (f) => f.n >= 2 && !f.firstIsCommonWord && f.lastIsSurname && !f.lastIsCommonWord && (f.firstIsSurname || !f.firstIsEnglish),
  },
  { why: 'capitalised non-dictionary words', score: fixed(0.6), when: (f) => f.n >= 2 && f.n <= 3 && !f.anyEnglish && !f.place && !f.lowerMode },
  // One word (never a lone initial; a two-letter word only with a cue: a title, context, a verb people do, or a list of names).
  { why: 'first-name lexicon', score: fixed(0.75), when: (f) => f.n === 1 && !f.initial && !f.short && f.firstIsFirstName && !f.firstIsCommonWord && !f.firstIsEnglish },
  {
    why: 'first-name lexicon (also a rare word)',
    score: (f) => (f.singleSentenceStart ? 0.55 : 0.65),
    when: (f) => f.n === 1 && !f.initial && !f.short && f.firstIsFirstName && !f.firstIsCommonWord,
  },
  { why: 'short given name as subject', score: fixed(0.6), when: (f) => f.n === 1 && f.short && f.firstIsFirstName && !f.firstIsCommonWord && f.subjectOfVerb },
  {
    why: 'surname lexicon',
    score: fixed(0.6),
    when: (f) => f.n === 1 && !f.initial && !f.short && f.lastIsSurname && !f.firstIsCommonWord && !f.firstIsEnglish && !f.singleSentenceStart,
  },
  {
    why: 'capitalised non-dictionary word as subject',
    score: fixed(0.6),
    when: (f) => f.n === 1 && !f.initial && f.subjectOfVerb && !f.firstIsEnglish && !f.place && !f.lowerMode,
  },
];

/** The base person score and its reason: the first matching rule, or 0. */
export function personEvidence(facts: ChainFacts): { score: number; why: string } {
  for (const rule of PERSON_RULES) {
    if (rule.when(facts)) return { score: rule.score(facts), why: rule.why === 'title' ? `title ${facts.title ?? ''}` : rule.why };
  }
  return { score: 0, why: '' };
}

/** Base location score of a gazetteer hit by kind (before context and shape adjustments). */
export const PLACE_SCORE: Readonly<Record<PlaceKind, number>> = { country: 0.85, region: 0.85, major_city: 0.75, city: 0.65, small_place: 0.55 };
