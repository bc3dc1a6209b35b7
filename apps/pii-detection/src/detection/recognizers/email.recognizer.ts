import { PatternRecognizer } from './pattern-recognizer';

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

// Local part: dot-atoms (the class excludes '.', so no ambiguity); domain: labels + alphabetic TLD.
const EMAIL =
  /(?<![A-Za-z0-9!#$%&'*+/=?^_`{|}~.-])[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;

export function createEmailRecognizer(): PatternRecognizer {
  return new PatternRecognizer(
    'EmailRecognizer',
    [
      {
        name: 'email',
        entity: 'EMAIL_ADDRESS',
        regex: EMAIL,
        score: 0.6,
        validate: (m) => {
          const at = m.lastIndexOf('@');
          if (at > 64 || m.length > 254) return false;
          const tld = m.slice(m.lastIndexOf('.') + 1);
          return isKnownTld(tld) ? true : undefined;
        },
      },
    ],
    { prefilter: (f) => f.hasAt && f.hasDot },
  );
}
