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
const PERSON_AFTER = new Set(['said', 'says', 'told', 'asked', 'shouted', 'replied', 'wrote', 'lives', 'emailed', 'wants', 'wanted', 'thinks', 'thought', 'smiled', 'laughed', 'whispered', 'answered', 'explained']);
/** Leading words of street names ("Rue Victor Hugo", "Via Roma"): such chains are addresses, not people. */
const STREET_PREFIX = new Set(['rue', 'via', 'viale', 'avenida', 'avda', 'av', 'calle', 'rua', 'strada', 'ulica', 'ul', 'piazza', 'plaza', 'carrer', 'camino', 'cami', 'avenue', 'boulevard', 'chemin', 'allee', 'allée', 'place', 'praça', 'largo', 'travessa', 'corso', 'st', 'saint']);
/** Words right before a span that make it a person (lower-case; multi-word entries end at the span). */
const PERSON_CONTEXT = [
  'my name is', 'name is', 'name\'s', 'names are', 'named', 'called', 'call me', 'i am', 'i\'m', 'im', 'this is', 'dear', 'hi', 'hello',
  'hey', 'thanks', 'thank you', 'regards', 'cheers', 'sincerely', 'signed', 'by', 'name', 'patient', 'customer', 'client',
  'contact', 'ask for', 'tell', 'met', 'meet', 'meeting with', 'spoke with', 'spoke to', 'talked to', 'talk to', 'married',
  'son', 'daughter', 'wife', 'husband', 'mother', 'father', 'brother', 'sister', 'friend', 'partner', 'boss', 'colleague',
  'manager', 'attn', 'attention', 'c/o', 'cc', 'to', 'from', 'with', 'starring', 'directed by', 'written by', 'authored by',
  'says', 'said', 'asked', 'replied', 'according to', 'wrote',
];
const LOCATION_CONTEXT = [
  'in', 'from', 'at', 'to', 'near', 'into', 'via', 'toward', 'towards', 'outside', 'around', 'across', 'visit', 'visited',
  'visiting', 'leaving', 'left', 'reached', 'flew to', 'fly to', 'moved to', 'born in', 'lives in', 'living in', 'live in',
  'located in', 'based in', 'grew up in', 'city of', 'town of', 'village of', 'native of', 'resident of', 'capital of', 'arrived in', 'arrived at',
];
/** Strong location context: an unknown capitalised word after these is a place. */
const STRONG_LOCATION_CONTEXT = ['born in', 'lives in', 'living in', 'live in', 'grew up in', 'moved to', 'city of', 'town of', 'village of', 'native of', 'resident of', 'located in', 'based in', 'relocated to', 'raised in'];

function compilePhrases(list: readonly string[]): string[][] {
  return list.map((p) => p.split(' ')).sort((a, b) => b.length - a.length);
}
const PERSON_CTX = compilePhrases(PERSON_CONTEXT);
const LOCATION_CTX = compilePhrases(LOCATION_CONTEXT);
const STRONG_LOCATION_CTX = compilePhrases(STRONG_LOCATION_CONTEXT);
// Context words that only weakly suggest a person (also precede places / things).
const WEAK_PERSON_CTX = new Set(['to', 'from', 'with', 'by', 'name', 'tell', 'cc']);

function shapeOf(text: string): Shape {
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

function tokenize(text: string): Tok[] {
  const toks: Tok[] = [];
  TOKEN_RE.lastIndex = 0;
  let prevEnd = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(text)) !== null) {
    let word = m[0];
    // Possessive: Mary's → Mary.
    const possessive = /['’]s$/i.test(word) && word.length > 3;
    if (possessive) word = word.slice(0, -2);
    const start = m.index;
    const gap = text.slice(prevEnd, start);
    const prev = toks[toks.length - 1];
    const sentenceStart = !prev || /[.!?:;"“”>\n\r\t*•()[\]]/.test(gap) && !(prev.shape === 'initial' && /^\.\s?$/.test(gap)) && !(TITLES.has(prev.lower) && /^\.\s?$/.test(gap));
    toks.push({ start, end: start + word.length, text: word, lower: word.toLowerCase().replace(/’/g, "'"), shape: shapeOf(word), gap, sentenceStart, possessive });
    prevEnd = start + m[0].length;
  }
  return toks;
}

/** Lower-case words ending just before token i (up to n). */
function wordsBefore(toks: readonly Tok[], i: number, n: number): string[] {
  const out: string[] = [];
  for (let j = i - 1; j >= 0 && out.length < n; j--) {
    out.unshift(toks[j].lower);
    if (/[.!?\n]/.test(toks[j].gap)) break;
  }
  return out;
}

function endsWithPhrase(words: readonly string[], phrases: readonly string[][]): string | undefined {
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

  constructor(options: NameEngineOptions = {}) {
    this.lex = options.lexicons ?? nameLexicons();
    for (const [key, kind] of this.lex.places) {
      const sp = key.indexOf(' ');
      if (sp > 0 && (kind === 'country' || kind === 'region' || kind === 'major_city')) this.multiWordHeads.add(key.slice(0, sp));
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
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 65 && c <= 90) {
        letters++;
        upper++;
      } else if (c >= 97 && c <= 122) {
        letters++;
        lowerCount++;
      } else if (c > 127) {
        const ch = text[i];
        if (ch.toLowerCase() !== ch.toUpperCase()) {
          letters++;
          if (ch === ch.toUpperCase()) upper++;
          else lowerCount++;
        }
      }
    }
    if (letters < 2) return [];
    const hint = fieldEntityHint(fieldName);
    if (hint) {
      const whole = this.wholeValue(text, hint);
      if (whole) return [whole];
    }
    const toks = tokenize(text);
    if (toks.length === 0) return [];
    const lowerMode = upper === 0;
    const capsMode = !lowerMode && lowerCount < letters * 0.1;
    const out: NameSpan[] = [];
    const consumed = this.multiWordPlaces(toks, lowerMode, capsMode, out);
    const chains = this.chains(toks, lowerMode, capsMode, consumed);
    const persons: { span: NameSpan; chain: Chain }[] = [];
    const unsure: Chain[] = [];
    for (const chain of chains) {
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
    if (hint === 'PERSON') lexHit = lowers.some((w) => this.lex.firstNames.has(w) || this.lex.surnames.has(w));
    else if (hint === 'LOCATION') lexHit = this.lex.places.has(lowers.join(' ').replace(/-/g, ' '));
    else lexHit = this.lex.nrp.has(lowers.join(' '));
    const allWords = lowers.every((w) => this.lex.commonWords.has(w) || STOP.has(w));
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
      if (t.text.length < 3) return false;
      if (capsMode) return true;
      // ALL-CAPS inside mixed-case text: a name or place only when a lexicon knows it (not acronyms like CEO).
      const key = t.lower.replace(/-/g, ' ');
      return t.text.length >= 3 && (this.lex.commonFirstNames.has(t.lower) || this.lex.places.has(key)) && !this.lex.commonWords.has(t.lower) && !this.lex.englishWords.has(t.lower);
    }
    if (t.shape === 'lower' && lowerMode) {
      if (STOP.has(t.lower) || PARTICLES.has(t.lower)) return false;
      const l = this.lex;
      if (l.commonWords.has(t.lower)) return false;
      if (l.englishWords.has(t.lower)) return (l.places.get(t.lower) === 'country' || l.nrp.has(t.lower));
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
      if (!this.multiWordHeads.has(toks[i].lower.replace(/-.*/, ''))) continue;
      if (!this.isCapLike(toks[i], lowerMode, capsMode) && !(lowerMode || toks[i].shape === 'title' || toks[i].shape === 'upper')) continue;
      if (toks[i].shape === 'lower' && !lowerMode) continue;
      for (let len = Math.min(max, toks.length - i); len >= 2; len--) {
        const last = toks[i + len - 1];
        if (last.shape === 'lower' && !lowerMode) continue;
        let ok = true;
        for (let k = i + 1; k < i + len; k++) if (!/^[ ]$/.test(toks[k].gap) || toks[k - 1].possessive) ok = false;
        if (!ok) continue;
        const key = toks.slice(i, i + len).map((t) => t.lower).join(' ').replace(/-/g, ' ');
        const kind = this.lex.places.get(key);
        if (kind === 'country' || kind === 'region' || kind === 'major_city') {
          out.push({ entityType: 'LOCATION', start: toks[i].start, end: last.end, score: lowerMode ? 0.75 : 0.85, explanation: `gazetteer (${kind}), multi-word` });
          for (let k = i; k < i + len; k++) consumed.add(k);
          i += len - 1;
          break;
        }
      }
    }
    return consumed;
  }

  private chains(toks: readonly Tok[], lowerMode: boolean, capsMode: boolean, consumed: ReadonlySet<number> = new Set()): Chain[] {
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
      const cap = this.isCapLike(t, lowerMode, capsMode);
      const joinable = cur.length > 0 && /^[ \u00a0]{1,2}$|^\.[ \u00a0]?$/.test(t.gap) && (t.gap[0] !== '.' || cur[cur.length - 1].shape === 'initial' || TITLES.has(cur[cur.length - 1].lower));
      if (cap) {
        if (!joinable || (cur.length > 0 && cur[cur.length - 1].possessive)) flush();
        if (cur.length === 0) first = i;
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
    return this.lex.places.get(words.join(' ').replace(/-/g, ' '));
  }

  private classifyChain(text: string, all: readonly Tok[], chain: Chain, lowerMode: boolean, capsMode: boolean): NameSpan[] | 'unsure' {
    const lex = this.lex;
    let toks = chain.toks.slice();
    let firstIdx = chain.first;
    let title: Tok | undefined;
    const chainCtx = endsWithPhrase(wordsBefore(all, firstIdx, 4), PERSON_CTX);
    const strongChainCtx = chainCtx && !WEAK_PERSON_CTX.has(chainCtx);
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
      const lw = t.lower;
      const nameLike = lex.firstNames.has(lw) || lex.surnames.has(lw);
      const followedByName = toks.length > 1 && (lex.surnames.has(toks[1].lower) || !lex.englishWords.has(toks[1].lower)) && toks[1].shape !== 'initial';
      const isStop = STOP.has(lw) || MONTHS_DAYS.has(lw);
      const isWord = lex.commonWords.has(lw);
      const protectedName = nameLike && (strongChainCtx || title) && firstIdx === chain.first + (title ? 1 : 0) && !(MONTHS_DAYS.has(lw) && !title);
      if (!protectedName && ((isStop && !(nameLike && followedByName && !['the', 'a', 'an', 'i', 'and', 'of', 'in'].includes(lw))) || (isWord && !nameLike && !lex.nrp.has(lw)) || PARTICLES.has(lw) || (isWord && nameLike && !followedByName && !title && !lex.nrp.has(lw)))) {
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
      return chain.toks.length === 1 && this.lex.firstNames.has(only.lower) && !only.sentenceStart && !MONTHS_DAYS.has(only.lower) && !STOP.has(only.lower) ? 'unsure' : [];
    }
    const lowers = toks.map((t) => t.lower);
    const n = toks.length;
    const start = toks[0].start;
    const end = toks[n - 1].end;
    const before = wordsBefore(all, firstIdx, 4);
    const personCtx = title ? 'title' : endsWithPhrase(before, PERSON_CTX);
    const locCtx = endsWithPhrase(before, LOCATION_CTX);
    const strongLocCtx = endsWithPhrase(before, STRONG_LOCATION_CTX);
    const nextTok = all[firstIdx + n];
    const nextGap = nextTok ? nextTok.gap : '';
    const afterText = text.slice(end, end + 40);

    // Street names: "52 Rua Joaquim de Oliveira", "98 Grote Baan 477", "rue Victor Hugo".
    const textBefore = text.slice(Math.max(0, start - 12), start);
    const prevTok = all[firstIdx - 1];
    if (!title && (/\d[\s,]*$/.test(textBefore) || STREET_PREFIX.has(lowers[0]) || (prevTok && STREET_PREFIX.has(prevTok.lower) && /^\.?\s$/.test(toks[0].gap)))) {
      const kind = this.placeOf(lowers);
      if (!kind || (kind !== 'country' && kind !== 'region')) return [];
    }
    // Organisations and street names: "Smith Ltd.", "Kennedy Airport", "Main Street".
    const lastLower = lowers[n - 1];
    if (lex.orgWords.has(lastLower) && n >= 2 && !title) {
      const nameLikeHead = lex.firstNames.has(lowers[0]) && !lex.places.has(lowers[0]) && lex.surnames.has(lastLower) && n === 2;
      const place = this.placeOf(lowers);
      if (place && (place === 'country' || place === 'region')) return [this.span('LOCATION', start, end, 0.85, `gazetteer (${place})`)];
      if (!nameLikeHead) return [];
    }
    if (nextTok && /^ ?$/.test(nextGap) && lex.orgWords.has(nextTok.lower) && nextTok.shape !== 'lower' && !title) {
      const place = this.placeOf(lowers);
      if (!place || (place !== 'country' && place !== 'region')) return [];
    }
    if (/^\s*(?:&|\+)\s*[A-Z]/.test(afterText)) return []; // "Johnson & Johnson"

    // NRP: "Chinese", "Catholic", "South Korean".
    const nrpKey = lowers.join(' ');
    if (lex.nrp.has(nrpKey) && !title) {
      const nextIsName = nextTok && nextGap === ' ' && this.isCapLike(nextTok, lowerMode, capsMode) && (lex.firstNames.has(nextTok.lower) || lex.surnames.has(nextTok.lower));
      const subject = n === 1 && lex.firstNames.has(lowers[0]) && nextTok && nextGap === ' ' && PERSON_AFTER.has(nextTok.lower) && toks[0].sentenceStart;
      if (!nextIsName && !subject) return [this.span('NRP', start, end, lowerMode ? 0.6 : 0.8, 'nationality/religion/political group lexicon')];
    }
    // Short aliases: US, UK, USA, U.S.
    const place = this.placeOf(lowers);

    // Person evidence.
    const f0 = lex.firstNames.has(lowers[0]);
    const w0 = lex.commonWords.has(lowers[0]);
    const commonF0 = lex.commonFirstNames.has(lowers[0]);
    const lastIsSurname = lex.surnames.has(lowers[n - 1]);
    const anyEnglish = lowers.some((w) => lex.englishWords.has(w));
    const restEnglish = lowers.slice(1).some((w) => lex.englishWords.has(w));
    const subjectOfVerb = nextTok !== undefined && nextGap === ' ' && nextTok.shape === 'lower' && PERSON_AFTER.has(nextTok.lower);
    const allCommon = lowers.every((w) => lex.commonWords.has(w) || STOP.has(w));
    const singleSentenceStart = n === 1 && toks[0].sentenceStart;
    const speakerLabel = n <= 3 && toks[0].sentenceStart && /^\s*:/.test(afterText) && (all[firstIdx - 1] === undefined || /\n/.test(toks[0].gap));

    let personScore = 0;
    let why = '';
    if (title && (!allCommon || toks.every((t) => t.shape !== 'lower'))) {
      personScore = 0.9;
      why = `title ${title.text}`;
    } else if (n >= 2) {
      const restUnknownOrSurname = toks.slice(1).every((t) => lex.surnames.has(t.lower) || lex.firstNames.has(t.lower) || !lex.commonWords.has(t.lower) || t.shape === 'initial');
      if (f0 && !w0 && restUnknownOrSurname) {
        personScore = 0.85;
        why = 'first name + capitalised name';
      } else if (f0 && w0 && lastIsSurname && !lex.commonWords.has(lastLower)) {
        personScore = 0.75;
        why = 'first name (also a word) + surname';
      } else if (f0 && w0 && commonF0 && restUnknownOrSurname && !restEnglish) {
        personScore = 0.7;
        why = 'first name + unknown capitalised word';
      } else if (!w0 && lastIsSurname && !lex.commonWords.has(lastLower) && (lex.surnames.has(lowers[0]) || !lex.englishWords.has(lowers[0]))) {
        personScore = 0.7;
        why = 'capitalised words ending in a surname';
      } else if (!anyEnglish && n <= 3 && !place && !lowerMode) {
        personScore = 0.6;
        why = 'capitalised non-dictionary words';
      }
    } else {
      const t = toks[0];
      if (f0 && !w0 && !lex.englishWords.has(lowers[0])) {
        personScore = 0.75;
        why = 'first-name lexicon';
      } else if (f0 && !w0) {
        personScore = singleSentenceStart ? 0.55 : 0.65;
        why = 'first-name lexicon (also a rare word)';
      } else if (lastIsSurname && !w0 && !lex.englishWords.has(lowers[0]) && !singleSentenceStart) {
        personScore = 0.6;
        why = 'surname lexicon';
      }
      if (personScore === 0 && subjectOfVerb && !lex.englishWords.has(lowers[0]) && !place && !lowerMode) {
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
    if (prevTok2 && /^(?:full ?)?name$/.test(prevTok2.lower) && /:/.test(toks[0].gap) && !allCommon && personScore < 0.85) {
      personScore = 0.85;
      why = 'after "Name:" label';
    }
    if (speakerLabel && personScore < 0.9 && !anyEnglish && (f0 || !place)) {
      personScore = 0.9;
      why = 'speaker label';
    }
    if (lowerMode && personScore > 0) personScore -= 0.05;

    // Location evidence.
    let locScore = 0;
    let locWhy = '';
    if (place) {
      const rank = place === 'country' || place === 'region' ? 0.85 : place === 'major_city' ? 0.75 : place === 'city' ? 0.65 : 0.55;
      const isWordy = allCommon || (n === 1 && lex.englishWords.has(lowers[0]));
      const nameLike = f0 || lex.surnames.has(lowers[0]);
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
      if (n === 1 && !w0 && !lex.englishWords.has(lowers[0]) && !place && toks[0].shape !== 'initial') return 'unsure';
      if (n === 1 && f0 && !toks[0].sentenceStart) return 'unsure';
      return [];
    }
    // A lone word after a locative preposition that the gazetteer knows is a place ("moved here from Arona").
    if (n === 1 && place && locCtx && !title && !speakerLabel && !strongChainCtx && locScore >= 0.5) return [this.span('LOCATION', start, end, round(Math.max(locScore, 0.7)), locWhy)];
    if (personScore >= locScore) return personScore > 0 ? [this.span('PERSON', start, end, round(personScore), why)] : [];
    return [this.span('LOCATION', start, end, round(locScore), locWhy)];
  }

  /** True when [start,end) is alone on its line (besides a postcode / punctuation) and a neighbouring line looks like an address. */
  private addressLine(text: string, start: number, end: number): boolean {
    const ls = text.lastIndexOf('\n', start - 1) + 1;
    let le = text.indexOf('\n', end);
    if (le < 0) le = text.length;
    const beforeOnLine = text.slice(ls, start);
    const afterOnLine = text.slice(end, le);
    if (!/^[\s>*•,-]*$/.test(beforeOnLine)) return false;
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

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
