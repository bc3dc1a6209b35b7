import { textFeatures } from './text-features';

/**
 * Detection runs on a normalised copy of the text, so evasions do not hide personal data:
 * compatibility forms are folded (NFKC: full-width `４１１１`, `＠`, ligatures, no-break spaces) and
 * invisible characters are removed (zero-width space/joiners, word joiner, BOM, soft hyphen).
 * Spans found in the copy are mapped back to the original text, where they cover the original
 * characters, invisible ones inside included.
 */
export interface NormalizedText {
  /** The text recognizers see. */
  readonly text: string;
  /** Maps a span [start, end) of `text` back to the original; identity when nothing changed. */
  toOriginal(start: number, end: number): [number, number];
  readonly changed: boolean;
}

/** U+200B–U+200D zero-width space/non-joiner/joiner, U+2060 word joiner, U+FEFF BOM, U+00AD soft hyphen. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'g');

/** Normalised form per cluster: texts reuse few distinct characters, and a lookup is cheaper than ICU. */
const CLUSTER_CACHE = new Map<string, string>();
const CLUSTER_CACHE_SIZE = 4096;

function normalizeCluster(cluster: string): string {
  const code = cluster.charCodeAt(0);
  // Full-width ASCII (U+FF01-U+FF5E) is the common evasion: a fixed offset, no lookup needed.
  if (cluster.length === 1 && code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
  let out = CLUSTER_CACHE.get(cluster);
  if (out === undefined) {
    out = cluster.replace(INVISIBLE_ALL, '').normalize('NFKC');
    if (CLUSTER_CACHE.size >= CLUSTER_CACHE_SIZE) CLUSTER_CACHE.clear();
    CLUSTER_CACHE.set(cluster, out);
  }
  return out;
}

const IDENTITY_SPAN = (start: number, end: number): [number, number] => [start, end];

/** Per code unit below U+0300: 0 not yet known, 1 NFKC leaves it alone, 2 it changes (or is invisible). */
const STABLE_ALONE = new Uint8Array(0x300);

/**
 * True when every unit is ASCII or a Latin-1/Latin Extended character NFKC leaves alone: such a text
 * is NFKC-stable as a whole (every composition needs a second character from U+0300 up), so accented
 * Latin names ("José Yılmaz") skip the full normalisation.
 */
function stableLatin(text: string): boolean {
  // The text features count non-ASCII units in the pass the recognizers share (the same text, cached).
  if (textFeatures(text).nonAscii === 0) return true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128) continue;
    if (code >= 0x300) return false;
    let kind = STABLE_ALONE[code];
    if (kind === 0) {
      const character = String.fromCharCode(code);
      kind = code !== 0xad && character.normalize('NFKC') === character ? 1 : 2;
      STABLE_ALONE[code] = kind;
    }
    if (kind === 2) return false;
  }
  return true;
}

export function normalizeForDetection(text: string): NormalizedText {
  // ASCII is NFKC-stable and holds no invisible characters: the usual case costs one scan.
  if (stableLatin(text) || (!INVISIBLE.test(text) && text.normalize('NFKC') === text)) {
    return { text, toOriginal: IDENTITY_SPAN, changed: false };
  }
  const parts: string[] = [];
  // For each UTF-16 unit of the normalised text: where its cluster starts and ends in the original.
  let origins = new Int32Array(text.length + 16);
  let originEnds = new Int32Array(text.length + 16);
  let length = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const start = i;
    // One base character with the combining marks after it (NFKC composes within such a cluster).
    i += unitsAt(text, i);
    while (i < n && text.charCodeAt(i) >= FIRST_MARK && isMark(text, i)) i += unitsAt(text, i);
    const code = text.charCodeAt(start);
    const out = i - start === 1 && code < 128 ? text[start] : normalizeCluster(text.slice(start, i));
    if (length + out.length > origins.length) {
      origins = grown(origins, length + out.length);
      originEnds = grown(originEnds, length + out.length);
    }
    for (let k = 0; k < out.length; k++) {
      origins[length] = start;
      originEnds[length++] = i;
    }
    parts.push(out);
  }
  const normalized = parts.join('');
  return {
    text: normalized,
    changed: true,
    toOriginal: (spanStart, spanEnd) => [spanStart < length ? origins[spanStart] : n, spanEnd > 0 ? originEnds[spanEnd - 1] : 0],
  };
}

/** Combining marks start at U+0300; below it nothing combines. */
const FIRST_MARK = 0x300;
const MARK = /^\p{M}/u;
/** Per BMP code unit: 0 not yet known, 1 a combining mark, 2 not one. */
const MARK_TABLE = new Uint8Array(0x10000);

function isMark(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code >= 0xd800 && code <= 0xdbff) return MARK.test(text.slice(i, i + 2));
  let known = MARK_TABLE[code];
  if (known === 0) known = MARK_TABLE[code] = MARK.test(text[i]) ? 1 : 2;
  return known === 1;
}

/** 2 for a surrogate pair, else 1. */
function unitsAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 0xd800 || code > 0xdbff || i + 1 >= text.length) return 1;
  const next = text.charCodeAt(i + 1);
  return next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
}

function grown(array: Int32Array<ArrayBuffer>, needed: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(Math.max(needed, array.length * 2));
  bigger.set(array);
  return bigger;
}
