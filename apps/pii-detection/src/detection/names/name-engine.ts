import type { EntityType } from '../detection.types';
import { fieldEntityHint } from './field-context';
import { nameLexicons, type NameLexicons, type PlaceKind } from './lexicons';

/** One span found by the engine (PERSON, LOCATION or NRP). */
export interface NameSpan {
  entityType: Extract<EntityType, 'PERSON' | 'LOCATION' | 'NRP'>;
  start: number;
  end: number;
  score: number;
  explanation: string;
}

type Shape = 'title' | 'upper' | 'initial' | 'lower' | 'other';

interface Tok {
  start: number;
  end: number;
  text: string;
  lower: string;
  shape: Shape;
  /** Characters between the previous token and this one. */
  gap: string;
  /** First token of a sentence/line. */
  sentenceStart: boolean;
  /** Written with a possessive 's (ends a name chain). */
  possessive: boolean;
}

const TOKEN_RE = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*(?:-[\p{L}\p{M}]+)*/gu;

const TITLES = new Set([
  'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'professor', 'sir', 'dame', 'lord', 'lady', 'rev', 'reverend', 'fr', 'father',
  'sister', 'brother', 'capt', 'captain', 'col', 'colonel', 'gen', 'general', 'sgt', 'sergeant', 'lt', 'lieutenant', 'hon',
  'judge', 'justice', 'madam', 'madame', 'mme', 'mlle', 'herr', 'frau', 'señor', 'senor', 'señora', 'senora', 'sra', 'mister',
  'president', 'senator', 'governor', 'mayor', 'officer', 'detective', 'inspector', 'agent', 'coach', 'uncle', 'aunt', 'auntie',
  'grandma', 'grandpa', 'doctor', 'nurse', 'saint', 'prince', 'princess', 'king', 'queen', 'rabbi', 'imam', 'pastor', 'bishop',
]);
// Titles that are unambiguous even without a following dot / capital (Mr, Mrs, Dr...).
const STRONG_TITLES = new Set(['mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'professor', 'sir', 'dame', 'mme', 'mlle', 'herr', 'frau', 'mister', 'madam', 'madame', 'señor', 'señora', 'sra', 'rev', 'capt', 'sgt', 'lt', 'col', 'hon']);
const PARTICLES = new Set(['van', 'von', 'de', 'der', 'den', 'del', 'della', 'delle', 'di', 'da', 'du', 'la', 'le', 'dos', 'das', 'do', 'bin', 'binti', 'ibn', 'al', 'el', 'ter', 'ten', 'zu', 'af', 'av', 'y', 'mac']);
/** Generational and professional suffixes: kept out of the span ("John Smith Jr" → "John Smith"). */
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'esq', 'dvm', 'dds', 'rn', 'cpa', 'mba']);
const MONTHS_DAYS = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'christmas', 'easter', 'halloween',
]);
/** Capitalised function words and pronouns that never start a name. */
const STOP = new Set([
  'the', 'a', 'an', 'and', 'or', 'but', 'if', 'of', 'in', 'on', 'at', 'to', 'for', 'from', 'by', 'with', 'as', 'is', 'are', 'was',
  'were', 'be', 'been', 'i', 'you', 'he', 'she', 'it', 'we', 'they', 'me', 'him', 'her', 'us', 'them', 'my', 'your', 'his', 'its',
  'our', 'their', 'this', 'that', 'these', 'those', 'there', 'here', 'what', 'who', 'whom', 'whose', 'which', 'when', 'where', 'why',
  'how', 'not', 'no', 'yes', 'ok', 'okay', 'please', 'thanks', 'thank', 'dear', 'hi', 'hello', 'hey', 'so', 'do', 'does', 'did',
  'have', 'has', 'had', 'can', 'could', 'would', 'should', 'shall', 'will', 'may', 'might', 'must', 'also', 'then', 'than', 'just',
  'all', 'any', 'some', 'every', 'each', 'one', 'name', 'address', 'phone', 'email', 're', 'fwd', 'subject', 'note', 'notes',
  "i'm", "i'll", "i've", "i'd", "it's", "let's", "don't", "can't", "won't", "that's", "there's", "what's", "he's", "she's", "we're",
  "they're", "you're", "we'll", "you'll", 'user', 'bot', 'customer', 'agent', 'where', 'when',
]);
/** Words after a lone capitalised word that make it the subject of a sentence, i.e. likely a person. */
const PERSON_AFTER = new Set([
  'said', 'says', 'told', 'asked', 'shouted', 'replied', 'wrote', 'lives', 'emailed', 'wants', 'wanted', 'thinks', 'thought', 'smiled',
  'laughed', 'whispered', 'answered', 'explained', 'yelled', 'cried', 'spent', 'gave', 'loves', 'loved', 'likes', 'liked', 'knows', 'knew',
  'feels', 'felt', 'believes', 'believed', 'decided', 'agreed', 'complained', 'insisted', 'admitted', 'promised', 'married', 'died', 'nodded',
]);
/** Copulas after a lone sentence-initial word: a person when the predicate is not a noun phrase ("Zama is from…", not "Acme is the leader"). */
const COPULA_AFTER = new Set(['is', 'was', 'has', 'had']);
const NOT_PREDICATE_NP = new Set(['the', 'a', 'an', 'headquartered', 'based', 'located', 'owned', 'listed', 'traded', 'one']);
/** Street-type words and suffixes (English and European): a capitalised chain ending in or followed by one is a street, not a person. */
const STREET_WORDS = new Set([
  'strasse', 'straße', 'str', 'gasse', 'weg', 'allee', 'platz', 'damm', 'ufer', 'laan', 'straat', 'plein', 'dreef', 'gracht', 'kade', 'singel',
  'steeg', 'gade', 'vej', 'vei', 'veien', 'vegen', 'veg', 'gata', 'gatan', 'vägen', 'väg', 'gränd', 'vegur', 'katu', 'kuja', 'tie', 'utca',
  'ulica', 'ulice', 'cesta', 'street', 'road', 'avenue', 'lane', 'drive', 'boulevard', 'rd', 'ave', 'blvd', 'ln',
]);
const STREET_SUFFIX_RE = /(?:strasse|straße|gasse|straat|laan|weg|allee|platz|gade|gatan|vägen|vej|veien|vegen|utca|ulica|katu|kuja)$/;
/** First words of place names ("San Giuseppe Vesuviano", "Bad Homburg", "Port Louis"). */
const PLACE_PREFIX = new Set(['san', 'santa', 'santo', 'são', 'sant', 'sankt', 'bad', 'port', 'puerto', 'porto', 'fort', 'villa', 'castel', 'castello', 'monte', 'mont', 'los', 'las', 'novo', 'nova', 'nowy', 'nowa', 'stary', 'stara', 'velké', 'velika', 'veliki', 'mali', 'mala', 'nagy', 'kis']);
/** Lower-case connectives inside multi-word place names ("Mansilla de la Sierra", "Ždár nad Sázavou", "Loka pri Zidanem Mostu"). */
const PLACE_CONNECTIVES = new Set(['de', 'del', 'della', 'di', 'da', 'do', 'dos', 'das', 'la', 'le', 'les', 'los', 'nad', 'pod', 'pri', 'u', 'am', 'an', 'im', 'sur', 'sous', 'en', 'na', 'y']);
const ADDRESS_UNIT_WORDS = new Set(['suite', 'apt', 'apartment', 'unit', 'box', 'floor', 'room', 'flat', 'building', 'block']);
/** Domain words that look like rare names in lower-case text (identifiers, military mail codes). */
const NOT_NAME = new Set(['iban', 'swift', 'bic', 'ssn', 'cvv', 'cvc', 'vat', 'pin', 'usnv', 'usns', 'uss', 'fpo', 'apo', 'dpo', 'psc', 'nan', 'null', 'undefined', 'ip', 'url', 'http', 'https', 'www']);
/** Leading words of street names ("Rue Victor Hugo", "Via Roma"): such chains are addresses, not people. */
const STREET_PREFIX = new Set(['rue', 'via', 'viale', 'avenida', 'avda', 'av', 'calle', 'rua', 'strada', 'ulica', 'ul', 'piazza', 'plaza', 'carrer', 'camino', 'cami', 'avenue', 'boulevard', 'chemin', 'allee', 'allée', 'place', 'praça', 'largo', 'travessa', 'corso', 'st', 'saint']);
/** Words right before a span that make it a person (lower-case; multi-word entries end at the span). */
const PERSON_CONTEXT = [
  'my name is', 'name is', 'name\'s', 'names are', 'named', 'called', 'call me', 'i am', 'i\'m', 'im', 'this is', 'dear', 'hi', 'hello',
  'hey', 'thanks', 'thank you', 'regards', 'cheers', 'sincerely', 'signed', 'by', 'name', 'patient', 'customer', 'client',
  'contact', 'ask for', 'tell', 'met', 'meet', 'meeting with', 'spoke with', 'spoke to', 'talked to', 'talk to', 'married',
  'son', 'daughter', 'wife', 'husband', 'mother', 'father', 'brother', 'sister', 'friend', 'partner', 'boss', 'colleague',
  'manager', 'attn', 'attention', 'c/o', 'cc', 'to', 'from', 'with', 'starring', 'directed by', 'written by', 'authored by',
  'says', 'said', 'asked', 'replied', 'according to', 'wrote', 'shouted at', 'yelled at', 'said to', 'given', 'calls me', 'everyone calls me',
  'named him', 'named her', 'assistant to', 'commenter', 'leave me', 'love you', 'miss you', 'speak to', 'speak with', 'sister of', 'son of', 'daughter of',
];
const LOCATION_CONTEXT = [
  'in', 'from', 'at', 'to', 'near', 'into', 'via', 'toward', 'towards', 'outside', 'around', 'across', 'visit', 'visited',
  'visiting', 'leaving', 'left', 'reached', 'flew to', 'fly to', 'moved to', 'born in', 'lives in', 'living in', 'live in',
  'located in', 'based in', 'grew up in', 'city of', 'town of', 'village of', 'native of', 'resident of', 'capital of', 'arrived in', 'arrived at',
];
/** Strong location context: an unknown capitalised word after these is a place. */
const STRONG_LOCATION_CONTEXT = ['born in', 'lives in', 'living in', 'live in', 'grew up in', 'moved to', 'city of', 'town of', 'village of', 'native of', 'resident of', 'located in', 'based in', 'relocated to', 'raised in'];

/** Phrases indexed by their last word, longest first (one Map hit per lookup instead of a scan). */
type PhraseIndex = Map<string, string[][]>;
function compilePhrases(list: readonly string[]): PhraseIndex {
  const index: PhraseIndex = new Map();
  for (const p of list.map((x) => x.split(' ')).sort((a, b) => b.length - a.length)) {
    const key = p[p.length - 1];
    const bucket = index.get(key);
    if (bucket) bucket.push(p);
    else index.set(key, [p]);
  }
  return index;
}
const PERSON_CTX = compilePhrases(PERSON_CONTEXT);
const LOCATION_CTX = compilePhrases(LOCATION_CONTEXT);
const STRONG_LOCATION_CTX = compilePhrases(STRONG_LOCATION_CONTEXT);
// Context words that only weakly suggest a person (also precede places / things).
const WEAK_PERSON_CTX = new Set(['to', 'from', 'with', 'by', 'name', 'tell', 'cc']);

function shapeOf(text: string): Shape {
  const c0 = text.charCodeAt(0);
  if (c0 < 128) {
    // ASCII fast path (no per-character case conversion).
    let ascii = true;
    let lower = 0;
    let upper = 0;
    for (let i = 1; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 97 && c <= 122) lower++;
      else if (c >= 65 && c <= 90) upper++;
      else if (c >= 128) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      if (c0 >= 97 && c0 <= 122) return 'lower';
      if (c0 < 65 || c0 > 90) return 'other';
      if (text.length === 1) return 'initial';
      return lower === 0 && upper > 0 ? 'upper' : 'title';
    }
  }
  const first = text[0];
  const firstUpper = first !== first.toLowerCase();
  const firstLower = first !== first.toUpperCase();
  if (firstLower) return 'lower';
  if (!firstUpper) return 'other';
  if (text.length === 1) return 'initial';
  let lower = 0;
  let upper = 0;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (c !== c.toUpperCase()) lower++;
    else if (c !== c.toLowerCase()) upper++;
  }
  if (lower === 0 && upper > 0) return 'upper';
  return 'title';
}

const SENTENCE_BREAK_RE = /[.!?:;"“”>\n\r\t*•()[\]]/;

/** Appends the token text[start, matchEnd) (one TOKEN_RE match) and returns matchEnd. */
function pushToken(text: string, toks: Tok[], start: number, matchEnd: number, prevEnd: number): number {
  let word = text.slice(start, matchEnd);
  // Possessive: Mary's → Mary.
  const len = word.length;
  const last = word.charCodeAt(len - 1);
  const apos = word.charCodeAt(len - 2);
  const possessive = len > 3 && (last === 115 || last === 83) && (apos === 39 || apos === 0x2019);
  if (possessive) word = word.slice(0, -2);
  const gap = start - prevEnd === 1 ? (text[prevEnd] === ' ' ? ' ' : text[prevEnd]) : text.slice(prevEnd, start);
  const prev = toks[toks.length - 1];
  const sentenceStart = !prev || (gap !== ' ' && SENTENCE_BREAK_RE.test(gap) && !((prev.shape === 'initial' || TITLES.has(prev.lower)) && /^\.\s?$/.test(gap)));
  let lower = word.toLowerCase();
  if (lower.includes('’')) lower = lower.replace(/’/g, "'");
  toks.push({ start, end: start + word.length, text: word, lower, shape: shapeOf(word), gap, sentenceStart, possessive });
  return matchEnd;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** Tokens as TOKEN_RE finds them; `ascii` selects a hand-written scanner with the same grammar for pure-ASCII text. */
function tokenize(text: string, ascii = false): Tok[] {
  const toks: Tok[] = [];
  let prevEnd = 0;
  if (ascii) {
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (!isAsciiLetter(text.charCodeAt(i))) {
        i++;
        continue;
      }
      const start = i++;
      while (i < n && isAsciiLetter(text.charCodeAt(i))) i++;
      // (?:'letters+)* then (?:-letters+)*
      while (i + 1 < n && text.charCodeAt(i) === 39 && isAsciiLetter(text.charCodeAt(i + 1))) {
        i += 2;
        while (i < n && isAsciiLetter(text.charCodeAt(i))) i++;
      }
      while (i + 1 < n && text.charCodeAt(i) === 45 && isAsciiLetter(text.charCodeAt(i + 1))) {
        i += 2;
        while (i < n && isAsciiLetter(text.charCodeAt(i))) i++;
      }
      prevEnd = pushToken(text, toks, start, i, prevEnd);
    }
    return toks;
  }
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(text)) !== null) prevEnd = pushToken(text, toks, m.index, m.index + m[0].length, prevEnd);
  return toks;
}

/** Lower-case words ending just before token i (up to n). */
function wordsBefore(toks: readonly Tok[], i: number, n: number): string[] {
  let from = i;
  for (let j = i - 1; j >= 0 && i - j <= n; j--) {
    from = j;
    const g = toks[j].gap;
    if (g !== ' ' && /[.!?\n]/.test(g)) break;
  }
  const out: string[] = new Array<string>(i - from);
  for (let j = from; j < i; j++) out[j - from] = toks[j].lower;
  return out;
}

function endsWithPhrase(words: readonly string[], index: PhraseIndex): string | undefined {
  if (words.length === 0) return undefined;
  const phrases = index.get(words[words.length - 1]);
  if (phrases === undefined) return undefined;
  for (const p of phrases) {
    if (p.length > words.length) continue;
    let ok = true;
    for (let k = 0; k < p.length; k++) {
      if (words[words.length - p.length + k] !== p[k]) {
        ok = false;
        break;
      }
    }
    if (ok) return p.join(' ');
  }
  return undefined;
}

interface Chain {
  toks: Tok[];
  /** Index of the first token in the token array. */
  first: number;
  title?: Tok;
}

// Per-word lexicon memberships, cached per engine (one small-Map hit instead of several big-Set probes).
const F_FIRST = 1;
const F_COMMON_FIRST = 2;
const F_SURNAME = 4;
const F_COMMON_WORD = 8;
const F_ENGLISH = 16;
const F_NRP = 32;
const F_ORG = 64;
const FLAG_CACHE_MAX = 50_000;

export interface NameEngineOptions {
  lexicons?: NameLexicons;
}

/**
 * Finds PERSON, LOCATION and NRP spans in English free text with lexicons and structure (capitalisation,
 * titles, particles, context words, lists, address lines) — no statistical model. Shared by the three
 * name recognizers; results for the last text are cached so the three share one pass.
 */
export class NameEngine {
  private readonly lex: NameLexicons;
  private lastKey: string | undefined;
  private lastField: string | undefined;
  private lastResult: NameSpan[] = [];
  /** First words of multi-word countries/regions/major cities (cheap gate for the multi-word scan). */
  private readonly multiWordHeads = new Set<string>();
  /** Every proper word-prefix of those names ("united", "united arab"). */
  private readonly multiWordPrefixes = new Set<string>();
  private readonly flagCache = new Map<string, number>();
  private readonly hintCache = new Map<string, ReturnType<typeof fieldEntityHint> | null>();
  private readonly placeCache = new Map<string, PlaceKind | null>();

  constructor(options: NameEngineOptions = {}) {
    this.lex = options.lexicons ?? nameLexicons();
    for (const [key, kind] of this.lex.places) {
      const sp = key.indexOf(' ');
      if (sp > 0 && (kind === 'country' || kind === 'region' || kind === 'major_city')) {
        this.multiWordHeads.add(key.slice(0, sp));
        for (let p = sp; p > 0; p = key.indexOf(' ', p + 1)) this.multiWordPrefixes.add(key.slice(0, p));
      }
    }
  }

  analyze(text: string, fieldName?: string): NameSpan[] {
    if (text === this.lastKey && fieldName === this.lastField) return this.lastResult;
    const result = this.compute(text, fieldName);
    this.lastKey = text;
    this.lastField = fieldName;
    this.lastResult = result;
    return result;
  }

  private compute(text: string, fieldName?: string): NameSpan[] {
    // Prefilter: nothing to do without at least two letters.
    let letters = 0;
    let upper = 0;
    let lowerCount = 0;
    let ascii = true;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 65 && c <= 90) {
        letters++;
        upper++;
      } else if (c >= 97 && c <= 122) {
        letters++;
        lowerCount++;
      } else if (c > 127) {
        ascii = false;
        const ch = text[i];
        if (ch.toLowerCase() !== ch.toUpperCase()) {
          letters++;
          if (ch === ch.toUpperCase()) upper++;
          else lowerCount++;
        }
      }
    }
    if (letters < 2) return [];
    const hint = this.hintFor(fieldName);
    if (hint) {
      const whole = this.wholeValue(text, hint);
      if (whole) return [whole];
    }
    const toks = tokenize(text, ascii);
    if (toks.length === 0) return [];
    const lowerMode = upper === 0;
    const capsMode = !lowerMode && lowerCount < letters * 0.1;
    const out: NameSpan[] = [];
    const consumed = this.multiWordPlaces(toks, lowerMode, capsMode, out);
    const chains = this.chains(toks, lowerMode, capsMode, consumed, text);
    const persons: { span: NameSpan; chain: Chain }[] = [];
    const unsure: Chain[] = [];
    const firms = chains.length >= 3 ? firmNameLists(text, toks, chains) : undefined;
    for (const chain of chains) {
      if (firms?.has(chain)) continue;
      // Fast path: a lone function word or plain dictionary word ("The", "Ticket") is never an entity.
      if (chain.toks.length === 1) {
        const w = chain.toks[0].lower;
        if ((STOP.has(w) || PARTICLES.has(w) || (this.is(w, F_COMMON_WORD) && !TITLES.has(w))) && !this.is(w, F_FIRST | F_SURNAME | F_NRP) && this.placeOf([w]) === undefined) continue;
      }
      const spans = this.classifyChain(text, toks, chain, lowerMode, capsMode);
      if (spans === 'unsure') {
        unsure.push(chain);
        continue;
      }
      for (const s of spans) {
        out.push(s);
        if (s.entityType === 'PERSON') persons.push({ span: s, chain });
      }
    }
    // Lists: "They had 6: Malon, Mark, Kaylee and Brandi" — an unsure single word listed with names is a name.
    if (unsure.length > 0 && persons.length > 0) {
      for (const chain of unsure) {
        if (chain.toks.length > 2) continue;
        const near = persons.some(({ chain: p }) => {
          const a = chain.first < p.first ? chain : p;
          const b = chain.first < p.first ? p : chain;
          const between = text.slice(a.toks[a.toks.length - 1].end, b.toks[0].start);
          return /^\s*(,|and|&|or)\s*(and\s+)?$/i.test(between) || /^\s*,\s*$/.test(between);
        });
        if (near) {
          const s = chain.toks[0];
          const e = chain.toks[chain.toks.length - 1];
          out.push({ entityType: 'PERSON', start: s.start, end: e.end, score: 0.6, explanation: 'capitalised word listed with names' });
        }
      }
    }
    out.sort((a, b) => a.start - b.start || b.end - a.end);
    return out;
  }

  /** {@link fieldEntityHint}, memoised per field name (the same few fields come back for every record). */
  private hintFor(fieldName: string | undefined): ReturnType<typeof fieldEntityHint> {
    if (fieldName === undefined) return undefined;
    let hint = this.hintCache.get(fieldName);
    if (hint === undefined) {
      hint = fieldEntityHint(fieldName) ?? null;
      if (this.hintCache.size >= 1000) this.hintCache.clear();
      this.hintCache.set(fieldName, hint);
    }
    return hint ?? undefined;
  }

  /** Field context: the whole (trimmed) value is the entity when it looks like one. */
  private wholeValue(text: string, hint: 'PERSON' | 'LOCATION' | 'NRP'): NameSpan | undefined {
    const trimmedStart = text.length - text.trimStart().length;
    const value = text.trim();
    if (value.length < 2 || value.length > 80) return undefined;
    if (/[0-9@/\\#$%=<>{}[\]|_~^*+]/.test(value)) return undefined;
    const words = value.split(/[\s,]+/).filter(Boolean);
    if (words.length > (hint === 'PERSON' ? 5 : 4)) return undefined;
    if (!words.every((w) => /^[\p{L}\p{M}][\p{L}\p{M}'’.-]*$/u.test(w))) return undefined;
    const lowers = words.map((w) => w.toLowerCase().replace(/[.]$/, ''));
    let lexHit = false;
    if (hint === 'PERSON') lexHit = lowers.some((w) => this.is(w, F_FIRST) || this.is(w, F_SURNAME));
    else if (hint === 'LOCATION') lexHit = this.lex.places.has(lowers.join(' ').replace(/-/g, ' '));
    else lexHit = this.is(lowers.join(' '), F_NRP);
    const allWords = lowers.every((w) => this.is(w, F_COMMON_WORD) || STOP.has(w));
    if (allWords && !lexHit) return undefined;
    return {
      entityType: hint,
      start: trimmedStart,
      end: trimmedStart + value.length,
      score: lexHit ? 0.95 : 0.85,
      explanation: `field name implies ${hint}${lexHit ? ' + lexicon' : ''}`,
    };
  }

  private isCapLike(t: Tok, lowerMode: boolean, capsMode: boolean): boolean {
    if (t.shape === 'title' || t.shape === 'initial') return true;
    if (t.shape === 'upper') {
      if (t.text.length < 3 || NOT_NAME.has(t.lower)) return false;
      if (capsMode) return true;
      // ALL-CAPS inside mixed-case text: a name or place only when a lexicon knows it (not acronyms like CEO).
      const key = t.lower.replace(/-/g, ' ');
      return t.text.length >= 3 && (this.is(t.lower, F_COMMON_FIRST) || this.lex.places.has(key)) && !this.is(t.lower, F_COMMON_WORD) && !this.is(t.lower, F_ENGLISH);
    }
    if (t.shape === 'lower' && lowerMode) {
      if (STOP.has(t.lower) || PARTICLES.has(t.lower) || NOT_NAME.has(t.lower)) return false;
      const l = this.lex;
      if (this.is(t.lower, F_COMMON_WORD)) return false;
      if (this.is(t.lower, F_ENGLISH)) return (l.places.get(t.lower) === 'country' || this.is(t.lower, F_NRP));
      return true;
    }
    return false;
  }

  /**
   * Multi-word countries, regions and cities that contain lower-case connectives or particles
   * ("Saint Kitts and Nevis", "United Arab Emirates", "Den Haag"): matched on the token stream first.
   */
  private multiWordPlaces(toks: readonly Tok[], lowerMode: boolean, capsMode: boolean, out: NameSpan[]): Set<number> {
    const consumed = new Set<number>();
    const max = Math.min(this.lex.maxPlaceTokens, 6);
    for (let i = 0; i < toks.length; i++) {
      if (toks[i].shape === 'lower' && !lowerMode) continue;
      const lw = toks[i].lower;
      const dash = lw.indexOf('-');
      if (!this.multiWordHeads.has(dash < 0 ? lw : lw.slice(0, dash))) continue;
      if (!this.isCapLike(toks[i], lowerMode, capsMode) && !(lowerMode || toks[i].shape === 'title' || toks[i].shape === 'upper')) continue;
      // Grow the key token by token while it is a prefix of a known multi-word place; keep the longest hit.
      let key = dash < 0 ? lw : lw.replace(/-/g, ' ');
      let bestLen = 0;
      let bestKind: PlaceKind | undefined;
      const limit = Math.min(max, toks.length - i);
      for (let len = 2; len <= limit; len++) {
        const t = toks[i + len - 1];
        if (t.gap !== ' ' || toks[i + len - 2].possessive) break;
        key += ' ' + (t.lower.includes('-') ? t.lower.replace(/-/g, ' ') : t.lower);
        if (t.shape !== 'lower' || lowerMode) {
          const kind = this.lex.places.get(key);
          if (kind === 'country' || kind === 'region' || kind === 'major_city') {
            bestLen = len;
            bestKind = kind;
          }
        }
        if (!this.multiWordPrefixes.has(key)) break;
      }
      if (bestKind !== undefined) {
        const last = toks[i + bestLen - 1];
        out.push({ entityType: 'LOCATION', start: toks[i].start, end: last.end, score: lowerMode ? 0.75 : 0.85, explanation: `gazetteer (${bestKind}), multi-word` });
        for (let k = i; k < i + bestLen; k++) consumed.add(k);
        i += bestLen - 1;
      }
    }
    return consumed;
  }

  private chains(toks: readonly Tok[], lowerMode: boolean, capsMode: boolean, consumed: ReadonlySet<number>, text: string): Chain[] {
    const out: Chain[] = [];
    let cur: Tok[] = [];
    let first = 0;
    const flush = (): void => {
      if (cur.length > 0) out.push({ toks: cur, first });
      cur = [];
    };
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i];
      if (consumed.has(i)) {
        flush();
        continue;
      }
      const cap = this.isCapLike(t, lowerMode, capsMode) || (t.shape === 'upper' && this.addressCaps(text, toks, i));
      if (!cap && cur.length === 0) continue;
      const joinable = cur.length > 0 && (t.gap === ' ' || /^[ \u00a0]{1,2}$|^\.[ \u00a0]?$/.test(t.gap)) && (t.gap[0] !== '.' || cur[cur.length - 1].shape === 'initial' || TITLES.has(cur[cur.length - 1].lower));
      if (cap) {
        if (!joinable || (cur.length > 0 && cur[cur.length - 1].possessive)) flush();
        if (cur.length === 0) first = i;
        cur.push(t);
        continue;
      }
      // Lower-case text: a surname that is also a word after a first name ("mr. chad farmer").
      if (lowerMode && cur.length > 0 && joinable && t.shape === 'lower' && !STOP.has(t.lower) && !this.is(t.lower, F_ORG) && !ADDRESS_UNIT_WORDS.has(t.lower) && this.is(t.lower, F_SURNAME) && this.is(cur[cur.length - 1].lower, F_FIRST) && !cur[cur.length - 1].possessive && (cur.length === 1 || TITLES.has(cur[0].lower))) {
        cur.push(t);
        continue;
      }
      // Particles inside a name: "Donald van der Voet", "Leonardo da Vinci".
      if (cur.length > 0 && joinable && PARTICLES.has(t.lower) && t.shape === 'lower') {
        let j = i;
        while (j < toks.length && PARTICLES.has(toks[j].lower) && toks[j].shape === 'lower' && /^[ ]$/.test(toks[j].gap)) j++;
        if (j < toks.length && j > i && /^[ ]$/.test(toks[j].gap) && this.isCapLike(toks[j], lowerMode, capsMode) && !lowerMode) {
          for (let k = i; k < j; k++) cur.push(toks[k]);
          i = j - 1;
          continue;
        }
      }
      flush();
    }
    flush();
    return out;
  }

  private placeOf(words: readonly string[]): PlaceKind | undefined {
    const key = words.length === 1 ? words[0] : words.join(' ');
    let kind = this.placeCache.get(key);
    if (kind === undefined) {
      kind = this.lex.places.get(key.includes('-') ? key.replace(/-/g, ' ') : key) ?? null;
      if (this.placeCache.size >= FLAG_CACHE_MAX) this.placeCache.clear();
      this.placeCache.set(key, kind);
    }
    return kind ?? undefined;
  }

  /** True when word `w` (lower-case) is in the lexicon selected by `flag`. */
  private is(w: string, flag: number): boolean {
    let f = this.flagCache.get(w);
    if (f === undefined) {
      const l = this.lex;
      f = (l.firstNames.has(w) ? F_FIRST : 0) | (l.commonFirstNames.has(w) ? F_COMMON_FIRST : 0) | (l.surnames.has(w) ? F_SURNAME : 0)
        | (l.commonWords.has(w) ? F_COMMON_WORD : 0) | (l.englishWords.has(w) ? F_ENGLISH : 0) | (l.nrp.has(w) ? F_NRP : 0) | (l.orgWords.has(w) ? F_ORG : 0);
      if (this.flagCache.size >= FLAG_CACHE_MAX) this.flagCache.clear();
      this.flagCache.set(w, f);
    }
    return (f & flag) !== 0;
  }

  private classifyChain(text: string, all: readonly Tok[], chain: Chain, lowerMode: boolean, capsMode: boolean): NameSpan[] | 'unsure' {
    const lex = this.lex;
    let toks = chain.toks.slice();
    let firstIdx = chain.first;
    let title: Tok | undefined;
    const chainBefore = wordsBefore(all, firstIdx, 4);
    const chainCtx = endsWithPhrase(chainBefore, PERSON_CTX);
    const strongChainCtx = chainCtx && !WEAK_PERSON_CTX.has(chainCtx);
    // "Amber: I'm her daughter" — a name-like word opening a line and followed by a colon is a speaker.
    const chainEnd = chain.toks[chain.toks.length - 1].end;
    const speakerLike = chain.toks.length <= 2 && chain.toks[0].sentenceStart && (chain.first === 0 || chain.toks[0].gap.includes('\n')) && /^\s*:/.test(text.slice(chainEnd, chainEnd + 3));
    // Leading titles ("Mr.", "Dr", "Prof"), function words, months and non-names ("The", "When", "In").
    while (toks.length > 0) {
      const t = toks[0];
      if (toks.length > 1 && TITLES.has(t.lower) && (STRONG_TITLES.has(t.lower) || t.shape !== 'lower')) {
        title = t;
        toks = toks.slice(1);
        firstIdx++;
        continue;
      }
      if (TITLES.has(t.lower) && toks.length === 1) return [];
      // Non-honorific titles before a plain word are titles, not names: "the Princess Royal", "General Motors".
      if (title && !STRONG_TITLES.has(title.lower) && toks.length === 1 && this.is(t.lower, F_COMMON_WORD) && !this.is(t.lower, F_COMMON_FIRST) && !this.is(t.lower, F_SURNAME)) return [];
      if (title && !STRONG_TITLES.has(title.lower) && toks.length === 1 && this.is(t.lower, F_COMMON_WORD) && title.shape !== 'lower' && all[firstIdx - 2]?.lower === 'the') return [];
      const lw = t.lower;
      const nameLike = this.is(lw, F_FIRST) || this.is(lw, F_SURNAME);
      const followedByName = toks.length > 1 && (this.is(toks[1].lower, F_SURNAME) || !this.is(toks[1].lower, F_ENGLISH)) && toks[1].shape !== 'initial';
      const isStop = STOP.has(lw) || MONTHS_DAYS.has(lw);
      const isWord = this.is(lw, F_COMMON_WORD);
      const protectedName = nameLike && (strongChainCtx || title || speakerLike) && firstIdx === chain.first + (title ? 1 : 0) && !(MONTHS_DAYS.has(lw) && !title);
      if (!protectedName && ((isStop && !(nameLike && followedByName && !['the', 'a', 'an', 'i', 'and', 'of', 'in'].includes(lw))) || (isWord && !nameLike && !this.is(lw, F_NRP)) || PARTICLES.has(lw) || (isWord && nameLike && !followedByName && !title && !this.is(lw, F_NRP)))) {
        // Keep months/days that are names only when a title or a surname follows (handled above).
        toks = toks.slice(1);
        firstIdx++;
        continue;
      }
      break;
    }
    // Trailing suffixes (Jr, III, PhD), particles and stop words are dropped.
    while (toks.length > 1 && SUFFIXES.has(toks[toks.length - 1].lower)) toks = toks.slice(0, -1);
    while (toks.length > 0 && (PARTICLES.has(toks[toks.length - 1].lower) || STOP.has(toks[toks.length - 1].lower) || toks[toks.length - 1].shape === 'initial')) toks = toks.slice(0, -1);
    if (toks.length === 0) {
      const only = chain.toks[0];
      return chain.toks.length === 1 && this.is(only.lower, F_FIRST) && !only.sentenceStart && !MONTHS_DAYS.has(only.lower) && !STOP.has(only.lower) ? 'unsure' : [];
    }
    const lowers = toks.map((t) => t.lower);
    const n = toks.length;
    const start = toks[0].start;
    const end = toks[n - 1].end;
    const before = firstIdx === chain.first ? chainBefore : wordsBefore(all, firstIdx, 4);
    const personCtx = title ? 'title' : endsWithPhrase(before, PERSON_CTX);
    const locCtx = endsWithPhrase(before, LOCATION_CTX);
    const strongLocCtx = endsWithPhrase(before, STRONG_LOCATION_CTX);
    const nextTok = all[firstIdx + n];
    const nextGap = nextTok ? nextTok.gap : '';
    const afterText = text.slice(end, end + 40);

    // Street names: "52 Rua Joaquim de Oliveira", "98 Grote Baan 477", "rue Victor Hugo".
    const textBefore = text.slice(Math.max(0, start - 12), start);
    const prevTok = all[firstIdx - 1];
    if (!title && (/\d[ \t\u00a0]*$/.test(textBefore) || STREET_PREFIX.has(lowers[0]) || (prevTok && STREET_PREFIX.has(prevTok.lower) && /^\.?\s$/.test(toks[0].gap)))) {
      const kind = this.placeOf(lowers);
      if (!kind || (kind !== 'country' && kind !== 'region')) return [];
    }
    // Organisations and street names: "Smith Ltd.", "Kennedy Airport", "Main Street".
    const lastLower = lowers[n - 1];
    // European street names: "Gumpendorfer Strasse 44", "Nordahl Rolfsens vei 187", "Hochstrasse".
    if (!title && (STREET_WORDS.has(lastLower) && n >= 2 || STREET_SUFFIX_RE.test(lastLower) || (nextTok && nextGap === ' ' && STREET_WORDS.has(nextTok.lower) && nextTok.shape === 'lower'))) return [];
    // A chain followed by a house number is a street ("Sorlaskeid 32"), unless it is clearly a full name.
    if (!title && /^ \d{1,5}[a-zA-Z]?(?![\d\-/:.,]\d)\b/.test(afterText) && !(n >= 2 && this.is(lowers[0], F_FIRST) && this.is(lastLower, F_SURNAME))) {
      const kind = this.placeOf(lowers);
      if (kind !== 'country' && kind !== 'region') return [];
    }
    if (this.is(lastLower, F_ORG) && n >= 2 && !title) {
      const nameLikeHead = this.is(lowers[0], F_FIRST) && !lex.places.has(lowers[0]) && this.is(lastLower, F_SURNAME) && n === 2;
      const place = this.placeOf(lowers);
      if (place && (place === 'country' || place === 'region')) return [this.span('LOCATION', start, end, 0.85, `gazetteer (${place})`)];
      if (!nameLikeHead) return [];
    }
    if (nextTok && /^ ?$/.test(nextGap) && this.is(nextTok.lower, F_ORG) && nextTok.shape !== 'lower' && !title) {
      const place = this.placeOf(lowers);
      if (!place || (place !== 'country' && place !== 'region')) return [];
    }
    if (/^\s*(?:&|\+)\s*[A-Z]/.test(afterText)) return []; // "Johnson & Johnson"

    // NRP: "Chinese", "Catholic", "South Korean".
    const nrpKey = lowers.join(' ');
    if (this.is(nrpKey, F_NRP) && !title) {
      const nextIsName = nextTok && nextGap === ' ' && this.isCapLike(nextTok, lowerMode, capsMode) && (this.is(nextTok.lower, F_FIRST) || this.is(nextTok.lower, F_SURNAME));
      const subject = n === 1 && this.is(lowers[0], F_FIRST) && nextTok && nextGap === ' ' && PERSON_AFTER.has(nextTok.lower) && toks[0].sentenceStart;
      if (!nextIsName && !subject) return [this.span('NRP', start, end, lowerMode ? 0.6 : 0.8, 'nationality/religion/political group lexicon')];
    }
    // Short aliases: US, UK, USA, U.S.
    const place = this.placeOf(lowers);

    // Person evidence.
    const f0 = this.is(lowers[0], F_FIRST);
    const w0 = this.is(lowers[0], F_COMMON_WORD);
    const commonF0 = this.is(lowers[0], F_COMMON_FIRST);
    const lastIsSurname = this.is(lowers[n - 1], F_SURNAME);
    const anyEnglish = lowers.some((w) => this.is(w, F_ENGLISH));
    const restEnglish = lowers.slice(1).some((w) => this.is(w, F_ENGLISH));
    const afterNext = all[firstIdx + n + 1];
    const copulaSubject = n === 1 && toks[0].sentenceStart && nextTok !== undefined && nextGap === ' ' && nextTok.shape === 'lower' && COPULA_AFTER.has(nextTok.lower) && afterNext !== undefined && !NOT_PREDICATE_NP.has(afterNext.lower) && afterNext.shape === 'lower';
    const subjectOfVerb = nextTok !== undefined && nextGap === ' ' && nextTok.shape === 'lower' && (PERSON_AFTER.has(nextTok.lower) || copulaSubject);
    const allCommon = lowers.every((w) => this.is(w, F_COMMON_WORD) || STOP.has(w));
    const singleSentenceStart = n === 1 && toks[0].sentenceStart;
    const speakerLabel = n <= 3 && toks[0].sentenceStart && /^\s*:/.test(afterText) && (all[firstIdx - 1] === undefined || /\n/.test(toks[0].gap));

    let personScore = 0;
    let why = '';
    if (title && (!allCommon || toks.every((t) => t.shape !== 'lower'))) {
      personScore = 0.9;
      why = `title ${title.text}`;
    } else if (n >= 2) {
      const restUnknownOrSurname = toks.slice(1).every((t) => this.is(t.lower, F_SURNAME) || this.is(t.lower, F_FIRST) || !this.is(t.lower, F_COMMON_WORD) || t.shape === 'initial');
      if (f0 && !w0 && restUnknownOrSurname) {
        personScore = 0.85;
        why = 'first name + capitalised name';
      } else if (f0 && w0 && lastIsSurname && !this.is(lastLower, F_COMMON_WORD)) {
        personScore = 0.75;
        why = 'first name (also a word) + surname';
      } else if (f0 && w0 && commonF0 && restUnknownOrSurname && !restEnglish) {
        personScore = 0.7;
        why = 'first name + unknown capitalised word';
      } else if (!w0 && lastIsSurname && !this.is(lastLower, F_COMMON_WORD) && (this.is(lowers[0], F_SURNAME) || !this.is(lowers[0], F_ENGLISH))) {
        personScore = 0.7;
        why = 'capitalised words ending in a surname';
      } else if (!anyEnglish && n <= 3 && !place && !lowerMode) {
        personScore = 0.6;
        why = 'capitalised non-dictionary words';
      }
    } else {
      const t = toks[0];
      if (f0 && !w0 && !this.is(lowers[0], F_ENGLISH)) {
        personScore = 0.75;
        why = 'first-name lexicon';
      } else if (f0 && !w0) {
        personScore = singleSentenceStart ? 0.55 : 0.65;
        why = 'first-name lexicon (also a rare word)';
      } else if (lastIsSurname && !w0 && !this.is(lowers[0], F_ENGLISH) && !singleSentenceStart) {
        personScore = 0.6;
        why = 'surname lexicon';
      }
      if (personScore === 0 && subjectOfVerb && !this.is(lowers[0], F_ENGLISH) && !place && !lowerMode) {
        personScore = 0.6;
        why = 'capitalised non-dictionary word as subject';
      }
      if (t.shape === 'initial') personScore = 0;
    }
    const capitalised = toks.every((t) => t.shape === 'title' || t.shape === 'upper');
    if (personCtx && personScore < 0.85 && (!allCommon || (capitalised && !WEAK_PERSON_CTX.has(personCtx) && !MONTHS_DAYS.has(lowers[0]))) && !(n === 1 && toks[0].shape === 'initial')) {
      const weak = WEAK_PERSON_CTX.has(personCtx) || (place !== undefined && locCtx !== undefined);
      if (!weak) {
        personScore = Math.max(personScore + 0.2, 0.8);
        why = `${why ? why + '; ' : ''}context "${personCtx}"`;
      } else if (personScore > 0) {
        personScore = Math.min(0.85, personScore + 0.1);
        why = `${why}; context "${personCtx}"`;
      }
    }
    // "Name: Crystal Grant" — a label followed by a colon.
    const prevTok2 = all[firstIdx - 1];
    if (prevTok2 && /^(?:full ?)?name$/.test(prevTok2.lower) && /:/.test(toks[0].gap) && (!allCommon || capitalised) && personScore < 0.85) {
      personScore = 0.85;
      why = 'after "Name:" label';
    }
    if (speakerLabel && personScore < 0.9 && (!anyEnglish || (f0 && n <= 2)) && (f0 || !place)) {
      personScore = 0.9;
      why = 'speaker label';
    }
    if (lowerMode && personScore > 0) personScore -= 0.05;

    // Location evidence.
    let locScore = 0;
    let locWhy = '';
    if (place) {
      const rank = place === 'country' || place === 'region' ? 0.85 : place === 'major_city' ? 0.75 : place === 'city' ? 0.65 : 0.55;
      const isWordy = allCommon || (n === 1 && this.is(lowers[0], F_ENGLISH));
      const nameLike = f0 || this.is(lowers[0], F_SURNAME);
      locScore = rank;
      if (locCtx) locScore = Math.min(0.9, locScore + 0.15);
      if (isWordy && !locCtx) locScore = place === 'country' || place === 'region' ? 0.55 : 0;
      if ((place === 'small_place' || place === 'city') && !locCtx) locScore = nameLike ? 0 : place === 'city' ? 0.55 : 0;
      if (nameLike && place !== 'country' && place !== 'region' && !locCtx) locScore = Math.min(locScore, 0.5);
      locWhy = `gazetteer (${place})${locCtx ? `; context "${locCtx}"` : ''}`;
    } else if (n <= 3) {
      // Multi-word place inside a longer chain: "Kalatsova" unknown, but "arrived in New York City".
      for (let len = Math.min(n - 1, this.lex.maxPlaceTokens); len >= 1 && n > 1; len--) {
        for (let s = 0; s + len <= n; s++) {
          const kind = this.placeOf(lowers.slice(s, s + len));
          if (kind === 'country' || kind === 'region' || kind === 'major_city') {
            if (personScore >= 0.7) break;
            return [this.span('LOCATION', toks[s].start, toks[s + len - 1].end, 0.7, `gazetteer (${kind}) inside capitalised phrase`)];
          }
        }
      }
      if (strongLocCtx && !anyEnglish && personScore < 0.8) {
        locScore = 0.75;
        locWhy = `context "${strongLocCtx}"`;
      }
    }
    // Multi-word place names after a locative word: "in San Giuseppe Vesuviano", "from Mansilla de la Sierra", "from Berlin Spandau".
    if (!title && locCtx && n >= 2 && personScore < 0.9) {
      const head = this.lex.places.get(lowers[0]);
      const headPlace = (head === 'country' || head === 'region' || head === 'major_city') && !this.is(lowers[0], F_COMMON_FIRST);
      let connective = false;
      for (let k = 1; k < n - 1; k++) if (PLACE_CONNECTIVES.has(lowers[k])) connective = true;
      if (PLACE_PREFIX.has(lowers[0]) || headPlace || (connective && !this.is(lowers[0], F_COMMON_FIRST))) {
        locScore = Math.max(locScore, 0.8);
        locWhy = locWhy || `place-name structure; context "${locCtx}"`;
        personScore = Math.min(personScore, 0.6);
      }
    }
    // "…, 19 rue La Boétie, PARIS" / "…98 Grote Baan 477, Kaster": a place after a comma that closes an address clause.
    const afterComma = /,\s*$/.test(toks[0].gap);
    if (afterComma && !place && !title && n <= 4 && !anyEnglish && !(n >= 2 && f0 && lastIsSurname)) {
      const ls = text.lastIndexOf('\n', start - 1) + 1;
      if (/\d+\s+\p{L}[^,.!?:;]*,\s*$/u.test(text.slice(Math.max(ls, start - 60), start))) {
        locScore = Math.max(locScore, 0.7);
        locWhy = locWhy || 'town closing an address';
        personScore = Math.min(personScore, 0.6);
      }
    }
    if (afterComma && place && !title && n <= 3) {
      const ls = text.lastIndexOf('\n', start - 1) + 1;
      const clause = text.slice(Math.max(ls, start - 60), start);
      const strongPlace = place === 'country' || place === 'region' || place === 'major_city' || place === 'city';
      if (strongPlace && (toks[0].shape === 'upper' || !this.is(lowers[0], F_COMMON_FIRST)) && /\d+\s+\p{L}[^,.!?:;]*,\s*$/u.test(clause)) {
        locScore = Math.max(locScore, 0.8);
        locWhy = locWhy || `gazetteer (${place}) after an address`;
        personScore = Math.min(personScore, 0.6);
      }
    }
    // Address-like lines: a line holding only a place-like chain (and maybe a postcode), next to address lines.
    const lineInfo = this.addressLine(text, start, end);
    if (lineInfo && !place && personScore < 0.8 && !anyEnglish) {
      locScore = Math.max(locScore, 0.6);
      locWhy = 'address line';
    } else if (lineInfo && place) {
      locScore = Math.max(locScore, 0.8);
      locWhy = `gazetteer (${place}); address line`;
    }
    if (/^,\s*[A-Z]{2}\b/.test(afterText) && !anyEnglish && personScore < 0.85) {
      locScore = Math.max(locScore, 0.65);
      locWhy = locWhy || 'city, state';
    }

    if (personScore === 0 && locScore === 0) {
      // Not classified: a capitalised non-sentence-start word might still be a name listed with others.
      if (n <= 2 && !allCommon && !anyEnglish && !singleSentenceStart && !place) return 'unsure';
      if (n === 1 && !w0 && !this.is(lowers[0], F_ENGLISH) && !place && toks[0].shape !== 'initial') return 'unsure';
      if (n === 1 && f0 && !toks[0].sentenceStart) return 'unsure';
      return [];
    }
    // A lone word after a locative preposition that the gazetteer knows is a place ("moved here from Arona").
    if (n === 1 && place && locCtx && !title && !speakerLabel && !strongChainCtx && locScore >= 0.5) return [this.span('LOCATION', start, end, round(Math.max(locScore, 0.7)), locWhy)];
    if (personScore >= locScore) return personScore > 0 ? [this.span('PERSON', start, end, round(personScore), why)] : [];
    return [this.span('LOCATION', start, end, round(locScore), locWhy)];
  }

  /**
   * ALL-CAPS words in mixed-case text are usually acronyms; in an address they are town names
   * ("⏎ HAYBOROUGH⏎ Thailand 52574", "…Halsey Road, HAYBOROUGH").
   */
  private addressCaps(text: string, toks: readonly Tok[], i: number): boolean {
    const t = toks[i];
    if (t.text.length < 3 || NOT_NAME.has(t.lower) || this.is(t.lower, F_COMMON_WORD)) return false;
    const prev = toks[i - 1];
    if (prev !== undefined && prev.shape === 'upper' && t.gap === ' ') return this.addressCaps(text, toks, i - 1);
    if (t.gap.includes('\n') || i === 0) {
      let j = i + 1;
      while (j < toks.length && toks[j].shape === 'upper' && toks[j].gap === ' ') j++;
      return this.addressLine(text, t.start, j > i + 1 ? toks[j - 1].end : t.end);
    }
    return t.gap === ', ' && /\d+\s+\p{L}[^,.!?:;\n]*$/u.test(text.slice(Math.max(0, t.start - 60), t.start - 2));
  }

  /** True when [start,end) is alone on its line (besides a postcode / punctuation) and a neighbouring line looks like an address. */
  private addressLine(text: string, start: number, end: number): boolean {
    const ls = text.lastIndexOf('\n', start - 1) + 1;
    if (!/^[\s>*•,-]*$/.test(text.slice(ls, start))) return false;
    let le = text.indexOf('\n', end);
    if (le < 0) le = text.length;
    const afterOnLine = text.slice(end, le);
    if (!/^[\s,.]*(?:[A-Z]{2}\s*)?(?:[A-Z0-9]{0,4}[ -]?\d{3,6}(?:-\d{3,4})?)?[\s,.]*$/.test(afterOnLine)) return false;
    if (ls === 0 && le === text.length) return false;
    const prevLine = text.slice(text.lastIndexOf('\n', Math.max(0, ls - 2)) + 1, Math.max(0, ls - 1));
    const nextStart = le + 1;
    let nextEnd = text.indexOf('\n', nextStart);
    if (nextEnd < 0) nextEnd = text.length;
    const nextLine = nextStart <= text.length ? text.slice(nextStart, nextEnd) : '';
    const addressish = /\d|\b(?:suite|apt|apartment|box|unit|floor|street|st|road|rd|ave|avenue|lane|drive)\b/i;
    return addressish.test(prevLine) || /\d{3,}/.test(afterOnLine) || /^\s*[\p{Lu}][\p{L}\s]+\s\d{3,}/u.test(nextLine);
  }

  private span(entityType: NameSpan['entityType'], start: number, end: number, score: number, explanation: string): NameSpan {
    return { entityType, start, end, score, explanation };
  }
}

/**
 * Firm names built from surnames ("The Davis, Reynolds and Williamson office", a letterhead line
 * "Rose, Turner and Thompson"): three or more single capitalised words joined by commas and a final
 * "and"/"&" without a serial comma, after "the", alone on their line, or before "office"/"LLP".
 */
function firmNameLists(text: string, toks: readonly Tok[], chains: readonly Chain[]): Set<Chain> {
  const out = new Set<Chain>();
  let i = 0;
  while (i < chains.length) {
    let j = i;
    let lastSep = '';
    while (j + 1 < chains.length) {
      const a = chains[j];
      const b = chains[j + 1];
      const between = text.slice(a.toks[a.toks.length - 1].end, b.toks[0].start);
      if (between !== ', ' && between !== ' and ' && between !== ' & ') break;
      if (lastSep !== '' && lastSep !== ', ') break;
      lastSep = between;
      j++;
    }
    const size = j - i + 1;
    const first = chains[i];
    // A sentence-initial "The" is part of the first chain ("The Davis, Reynolds and Williamson office").
    const leadingThe = first.toks.length === 2 && first.toks[0].lower === 'the';
    if (size >= 3 && lastSep !== ', ' && chains.slice(i, j + 1).every((c, k) => c.toks.length === 1 || (k === 0 && leadingThe))) {
      const last = chains[j].toks[0];
      const prev = leadingThe ? first.toks[0] : toks[first.first - 1];
      const ls = text.lastIndexOf('\n', first.toks[0].start - 1) + 1;
      let le = text.indexOf('\n', last.end);
      if (le < 0) le = text.length;
      const head = first.toks[leadingThe ? 1 : 0];
      const afterThe = prev !== undefined && prev.lower === 'the' && prev.end === head.start - 1;
      const aloneOnLine = ls > 0 && !leadingThe && /^[\s>*•?-]*$/.test(text.slice(ls, first.toks[0].start)) && /^[\s.]*$/.test(text.slice(last.end, le));
      const firmAfter = /^ (?:office|offices|law firm|firm|llp|partners)\b/i.test(text.slice(last.end, last.end + 20));
      if (afterThe || aloneOnLine || firmAfter) for (let k = i; k <= j; k++) out.add(chains[k]);
    }
    i = j + 1;
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
