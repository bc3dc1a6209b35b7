import { addressCaps } from './address-structure';
import type { Chain, LexiconView } from './name-types';
import { F_FIRST, F_ORG, F_SURNAME } from './name-types';
import type { Tok } from './tokenizer';
import { ADDRESS_UNIT_WORDS, PARTICLES, STOP, TITLES } from './word-lists';

/** Longest chain of capitalised words classified as one: names and places are shorter; longer runs (headings, "The The The…") are cut so work per chain stays bounded. */
const MAX_CHAIN_TOKENS = 10;

/**
 * The candidate entities of a text: runs of adjacent capitalised (or, in lower-case text, name-like)
 * tokens, with particles ("van der") and, in lower-case text, a surname after a first name. Tokens
 * of multi-word places already found (`consumed`) end a chain.
 */
export function capitalisedChains(view: LexiconView, toks: readonly Tok[], lowerMode: boolean, capsMode: boolean, consumed: ReadonlySet<number> | undefined, text: string): Chain[] {
  const out: Chain[] = [];
  // The chain being grown is toks[first, first + count): its tokens are always adjacent (any token left out ends it),
  // so each chain is copied out once, at its exact size, instead of growing an array token by token.
  let first = 0;
  let count = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (consumed?.has(i)) {
      if (count > 0) out.push(chainOf(toks, first, count));
      count = 0;
      continue;
    }
    const cap = !gluedToIdentifier(text, t, lowerMode) && (view.isCapLike(t, lowerMode, capsMode) || (t.shape === 'upper' && addressCaps(view, text, toks, i)));
    if (!cap && count === 0) continue;
    const previous = count > 0 ? toks[first + count - 1] : undefined;
    const joinable = previous !== undefined && (t.gap === ' ' || /^[ \u00a0]{1,2}$|^\.[ \u00a0]?$/.test(t.gap)) && (t.gap[0] !== '.' || previous.shape === 'initial' || TITLES.has(previous.lower));
    if (cap) {
      if (!joinable || (previous !== undefined && previous.possessive) || count >= MAX_CHAIN_TOKENS) {
        if (count > 0) out.push(chainOf(toks, first, count));
        count = 0;
      }
      if (count === 0) first = i;
      count++;
      continue;
    }
    // Lower-case text: a surname that is also a word after a first name ("mr. chad farmer").
    if (lowerMode && previous !== undefined && joinable && t.shape === 'lower' && !STOP.has(t.lower) && !view.isToken(t, F_ORG) && !ADDRESS_UNIT_WORDS.has(t.lower) && view.isToken(t, F_SURNAME) && view.isToken(previous, F_FIRST) && !previous.possessive && (count === 1 || TITLES.has(toks[first].lower))) {
      count++;
      continue;
    }
    // Particles inside a name: "Donald van der Voet", "Leonardo da Vinci".
    if (count > 0 && joinable && PARTICLES.has(t.lower) && t.shape === 'lower') {
      let j = i;
      while (j < toks.length && PARTICLES.has(toks[j].lower) && toks[j].shape === 'lower' && /^[ ]$/.test(toks[j].gap)) j++;
      if (j < toks.length && j > i && /^[ ]$/.test(toks[j].gap) && view.isCapLike(toks[j], lowerMode, capsMode) && !lowerMode) {
        count += j - i;
        i = j - 1;
        continue;
      }
    }
    if (count > 0) out.push(chainOf(toks, first, count));
    count = 0;
  }
  if (count > 0) out.push(chainOf(toks, first, count));
  return out;
}

function chainOf(toks: readonly Tok[], first: number, count: number): Chain {
  return { toks: toks.slice(first, first + count), first };
}

const IDENTIFIER_CHAR = /[\p{N}@_＠＿]/u;

/** {@link IDENTIFIER_CHAR} with an ASCII fast path (spaces and punctuation around words are the usual case). */
function isIdentifierCharacter(character: string): boolean {
  const code = character.charCodeAt(0);
  if (code < 128) return (code >= 48 && code <= 57) || code === 64 || code === 95;
  return IDENTIFIER_CHAR.test(character);
}

/**
 * Letters glued to digits, "@" or "_" ("ab12", "x@", "smith_2") are parts of identifiers, codes and
 * e-mail addresses, never names; in lower-case text so are dotted parts ("a.co", "x.y").
 */
function gluedToIdentifier(text: string, t: Tok, lowerMode: boolean): boolean {
  const before = text[t.start - 1];
  const after = text[t.end];
  if ((before !== undefined && isIdentifierCharacter(before)) || (after !== undefined && isIdentifierCharacter(after))) return true;
  if (!lowerMode) return false;
  const dot = (c: string | undefined): boolean => c === '.' || c === '．';
  return (dot(before) && t.start >= 2 && /\p{L}/u.test(text[t.start - 2])) || (dot(after) && /\p{L}/u.test(text[t.end + 1] ?? ''));
}
