import { PatternRecognizer, type ValidationOutcome } from './pattern-recognizer';

/** Generic and country-code TLDs accepted as validated; other alphabetic TLDs keep a base score. */
export const COMMON_TLDS = new Set(
  (
    'com org net edu gov mil int info biz name pro aero coop museum mobi asia tel travel jobs cat io co ai app dev me tv cc ' +
    'xyz online site tech store shop cloud blog news email live life world today agency company solutions services ' +
    'digital network media group global systems software design studio art page link click space website club team ' +
    'academy center health care legal law finance money bank insurance capital consulting partners ventures'
  ).split(' '),
);

/** Country TLDs that are far more often file extensions (main.ts, setup.py, README.md). */
const FILE_LIKE_TLDS = new Set(['ts', 'js', 'py', 'md', 'sh', 'rs', 'cs', 'ps', 'so', 'hs', 'pl', 'rb', 'mk']);

/** Known TLD for a bare domain (no scheme / www): file-extension-like ccTLDs are excluded. */
export function isLikelyDomainTld(tld: string): boolean {
  return isKnownTld(tld) && !FILE_LIKE_TLDS.has(tld.toLowerCase());
}

export function isKnownTld(tld: string): boolean {
  const t = tld.toLowerCase();
  return (t.length === 2 && /^[a-z]{2}$/.test(t)) || COMMON_TLDS.has(t);
}

// Local part: dot-atoms of ASCII atext or any letter/digit (RFC 6531 internationalised addresses);
// the class excludes '.', so no ambiguity. It may follow a lone '.' only after another '.' or a
// non-address character ("see...ann@x.org"), never inside a dot-atom ("a.b@x.org" matches whole).
// Domain: labels of letters/digits/hyphens (IDN or punycode), then a TLD; a trailing "--" or "-"
// not followed by a letter/digit is punctuation ("ann@x.org--").
const ATEXT = "\\p{L}\\p{N}\\p{M}!#$%&'*+/=?^_`{|}~-";
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}\\p{M}-]{0,61}[\\p{L}\\p{N}\\p{M}])?';
const TLD = '(?:xn--[a-z0-9]{1,59}(?:-[a-z0-9]{1,59})?|\\p{L}[\\p{L}\\p{M}]{1,23})';
const EMAIL = new RegExp(
  `(?<![${ATEXT}])(?<![${ATEXT}]\\.)[${ATEXT}]+(?:\\.[${ATEXT}]+)*@(?:${LABEL}\\.)+${TLD}(?![\\p{L}\\p{N}\\p{M}]|-[\\p{L}\\p{N}])`,
  'giu',
);
const ASCII_TLD = /^[a-z]+$/i;
/** ASCII characters of a local part (atext and '.'); any non-ASCII unit counts too, as letters may. */
const LOCAL_ASCII = new Uint8Array(128);
for (const character of "!#$%&'*+/=?^_`{|}~-.") LOCAL_ASCII[character.charCodeAt(0)] = 1;
for (let code = 48; code < 128; code++) if (/[A-Za-z0-9]/.test(String.fromCharCode(code))) LOCAL_ASCII[code] = 1;

/**
 * Every address holds exactly one '@', so a match starts in the run of local-part characters that
 * ends at the first '@' at or after `from` (or later): the regex never needs to try the text before it.
 */
export function emailNextStart(text: string, from: number): number {
  const at = text.indexOf('@', from);
  if (at < 0) return -1;
  let start = at;
  while (start > from) {
    const code = text.charCodeAt(start - 1);
    if (code < 128 && LOCAL_ASCII[code] === 0) break;
    start--;
  }
  return start;
}

/** Known ASCII TLD: validated. IDN TLD (punycode or Unicode letters): validated, the '@' shape is unambiguous. */
function emailOutcome(m: string): ValidationOutcome {
  const at = m.lastIndexOf('@');
  if (at > 64 || m.length > 254) return false;
  const tld = m.slice(m.lastIndexOf('.') + 1);
  if (!ASCII_TLD.test(tld) || tld.toLowerCase().startsWith('xn--')) return true;
  return isKnownTld(tld) ? true : undefined;
}

export function createEmailRecognizer(): PatternRecognizer {
  return new PatternRecognizer('EmailRecognizer', [{ name: 'email', entity: 'EMAIL_ADDRESS', regex: EMAIL, score: 0.6, validate: emailOutcome, nextStart: emailNextStart }], {
    prefilter: (f) => f.hasAt && f.hasDot,
  });
}
