/** Small reads of the text around a chain, written as scans so no slice or regex run is needed per chain. */

/**
 * A digit, then only blanks (space, tab, no-break space) up to `pos`, within the `window` characters
 * before `pos` (what `/\d[ \t\u00a0]*$/` finds in that slice, without building it).
 */
export function digitThenBlanksBefore(text: string, pos: number, window: number): boolean {
  const from = Math.max(0, pos - window);
  let i = pos - 1;
  while (i >= from) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 0xa0) break;
    i--;
  }
  if (i < from) return false;
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** "Name" or "Fullname" as one token (what `/^(?:full ?)?name$/` accepts of a token: tokens hold no space). */
export function isNameLabel(lower: string): boolean {
  return lower === 'name' || lower === 'fullname';
}

export function isAsciiDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The lower-case words of toks[from, to) joined by single spaces (what `.map(lower).join(' ')` gives, without the array). */
export function joinedLowers(toks: readonly { lower: string }[], from: number, to: number): string {
  let key = toks[from].lower;
  for (let i = from + 1; i < to; i++) key += ' ' + toks[i].lower;
  return key;
}
