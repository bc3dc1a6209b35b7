import { firmNameLists } from './address-structure';
import { classifyChain } from './chain-classifier';
import { capitalisedChains } from './chains';
import { cuedNames } from './cued-names';
import { fieldEntityHint } from './field-context';
import { nameLexicons, type NameLexicons, type PlaceKind } from './lexicons';
import type { Chain, LexiconView, NameSpan } from './name-types';
import { F_COMMON_FIRST, F_COMMON_WORD, F_ENGLISH, F_FIRST, F_NRP, F_ORG, F_SURNAME } from './name-types';
import { textFeatures } from '../text-features';
import { LetterCase, letterCase, type Tok, tokenize } from './tokenizer';
import { NOT_NAME, PARTICLES, STOP, TITLES } from './word-lists';

export type { NameSpan } from './name-types';

const FLAG_CACHE_MAX = 50_000;

export interface NameEngineOptions {
  lexicons?: NameLexicons;
}

/**
 * Finds PERSON, LOCATION and NRP spans in English free text with lexicons and structure (capitalisation,
 * titles, particles, context words, lists, address lines) — no statistical model. Shared by the three
 * name recognizers; results for the last text are cached so the three share one pass.
 */
export class NameEngine implements LexiconView {
  readonly lex: NameLexicons;
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
    // Prefilter: nothing to do without at least two letters. ASCII letters are counted already (text features);
    // only the code units above U+007F are looked at here.
    const features = textFeatures(text);
    let letters = features.letters;
    let upper = features.upper;
    let lowerCount = letters - upper;
    const ascii = features.nonAscii === 0;
    if (!ascii) {
      for (let i = 0; i < text.length; i++) {
        if (text.charCodeAt(i) <= 127) continue;
        const kind = letterCase(text, i);
        if (kind !== LetterCase.None) {
          letters++;
          if (kind === LetterCase.Upper) upper++;
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
    const chains = capitalisedChains(this, toks, lowerMode, capsMode, consumed, text);
    const persons: { span: NameSpan; chain: Chain }[] = [];
    const unsure: Chain[] = [];
    const firms = chains.length >= 3 ? firmNameLists(text, toks, chains) : undefined;
    for (const chain of chains) {
      if (firms?.has(chain)) continue;
      // Fast path: function words and plain dictionary words ("The", "Ticket", "The The The") are never an entity.
      if (this.plainChain(chain.toks)) continue;
      const spans = classifyChain(this, text, toks, chain, lowerMode, capsMode);
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
    if (unsure.length > 0 && persons.length > 0) listedWithNames(this, text, unsure, persons, out);
    if (out.length > 1) out.sort(byStartThenLongest);
    // Caseless scripts and lower-case names in mixed text (queries come left to right: one cursor over `out`).
    let cursor = 0;
    let reach = 0;
    const taken = (start: number, end: number): boolean => {
      while (cursor < out.length && out[cursor].start < end) reach = Math.max(reach, out[cursor++].end);
      return reach > start;
    };
    const cued = cuedNames(this, toks, lowerMode, taken);
    if (cued.length > 0) {
      out.push(...cued);
      if (out.length > 1) out.sort(byStartThenLongest);
    }
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

  isCapLike(t: Tok, lowerMode: boolean, capsMode: boolean): boolean {
    if (t.shape === 'title' || t.shape === 'initial') return true;
    if (t.shape === 'upper') {
      if (t.text.length < 3 || NOT_NAME.has(t.lower)) return false;
      if (capsMode) return true;
      // ALL-CAPS inside mixed-case text: a name or place only when a lexicon knows it (not acronyms like CEO).
      const key = t.lower.replace(/-/g, ' ');
      return t.text.length >= 3 && (this.isToken(t, F_COMMON_FIRST) || this.lex.places.has(key)) && !this.isToken(t, F_COMMON_WORD) && !this.isToken(t, F_ENGLISH);
    }
    if (t.shape === 'lower' && lowerMode) {
      if (STOP.has(t.lower) || PARTICLES.has(t.lower) || NOT_NAME.has(t.lower)) return false;
      const l = this.lex;
      if (this.isToken(t, F_COMMON_WORD)) return false;
      if (this.isToken(t, F_ENGLISH)) return (l.places.get(t.lower) === 'country' || this.isToken(t, F_NRP));
      return true;
    }
    return false;
  }

  /**
   * Multi-word countries, regions and cities that contain lower-case connectives or particles
   * ("Saint Kitts and Nevis", "United Arab Emirates", "Den Haag"): matched on the token stream first.
   */
  private multiWordPlaces(toks: readonly Tok[], lowerMode: boolean, capsMode: boolean, out: NameSpan[]): Set<number> | undefined {
    // Most texts name no multi-word place: the set is made for the first one.
    let consumed: Set<number> | undefined;
    const max = Math.min(this.lex.maxPlaceTokens, 6);
    for (let i = 0; i < toks.length; i++) {
      if (toks[i].shape === 'lower' && !lowerMode) continue;
      // Possessives are part of some names ("People's Republic of China").
      const lw = toks[i].possessive ? `${toks[i].lower}'s` : toks[i].lower;
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
        if (t.gap !== ' ') break;
        const word = t.possessive ? `${t.lower}'s` : t.lower;
        key += ' ' + (word.includes('-') ? word.replace(/-/g, ' ') : word);
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
        consumed ??= new Set<number>();
        for (let k = i; k < i + bestLen; k++) consumed.add(k);
        i += bestLen - 1;
      }
    }
    return consumed;
  }

  placeOf(words: readonly string[]): PlaceKind | undefined {
    return this.placeOfKey(words.length === 1 ? words[0] : words.join(' '));
  }

  /** {@link placeOf} for words already joined by single spaces (one word: no array to build). */
  placeOfKey(key: string): PlaceKind | undefined {
    let kind = this.placeCache.get(key);
    if (kind === undefined) {
      kind = this.lex.places.get(key.includes('-') ? key.replace(/-/g, ' ') : key) ?? null;
      if (this.placeCache.size >= FLAG_CACHE_MAX) this.placeCache.clear();
      this.placeCache.set(key, kind);
    }
    return kind ?? undefined;
  }

  /** Every token a plain word, and the chain as a whole no place ("The", "Ticket", "The The The"). */
  private plainChain(toks: readonly Tok[]): boolean {
    for (let i = 0; i < toks.length; i++) if (!this.plainToken(toks[i])) return false;
    if (toks.length === 1) return true;
    let key = toks[0].lower;
    for (let i = 1; i < toks.length; i++) key += ' ' + toks[i].lower;
    return this.placeOfKey(key) === undefined;
  }

  /** A function word or plain dictionary word that is no title, name, group or place on its own. */
  private plainToken(t: Tok): boolean {
    const w = t.lower;
    return (STOP.has(w) || PARTICLES.has(w) || (this.isToken(t, F_COMMON_WORD) && !TITLES.has(w))) && !this.isToken(t, F_FIRST | F_SURNAME | F_NRP) && this.placeOfKey(w) === undefined;
  }

  isToken(t: Tok, flag: number): boolean {
    let f = t.flags;
    if (f < 0) f = t.flags = this.flagsOf(t.lower);
    return (f & flag) !== 0;
  }

  /** True when word `w` (lower-case) is in a lexicon selected by `flag`. */
  is(w: string, flag: number): boolean {
    return (this.flagsOf(w) & flag) !== 0;
  }

  /** Every lexicon `w` (lower-case) is in, as F_* bits (memoised: the same words come back in every text). */
  private flagsOf(w: string): number {
    let f = this.flagCache.get(w);
    if (f === undefined) {
      const l = this.lex;
      f = (l.firstNames.has(w) ? F_FIRST : 0) | (l.commonFirstNames.has(w) ? F_COMMON_FIRST : 0) | (l.surnames.has(w) ? F_SURNAME : 0)
        | (l.commonWords.has(w) ? F_COMMON_WORD : 0) | (l.englishWords.has(w) ? F_ENGLISH : 0) | (l.nrp.has(w) ? F_NRP : 0) | (l.orgWords.has(w) ? F_ORG : 0);
      if (this.flagCache.size >= FLAG_CACHE_MAX) this.flagCache.clear();
      this.flagCache.set(w, f);
    }
    return f;
  }
}

function byStartThenLongest(a: NameSpan, b: NameSpan): number {
  return a.start - b.start || b.end - a.end;
}

/**
 * Lists: "They had 6: Malon, Mark, Kaylee and Brandi" — an unsure word listed right next to a name
 * (only ", ", "and", "&", "or" between) is a name. Both lists are in text order: one merge pass.
 */
function listedWithNames(view: LexiconView, text: string, unsure: readonly Chain[], persons: readonly { chain: Chain }[], out: NameSpan[]): void {
  const listed = /^\s*(,|and|&|or)\s*(and\s+)?$/i;
  let p = 0;
  for (const chain of unsure) {
    if (chain.toks.length > 2) continue;
    // A listed word must look like a name: a two-letter word ("Ab", "St") only when the name lexicon knows it.
    if (chain.toks.length === 1 && chain.toks[0].text.length <= 2 && !view.is(chain.toks[0].lower, F_FIRST | F_SURNAME)) continue;
    while (p < persons.length && persons[p].chain.first < chain.first) p++;
    const before = p > 0 ? persons[p - 1].chain : undefined;
    const after = p < persons.length ? persons[p].chain : undefined;
    const joined = (a: Chain, b: Chain): boolean => {
      const gapStart = a.toks[a.toks.length - 1].end;
      const gapEnd = b.toks[0].start;
      return listed.test(text.slice(gapStart, gapEnd));
    };
    if ((before && joined(before, chain)) || (after && joined(chain, after))) {
      const s = chain.toks[0];
      const e = chain.toks[chain.toks.length - 1];
      out.push({ entityType: 'PERSON', start: s.start, end: e.end, score: 0.6, explanation: 'capitalised word listed with names' });
    }
  }
}
