/**
 * Cheap per-text features computed once and shared by all recognizers (single-entry cache keyed by
 * the text), so each recognizer can skip texts that cannot contain its entity.
 */
export interface TextFeatures {
  /** Number of ASCII digits. */
  digits: number;
  /** Number of ASCII letters. */
  letters: number;
  upper: number;
  hasAt: boolean;
  hasColon: boolean;
  hasDot: boolean;
  hasPlus: boolean;
  /** Longest run of consecutive ASCII digits. */
  longestDigitRun: number;
  /**
   * Most digits in one digit group: digits joined by nothing, by one of `. - /` or by one or two
   * spaces (how identifiers are written: "123-45-6789", "4111 1111 1111 1111", "1 84 12 76 451 089 46").
   */
  longestDigitGroup: number;
  /** Digits joined by one '.', '-' or '/' ("1.2", "3-4", "5/6"): counted per joint; dates, IPs and versions need several. */
  digitDotDigit: number;
  digitDashDigit: number;
  digitSlashDigit: number;
  /** ASCII capital letters directly before or after a digit ("A123", "12AB"): licence, NIF and PPSN shapes need one. */
  upperDigitJoints: number;
  /** Longest run of ASCII letters and digits (crypto addresses and fiscal codes are long runs). */
  longestAlnumRun: number;
  colons: number;
  hyphens: number;
  /**
   * Shortest run of ASCII digits not glued to an ASCII letter before it (0: none): a house number is
   * a short run of its own ("12", "221b"), not a ticket number or the digits of "ann17@x.org".
   */
  shortestLooseDigitRun: number;
  /** Code units above U+007F (0: the text is pure ASCII). */
  nonAscii: number;
  /** Runs of exactly four ASCII digits (a bare year needs one). */
  fourDigitRuns: number;
  /** Two ASCII letters not glued to a letter or digit before them, then two digits ("DE89"): every IBAN opens so. */
  twoLettersTwoDigits: number;
}

let lastText: string | undefined;
let lastFeatures: TextFeatures | undefined;

export function textFeatures(text: string): TextFeatures {
  if (text === lastText && lastFeatures) return lastFeatures;
  let digits = 0;
  let letters = 0;
  let upper = 0;
  let hasAt = false;
  let hasDot = false;
  let hasPlus = false;
  let run = 0;
  let longestDigitRun = 0;
  let group = 0;
  let longestDigitGroup = 0;
  let lastDigit = -1;
  let digitDotDigit = 0;
  let digitDashDigit = 0;
  let digitSlashDigit = 0;
  let upperDigitJoints = 0;
  let alnumRun = 0;
  let longestAlnumRun = 0;
  let colons = 0;
  let hyphens = 0;
  let shortestLooseDigitRun = 0;
  let nonAscii = 0;
  let fourDigitRuns = 0;
  let twoLettersTwoDigits = 0;
  let runIsLoose = false;
  // Kind of the previous character: 1 digit, 2 ASCII capital, 0 anything else.
  let previous = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let kind = 0;
    if (c >= 48 && c <= 57) {
      kind = 1;
      digits++;
      const gap = i - lastDigit - 1;
      if (gap === 0 && lastDigit >= 0) run++;
      else {
        if (runIsLoose) shortestLooseDigitRun = shorterRun(shortestLooseDigitRun, run);
        if (run === 4) fourDigitRuns++;
        run = 1;
        runIsLoose = !isAsciiAlpha(i > 0 ? text.charCodeAt(i - 1) : 32);
        if (!runIsLoose && opensWithTwoLetters(text, i)) twoLettersTwoDigits++;
      }
      if (run > longestDigitRun) longestDigitRun = run;
      group = lastDigit >= 0 && joinsDigits(text, lastDigit + 1, gap) ? group + 1 : 1;
      if (group > longestDigitGroup) longestDigitGroup = group;
      if (gap === 1 && lastDigit >= 0) {
        const joint = text.charCodeAt(i - 1);
        if (joint === 46) digitDotDigit++;
        else if (joint === 45) digitDashDigit++;
        else if (joint === 47) digitSlashDigit++;
      }
      if (previous === 2) upperDigitJoints++;
      lastDigit = i;
    } else if (c >= 65 && c <= 90) {
      kind = 2;
      letters++;
      upper++;
      if (previous === 1) upperDigitJoints++;
    } else if (c >= 97 && c <= 122) letters++;
    else if (c === 64) hasAt = true;
    else if (c === 58) colons++;
    else if (c === 46) hasDot = true;
    else if (c === 43) hasPlus = true;
    else if (c === 45) hyphens++;
    else if (c > 127) nonAscii++;
    if (kind !== 0 || (c >= 97 && c <= 122)) {
      if (++alnumRun > longestAlnumRun) longestAlnumRun = alnumRun;
    } else alnumRun = 0;
    previous = kind;
  }
  if (runIsLoose) shortestLooseDigitRun = shorterRun(shortestLooseDigitRun, run);
  if (run === 4) fourDigitRuns++;
  lastText = text;
  lastFeatures = {
    digits,
    letters,
    upper,
    hasAt,
    hasColon: colons > 0,
    hasDot,
    hasPlus,
    longestDigitRun,
    longestDigitGroup,
    digitDotDigit,
    digitDashDigit,
    digitSlashDigit,
    upperDigitJoints,
    longestAlnumRun,
    colons,
    hyphens,
    shortestLooseDigitRun,
    nonAscii,
    fourDigitRuns,
    twoLettersTwoDigits,
  };
  return lastFeatures;
}

/** A loose run of at most `digits` digits: the house, box or unit number every numbered street pattern needs. */
export function hasLooseNumberUpTo(features: TextFeatures, digits: number): boolean {
  return features.shortestLooseDigitRun > 0 && features.shortestLooseDigitRun <= digits;
}

/** A digit run starting at `i` after a letter: exactly two letters (nothing alphanumeric before them) and two digits. */
function opensWithTwoLetters(text: string, i: number): boolean {
  return i >= 2 && isAsciiAlpha(text.charCodeAt(i - 2)) && (i < 3 || !isAsciiAlnum(text.charCodeAt(i - 3))) && isAsciiDigit(text.charCodeAt(i + 1));
}

function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function shorterRun(shortest: number, run: number): number {
  return shortest === 0 || run < shortest ? run : shortest;
}

/** True when the `gap` characters from `start` join two digits into one group: none, one of `. - /` or space, or two spaces. */
function joinsDigits(text: string, start: number, gap: number): boolean {
  if (gap === 0) return true;
  const first = text.charCodeAt(start);
  if (gap === 1) return first === 32 || first === 45 || first === 46 || first === 47;
  return gap === 2 && first === 32 && text.charCodeAt(start + 1) === 32;
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isAsciiAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** True when some '.' has an ASCII letter/digit before it and two ASCII letters after it (necessary for a bare domain). */
export function hasDomainDot(text: string): boolean {
  for (let i = text.indexOf('.', 1); i !== -1; i = text.indexOf('.', i + 1)) {
    if (isAsciiAlnum(text.charCodeAt(i - 1)) && isAsciiAlpha(text.charCodeAt(i + 1)) && isAsciiAlpha(text.charCodeAt(i + 2))) return true;
  }
  return false;
}

/** True when the text holds "hhhh.hhhh." (hex groups; necessary for a Cisco-style MAC address). */
export function hasDottedHexQuad(text: string): boolean {
  for (let i = text.indexOf('.', 4); i !== -1; i = text.indexOf('.', i + 1)) {
    if (text.charCodeAt(i + 5) !== 46) continue;
    let ok = true;
    for (let k = 1; k <= 4 && ok; k++) ok = isHex(text.charCodeAt(i - k)) && isHex(text.charCodeAt(i + k));
    if (ok) return true;
  }
  return false;
}
