import { addressLine, lineStartNear } from './address-structure';
import { digitThenBlanksBefore, isAsciiDigit, isNameLabel, joinedLowers } from './chain-text';
import { LOCATION_CTX, PERSON_CTX, phraseInWindow, STRONG_LOCATION_CTX } from './context-phrases';
import type { Chain, LexiconView, NameSpan } from './name-types';
import { F_COMMON_FIRST, F_COMMON_WORD, F_ENGLISH, F_FIRST, F_NRP, F_ORG, F_SURNAME, nameSpan, round } from './name-types';
import { type ChainFacts, personEvidence, PLACE_SCORE } from './rule-table';
import { type Tok, wordsWindowStart } from './tokenizer';
import {
  ADDRESS_UNIT_WORDS,
  COPULA_AFTER,
  MONTHS_DAYS,
  NOT_PREDICATE_NP,
  PARTICLES,
  PERSON_AFTER,
  PLACE_CONNECTIVES,
  PLACE_PREFIX,
  STOP,
  STREET_PREFIX,
  STREET_SUFFIX_RE,
  STREET_WORDS,
  STRONG_TITLES,
  SUFFIXES,
  TITLES,
  WEAK_PERSON_CTX,
} from './word-lists';

/**
 * Classifies one capitalised chain as PERSON, LOCATION or NRP (or nothing): strips titles and
 * function words, rules out streets and organisations, then weighs person evidence (the rule table)
 * against place evidence (gazetteer, locative context, address structure). 'unsure' marks a name-like
 * word the list rule may still take ("Malon, Mark and Kaylee").
 */
/** A 4–5 digit postal code (optionally with a country letter prefix) opening a clause right before the chain. */
const POSTCODE_BEFORE = /(?:^|[,\n(]|\b(?:in|from|to|at|near)[ \t])[ \t]*(?:[A-Z]{1,2}-)?\d{4,5}[ \t]+$/;

/** The last non-blank character before `pos` is a digit (cheap gate for the postal-code rule). */
function isDigitBefore(text: string, pos: number): boolean {
  let i = pos - 1;
  while (i >= 0 && i > pos - 4 && (text[i] === ' ' || text[i] === '\t')) i--;
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** Labels whose value is a place ("Where: …"). */
const PLACE_LABELS = new Set(['where', 'location', 'venue', 'place']);
/** Words after "<Name>, " that make the name the person spoken to. */
const VOCATIVE_NEXT = new Set(['can', 'could', 'would', 'will', 'please', 'do', 'did', 'are', 'have', 'thanks', 'thank', 'how', 'where', 'what', 'when', 'why']);
/** Things only people have: "<Name>'s address" makes the name a person. */
const PERSONAL_POSSESSIONS = new Set([
  'address', 'phone', 'number', 'email', 'e-mail', 'birthday', 'wife', 'husband', 'mother', 'father', 'son', 'daughter', 'brother', 'sister',
  'mom', 'dad', 'boyfriend', 'girlfriend', 'partner', 'account', 'passport', 'salary', 'surname', 'name', 'family', 'parents', 'children',
]);
/** Locative words after which a capitalised word no lexicon knows is read as a place (not "at", which precedes firms). */
const IN_PLACE_CTX = new Set(['in', 'arrived at', 'arrived in', 'near']);

export function classifyChain(view: LexiconView, text: string, all: readonly Tok[], chain: Chain, lowerMode: boolean, capsMode: boolean): NameSpan[] | 'unsure' {
  const lex = view.lex;
  // Never mutated in place (every trim below slices), so the chain's own array is read as is.
  let toks: readonly Tok[] = chain.toks;
  let firstIdx = chain.first;
  let title: Tok | undefined;
  // Context phrases are read in the (up to) four words before the chain, in its sentence.
  const chainFrom = wordsWindowStart(all, firstIdx, 4);
  const chainCtx = phraseInWindow(all, chainFrom, chain.first, PERSON_CTX);
  const strongChainCtx = chainCtx && !WEAK_PERSON_CTX.has(chainCtx);
  // "Amber: I'm her daughter" — a name-like word opening a line and followed by a colon is a speaker.
  const chainEnd = chain.toks[chain.toks.length - 1].end;
  const speakerLike = chain.toks.length <= 2 && chain.toks[0].sentenceStart && (chain.first === 0 || chain.toks[0].gap.includes('\n')) && /^\s*:/.test(text.slice(chainEnd, chainEnd + 3));
  // "Where: Limont Country Club": after a place label, the words before the venue's own words are the place.
  const label = all[chain.first - 1];
  const chainN = chain.toks.length;
  if (label !== undefined && PLACE_LABELS.has(label.lower) && chain.toks[0].gap.includes(':') && chainN >= 2 && view.isToken(chain.toks[chainN - 1], F_ORG)) {
    let k = chainN;
    while (k > 0 && (view.isToken(chain.toks[k - 1], F_ORG) || view.isToken(chain.toks[k - 1], F_COMMON_WORD))) k--;
    if (k > 0) return [nameSpan('LOCATION', chain.toks[0].start, chain.toks[k - 1].end, 0.7, `place before a venue; label "${label.lower}:"`)];
  }
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
    if (title && !STRONG_TITLES.has(title.lower) && toks.length === 1 && view.isToken(t, F_COMMON_WORD) && !view.isToken(t, F_COMMON_FIRST) && !view.isToken(t, F_SURNAME)) return [];
    if (title && !STRONG_TITLES.has(title.lower) && toks.length === 1 && view.isToken(t, F_COMMON_WORD) && title.shape !== 'lower' && all[firstIdx - 2]?.lower === 'the') return [];
    const lw = t.lower;
    // "lives in Cite Erriadh", "from Port Louis": a place-name prefix after a locative word opens the place name.
    if (toks.length > 1 && firstIdx === chain.first && PLACE_PREFIX.has(lw) && phraseInWindow(all, chainFrom, chain.first, LOCATION_CTX) !== undefined) break;
    const nameLike = view.isToken(t, F_FIRST) || view.isToken(t, F_SURNAME);
    const followedByName = toks.length > 1 && (view.isToken(toks[1], F_SURNAME) || !view.isToken(toks[1], F_ENGLISH)) && toks[1].shape !== 'initial';
    const isStop = STOP.has(lw) || MONTHS_DAYS.has(lw);
    const isWord = view.isToken(t, F_COMMON_WORD);
    const protectedName = nameLike && (strongChainCtx || title || speakerLike) && firstIdx === chain.first + (title ? 1 : 0) && !(MONTHS_DAYS.has(lw) && !title);
    if (!protectedName && ((isStop && !(nameLike && followedByName && !['the', 'a', 'an', 'i', 'and', 'of', 'in'].includes(lw))) || (isWord && !nameLike && !view.isToken(t, F_NRP)) || PARTICLES.has(lw) || (isWord && nameLike && !followedByName && !title && !view.isToken(t, F_NRP)))) {
      // Keep months/days that are names only when a title or a surname follows (handled above).
      toks = toks.slice(1);
      firstIdx++;
      continue;
    }
    break;
  }
  // Trailing suffixes (Jr, III, PhD), particles and stop words are dropped.
  // Generational/professional suffixes right after the name are kept aside: part of a person span ("Ryan Bagy MD"), of nothing else.
  let suffixEnd = -1;
  while (toks.length > 1 && SUFFIXES.has(toks[toks.length - 1].lower) && /^,? $/.test(toks[toks.length - 1].gap)) {
    if (suffixEnd < 0) suffixEnd = toks[toks.length - 1].end;
    toks = toks.slice(0, -1);
  }
  while (toks.length > 1 && SUFFIXES.has(toks[toks.length - 1].lower)) toks = toks.slice(0, -1);
  // A dwelling-unit word with its number opens the address after a name ("Mrs. Ann Lee Apt. 338 …"), it is not a surname.
  while (toks.length > 1 && ADDRESS_UNIT_WORDS.has(toks[toks.length - 1].lower) && /^\.?[ \t]*#?\d/.test(text.slice(toks[toks.length - 1].end, toks[toks.length - 1].end + 4))) toks = toks.slice(0, -1);
  while (toks.length > 0 && (PARTICLES.has(toks[toks.length - 1].lower) || STOP.has(toks[toks.length - 1].lower) || toks[toks.length - 1].shape === 'initial')) toks = toks.slice(0, -1);
  if (toks.length === 0) {
    const only = chain.toks[0];
    return chain.toks.length === 1 && view.isToken(only, F_FIRST) && !only.sentenceStart && !MONTHS_DAYS.has(only.lower) && !STOP.has(only.lower) ? 'unsure' : [];
  }
  const n = toks.length;
  // The whole (trimmed) chain as one key, joined once: the gazetteer's kind of it is read by several rules below.
  const chainKey = joinedLowers(toks, 0, n);
  const place = view.placeOfKey(chainKey);
  const start = toks[0].start;
  const end = toks[n - 1].end;
  const beforeFrom = firstIdx === chain.first ? chainFrom : wordsWindowStart(all, firstIdx, 4);
  const personCtx = title ? 'title' : phraseInWindow(all, beforeFrom, firstIdx, PERSON_CTX);
  const locCtx = phraseInWindow(all, beforeFrom, firstIdx, LOCATION_CTX);
  const strongLocCtx = phraseInWindow(all, beforeFrom, firstIdx, STRONG_LOCATION_CTX);
  const nextTok = all[firstIdx + n];
  // An ALL-CAPS suffix is no chain word ("Ryan Bagy MD"): take it from the token after the name.
  if (suffixEnd < 0 && nextTok !== undefined && SUFFIXES.has(nextTok.lower) && /^,? $/.test(nextTok.gap)) suffixEnd = nextTok.end;
  const nextGap = nextTok ? nextTok.gap : '';
  const afterText = text.slice(end, end + 40);

  // Street names: "52 Rua Joaquim de Oliveira", "98 Grote Baan 477", "rue Victor Hugo".
  const prevTok = all[firstIdx - 1];
  // "in 94107 Mooresville", "…, 40213 Düsseldorf": a town after a postal code (not a street after a house number).
  if (!title && n <= 3 && isDigitBefore(text, start) && POSTCODE_BEFORE.test(text.slice(Math.max(0, start - 16), start)) && !toks.some((t) => view.isToken(t, F_COMMON_WORD))) {
    return [nameSpan('LOCATION', start, end, 0.7, 'town after a postal code')];
  }
  if (!title && (digitThenBlanksBefore(text, start, 12) || STREET_PREFIX.has(toks[0].lower) || (prevTok && STREET_PREFIX.has(prevTok.lower) && /^\.?\s$/.test(toks[0].gap)))) {
    if (!place || (place !== 'country' && place !== 'region')) return [];
  }
  // Organisations and street names: "Smith Ltd.", "Kennedy Airport", "Main Street".
  const lastLower = toks[n - 1].lower;
  // European street names: "Gumpendorfer Strasse 44", "Nordahl Rolfsens vei 187", "Hochstrasse".
  if (!title && (STREET_WORDS.has(lastLower) && n >= 2 || STREET_SUFFIX_RE.test(lastLower) || (nextTok && nextGap === ' ' && STREET_WORDS.has(nextTok.lower) && nextTok.shape === 'lower'))) return [];
  // A chain followed by a house number is a street ("Sorlaskeid 32"), unless it is clearly a full name.
  if (!title && text.charCodeAt(end) === 32 && isAsciiDigit(text.charCodeAt(end + 1)) && /^ \d{1,5}[a-zA-Z]?(?![\d\-/:.,]\d)\b/.test(afterText) && !(n >= 2 && view.isToken(toks[0], F_FIRST) && view.isToken(toks[n - 1], F_SURNAME))) {
    if (place !== 'country' && place !== 'region') return [];
  }
  if (view.isToken(toks[n - 1], F_ORG) && n >= 2 && !title) {
    const nameLikeHead = view.isToken(toks[0], F_FIRST) && !lex.places.has(toks[0].lower) && view.isToken(toks[n - 1], F_SURNAME) && n === 2;
    if (place && (place === 'country' || place === 'region')) return [nameSpan('LOCATION', start, end, 0.85, `gazetteer (${place})`)];
    if (!nameLikeHead) return [];
  }
  if (nextTok && (nextGap === ' ' || nextGap === '') && view.isToken(nextTok, F_ORG) && nextTok.shape !== 'lower' && !title) {
    if (!place || (place !== 'country' && place !== 'region')) return [];
  }
  if ((afterText.includes('&') || afterText.includes('+')) && /^\s*(?:&|\+)\s*[A-Z]/.test(afterText)) return []; // "Johnson & Johnson"

  // NRP: "Chinese", "Catholic", "South Korean".
  if ((n === 1 ? view.isToken(toks[0], F_NRP) : view.is(chainKey, F_NRP)) && !title) {
    const nextIsName = nextTok && nextGap === ' ' && view.isCapLike(nextTok, lowerMode, capsMode) && (view.isToken(nextTok, F_FIRST) || view.isToken(nextTok, F_SURNAME));
    const subject = n === 1 && view.isToken(toks[0], F_FIRST) && nextTok && nextGap === ' ' && PERSON_AFTER.has(nextTok.lower) && toks[0].sentenceStart;
    if (!nextIsName && !subject) return [nameSpan('NRP', start, end, lowerMode ? 0.6 : 0.8, 'nationality/religion/political group lexicon')];
  }
  // Short aliases (US, UK, USA, U.S.) are places too: `place` above.

  // Person evidence.
  const f0 = view.isToken(toks[0], F_FIRST);
  const w0 = view.isToken(toks[0], F_COMMON_WORD);
  const lastIsSurname = view.isToken(toks[n - 1], F_SURNAME);
  const anyEnglish = toks.some((t) => view.isToken(t, F_ENGLISH));
  const afterNext = all[firstIdx + n + 1];
  const copulaSubject = n === 1 && toks[0].sentenceStart && nextTok !== undefined && nextGap === ' ' && nextTok.shape === 'lower' && COPULA_AFTER.has(nextTok.lower) && afterNext !== undefined && !NOT_PREDICATE_NP.has(afterNext.lower) && afterNext.shape === 'lower';
  const subjectOfVerb = nextTok !== undefined && nextGap === ' ' && nextTok.shape === 'lower' && (PERSON_AFTER.has(nextTok.lower) || copulaSubject);
  const allCommon = toks.every((t) => view.isToken(t, F_COMMON_WORD) || STOP.has(t.lower));
  const singleSentenceStart = n === 1 && toks[0].sentenceStart;
  const speakerLabel = n <= 3 && toks[0].sentenceStart && afterText.includes(':') && /^\s*:/.test(afterText) && (all[firstIdx - 1] === undefined || /\n/.test(toks[0].gap));

  const facts: ChainFacts = {
    n,
    title: title?.text,
    allCommon,
    noLowerToken: toks.every((t) => t.shape !== 'lower'),
    firstIsFirstName: f0,
    firstIsCommonWord: w0,
    firstIsCommonFirstName: view.isToken(toks[0], F_COMMON_FIRST),
    firstIsEnglish: view.isToken(toks[0], F_ENGLISH),
    firstIsSurname: view.isToken(toks[0], F_SURNAME),
    lastIsSurname,
    lastIsCommonWord: view.isToken(toks[n - 1], F_COMMON_WORD),
    anyEnglish,
    restEnglish: n > 1 && toks.some((t, k) => k > 0 && view.isToken(t, F_ENGLISH)),
    restUnknownOrSurname: toks.every((t, k) => k === 0 || view.isToken(t, F_SURNAME | F_FIRST) || !view.isToken(t, F_COMMON_WORD) || t.shape === 'initial'),
    singleSentenceStart,
    subjectOfVerb,
    initial: toks[0].shape === 'initial',
    short: n === 1 && toks[0].text.length <= 2,
    place,
    lowerMode,
  };
  const evidence = personEvidence(facts);
  let personScore = evidence.score;
  let why = evidence.why;
  // "Velimir, can I please speak to your boss?": a lone unknown word opening the text, addressed before a question or request.
  if (n === 1 && personScore < 0.6 && !place && chain.first === 0 && firstIdx === 0 && !facts.firstIsCommonWord && !facts.firstIsEnglish && nextTok !== undefined && nextGap === ', ' && VOCATIVE_NEXT.has(nextTok.lower)) {
    personScore = 0.6;
    why = 'addressed by name';
  }
  // "here's Gregorina's address", "Hleb's phone number": a possessive before something only people have.
  if (n === 1 && personScore < 0.7 && !place && !allCommon && toks[0].possessive && nextTok !== undefined && nextGap === ' ' && PERSONAL_POSSESSIONS.has(nextTok.lower)) {
    personScore = 0.7;
    why = `possessive before "${nextTok.lower}"`;
  }
  const capitalised = toks.every((t) => t.shape === 'title' || t.shape === 'upper');
  if (personCtx && personScore < 0.85 && (!allCommon || (capitalised && !WEAK_PERSON_CTX.has(personCtx) && !MONTHS_DAYS.has(toks[0].lower))) && !(n === 1 && toks[0].shape === 'initial')) {
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
  if (prevTok2 && isNameLabel(prevTok2.lower) && /:/.test(toks[0].gap) && (!allCommon || capitalised) && personScore < 0.85) {
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
    const rank = PLACE_SCORE[place];
    const isWordy = allCommon || (n === 1 && view.isToken(toks[0], F_ENGLISH));
    const nameLike = f0 || view.isToken(toks[0], F_SURNAME);
    locScore = rank;
    if (locCtx) locScore = Math.min(0.9, locScore + 0.15);
    if (isWordy && !locCtx) locScore = place === 'country' || place === 'region' ? 0.55 : 0;
    if ((place === 'small_place' || place === 'city') && !locCtx) locScore = nameLike ? 0 : place === 'city' ? 0.55 : 0;
    if (nameLike && place !== 'country' && place !== 'region' && !locCtx) locScore = Math.min(locScore, 0.5);
    locWhy = `gazetteer (${place})${locCtx ? `; context "${locCtx}"` : ''}`;
  } else if (n <= 3) {
    // Multi-word place inside a longer chain: "Kalatsova" unknown, but "arrived in New York City".
    for (let len = Math.min(n - 1, view.lex.maxPlaceTokens); len >= 1 && n > 1; len--) {
      for (let s = 0; s + len <= n; s++) {
        const kind = view.placeOfKey(joinedLowers(toks, s, s + len));
        if (kind === 'country' || kind === 'region' || kind === 'major_city') {
          if (personScore >= 0.7) break;
          return [nameSpan('LOCATION', toks[s].start, toks[s + len - 1].end, 0.7, `gazetteer (${kind}) inside capitalised phrase`)];
        }
      }
    }
    if (strongLocCtx && !anyEnglish && personScore < 0.8) {
      locScore = 0.75;
      locWhy = `context "${strongLocCtx}"`;
    } else if (IN_PLACE_CTX.has(locCtx ?? '') && personScore === 0 && n <= 2 && !toks[0].sentenceStart && toks.every((t) => !view.isToken(t, F_ENGLISH | F_COMMON_WORD | F_FIRST | F_SURNAME | F_ORG | F_NRP))) {
      // "I am in Larnaka for…", "at Brown-Weaver in Sobeslav, which…": a word no lexicon knows, right after "in", is a place the gazetteer lacks.
      locScore = 0.6;
      locWhy = `unknown word; context "${locCtx}"`;
    }
  }
  // Multi-word place names after a locative word: "in San Giuseppe Vesuviano", "from Mansilla de la Sierra", "from Berlin Spandau".
  if (!title && locCtx && n >= 2 && personScore < 0.9) {
    const head = view.lex.places.get(toks[0].lower);
    const headPlace = (head === 'country' || head === 'region' || head === 'major_city') && !view.isToken(toks[0], F_COMMON_FIRST);
    let connective = false;
    for (let k = 1; k < n - 1; k++) if (PLACE_CONNECTIVES.has(toks[k].lower)) connective = true;
    if (PLACE_PREFIX.has(toks[0].lower) || headPlace || (connective && !view.isToken(toks[0], F_COMMON_FIRST))) {
      locScore = Math.max(locScore, 0.8);
      locWhy = locWhy || `place-name structure; context "${locCtx}"`;
      personScore = Math.min(personScore, 0.6);
    }
  }
  // "…, 19 rue La Boétie, PARIS" / "…98 Grote Baan 477, Kaster": a place after a comma that closes an address clause.
  const afterComma = toks[0].gap.includes(',') && /,\s*$/.test(toks[0].gap);
  if (afterComma && !place && !title && n <= 4 && !anyEnglish && !(n >= 2 && f0 && lastIsSurname)) {
    const ls = lineStartNear(text, start);
    if (/\d+\s+\p{L}[^,.!?:;]*,\s*$/u.test(text.slice(Math.max(ls, start - 60), start))) {
      locScore = Math.max(locScore, 0.7);
      locWhy = locWhy || 'town closing an address';
      personScore = Math.min(personScore, 0.6);
    }
  }
  if (afterComma && place && !title && n <= 3) {
    const ls = lineStartNear(text, start);
    const clause = text.slice(Math.max(ls, start - 60), start);
    const strongPlace = place === 'country' || place === 'region' || place === 'major_city' || place === 'city';
    if (strongPlace && (toks[0].shape === 'upper' || !view.isToken(toks[0], F_COMMON_FIRST)) && /\d+\s+\p{L}[^,.!?:;]*,\s*$/u.test(clause)) {
      locScore = Math.max(locScore, 0.8);
      locWhy = locWhy || `gazetteer (${place}) after an address`;
      personScore = Math.min(personScore, 0.6);
    }
  }
  // Address-like lines: a line holding only a place-like chain (and maybe a postcode), next to address lines.
  const lineInfo = (place !== undefined || (personScore < 0.8 && !anyEnglish)) && addressLine(text, start, end);
  if (lineInfo && !place && personScore < 0.8 && !anyEnglish) {
    locScore = Math.max(locScore, 0.6);
    locWhy = 'address line';
  } else if (lineInfo && place) {
    locScore = Math.max(locScore, 0.8);
    locWhy = `gazetteer (${place}); address line`;
  }
  if (afterText.charCodeAt(0) === 44 && /^,\s*[A-Z]{2}\b/.test(afterText) && !anyEnglish && personScore < 0.85) {
    locScore = Math.max(locScore, 0.65);
    locWhy = locWhy || 'city, state';
  }

  if (personScore === 0 && locScore === 0) {
    // Not classified: a capitalised non-sentence-start word might still be a name listed with others.
    if (n <= 2 && !allCommon && !anyEnglish && !singleSentenceStart && !place) return 'unsure';
    if (n === 1 && !w0 && !view.isToken(toks[0], F_ENGLISH) && !place && toks[0].shape !== 'initial') return 'unsure';
    if (n === 1 && f0 && !toks[0].sentenceStart) return 'unsure';
    return [];
  }
  // A lone word after a locative preposition that the gazetteer knows is a place ("moved here from Arona").
  if (n === 1 && place && locCtx && !title && !speakerLabel && !strongChainCtx && locScore >= 0.5) return [nameSpan('LOCATION', start, end, round(Math.max(locScore, 0.7)), locWhy)];
  if (personScore >= locScore) {
    if (personScore <= 0) return [];
    // An honorific right before the name ("Mr. Ford", "Dr Okafor") belongs to the person mention: masking it is harmless and
    // keeps "Mr. <PERSON>" from revealing the form of address. Other titles ("President", "Captain") stay out: they are roles.
    const honorific = title !== undefined && STRONG_TITLES.has(title.lower) && all[firstIdx - 1] === title ? title.start : start;
    return [nameSpan('PERSON', honorific, Math.max(end, suffixEnd), round(personScore), why)];
  }
  return [nameSpan('LOCATION', start, end, round(locScore), locWhy)];
}
