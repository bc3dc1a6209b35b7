import { isIP } from 'node:net';
import { isLikelyDomainTld } from './email.recognizer';
import type { AnalysisContext, RecognizerResult } from '../detection.types';
import { PatternRecognizer, type ValidationOutcome } from './pattern-recognizer';
import { hasDomainDot, hasDottedHexQuad } from '../text-features';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`(?<![\\w.])(?:${OCTET}\\.){3}${OCTET}(?:/(?:3[0-2]|[12]?\\d))?(?![\\w]|\\.\\d)`, 'g');
// Candidate only; net.isIP decides. Up to 8 hex groups, optional embedded IPv4 tail.
const IPV6 = /(?<![\w:.])(?:[0-9A-Fa-f]{1,4}:|::?)(?:[0-9A-Fa-f]{0,4}:){1,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?:%[\w]{1,16})?(?:\/\d{1,3})?(?![\w:.])/g;
const VERSION_BEFORE = /(?:version|ver|v|build|release|rev)\.?\s*$/i;
const VERSION_AFTER = /^\s*(?:version|build|release|rev|revision)\b/i;

const MAC = /(?<![\w:.-])[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![\w:-])/g;
const MAC_CISCO = /(?<![\w.])[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![\w.])/g;

const URL_SCHEME = /\b(?:https?|ftps?|sftp):\/\/[^\s<>"'`{}|\\^]+/gi;
const URL_WWW = /(?<![\w@.-])www\.(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?::\d{1,5})?(?:\/[^\s<>"'`{}|\\^]*)?/gi;
const URL_DOMAIN =
  /(?<![\w@.\-/])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w@-]|\.[A-Za-z0-9])(?:\/[^\s<>"'`{}|\\^]*)?/g;

function isAsciiAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Characters of a bare-domain run: what {@link URL_DOMAIN} matches, plus '_' (a \w its look-arounds refuse). */
function isDomainRunCharacter(code: number): boolean {
  return isAsciiAlnum(code) || code === 46 || code === 45 || code === 95;
}

/**
 * Where a bare domain can start, at or after `from`: only at the start of a run of domain characters
 * that holds a "x.ab" dot, is not preceded by '@' or '/', starts with a letter or digit, and can end
 * somewhere not followed by '@'. So the local part and host of an e-mail address ("ann.lee@x.org")
 * never send the domain pattern scanning.
 */
export function domainNextStart(text: string, from: number): number {
  for (let dot = text.indexOf('.', from); dot !== -1; ) {
    let start = dot;
    while (start > 0 && isDomainRunCharacter(text.charCodeAt(start - 1))) start--;
    let end = dot + 1;
    while (end < text.length && isDomainRunCharacter(text.charCodeAt(end))) end++;
    if (start >= from && runCanHoldDomain(text, start, end)) return start;
    dot = text.indexOf('.', end);
  }
  return -1;
}

/** Where "www." (any case) starts, at or after `from`: the only place {@link URL_WWW} can match. */
export function wwwNextStart(text: string, from: number): number {
  for (let dot = text.indexOf('.', from + 3); dot !== -1; dot = text.indexOf('.', dot + 1)) {
    if (isW(text.charCodeAt(dot - 1)) && isW(text.charCodeAt(dot - 2)) && isW(text.charCodeAt(dot - 3))) return dot - 3;
  }
  return -1;
}

function isW(code: number): boolean {
  return code === 119 || code === 87;
}

function runCanHoldDomain(text: string, start: number, end: number): boolean {
  const before = start > 0 ? text.charCodeAt(start - 1) : -1;
  if (before === 64 || before === 47 || !isAsciiAlnum(text.charCodeAt(start))) return false;
  let domainDot = false;
  let endsInside = false;
  for (let k = start + 1; k < end; k++) {
    if (text.charCodeAt(k) !== 46) continue;
    const next = k + 1 < text.length ? text.charCodeAt(k + 1) : -1;
    if (!isAsciiAlnum(next)) endsInside = true;
    else if (isAsciiAlnum(text.charCodeAt(k - 1)) && isAsciiLetter(next) && isAsciiLetter(k + 2 < text.length ? text.charCodeAt(k + 2) : -1)) domainDot = true;
  }
  return domainDot && (endsInside || end >= text.length || text.charCodeAt(end) !== 64);
}

/** Trailing sentence punctuation is not part of a URL; returns the trimmed length of text[start, end). */
function trimmedLength(text: string, start: number, end: number): number {
  while (end > start && '.,;:!?)]\'"'.includes(text[end - 1])) end--;
  return end - start;
}

export function createIpRecognizer(): PatternRecognizer {
  return new PatternRecognizer(
    'IpRecognizer',
    [
      {
        name: 'ipv4',
        entity: 'IP_ADDRESS',
        regex: IPV4,
        score: 0.6,
        prefilter: (f) => f.digits >= 4 && f.digitDotDigit >= 3,
        validate: (m, text, start) => {
          const addr = m.includes('/') ? m.slice(0, m.indexOf('/')) : m;
          if (isIP(addr) !== 4) return false;
          // "version 1.2.3.4" and "1.2.3.4 release" are version strings, not addresses.
          if (VERSION_BEFORE.test(text.slice(Math.max(0, start - 12), start)) || VERSION_AFTER.test(text.slice(start + m.length, start + m.length + 12))) return 0.2;
          return true;
        },
      },
      {
        name: 'ipv6',
        entity: 'IP_ADDRESS',
        regex: IPV6,
        score: 0.6,
        prefilter: (f) => f.hasColon,
        validate: (m) => {
          const slash = m.indexOf('/');
          let addr = slash >= 0 ? m.slice(0, slash) : m;
          const pct = addr.indexOf('%');
          if (pct >= 0) addr = addr.slice(0, pct);
          if (addr === '::' || addr.replace(/[:0]/g, '').length < 2) return false;
          return isIP(addr) === 6;
        },
      },
    ],
    { prefilter: (f) => f.digits > 0 || f.hasColon },
  );
}

export function createMacRecognizer(): PatternRecognizer {
  const notTrivial = (m: string): ValidationOutcome => {
    const hex = m.replace(/[^0-9A-Fa-f]/g, '').toUpperCase();
    return hex === '000000000000' || hex === 'FFFFFFFFFFFF' ? false : undefined;
  };
  return new PatternRecognizer(
    'MacAddressRecognizer',
    [
      { name: 'mac (colon/hyphen)', entity: 'MAC_ADDRESS', regex: MAC, score: 0.8, validate: notTrivial, prefilter: (f) => f.colons >= 5 || f.hyphens >= 5 },
      { name: 'mac (cisco)', entity: 'MAC_ADDRESS', regex: MAC_CISCO, score: 0.45, validate: notTrivial, prefilter: (f, t) => f.hasDot && hasDottedHexQuad(t) },
    ],
    { prefilter: (f) => f.digits >= 2 },
  );
}

export function createUrlRecognizer(): UrlRecognizer {
  return new UrlRecognizer();
}

/**
 * URL: scheme URLs (0.6), www. hosts (0.55), bare domains with a known TLD (0.5). Never inside
 * an e-mail address (no '@' before or after the host).
 */
export class UrlRecognizer extends PatternRecognizer {
  constructor() {
    super(
      'UrlRecognizer',
      [
        { name: 'url (scheme)', entity: 'URL', regex: URL_SCHEME, score: 0.6, prefilter: (f) => f.hasColon },
        { name: 'url (www)', entity: 'URL', regex: URL_WWW, score: 0.55, prefilter: (_f, t) => hasDomainDot(t), nextStart: wwwNextStart },
        {
          name: 'url (domain)',
          entity: 'URL',
          regex: URL_DOMAIN,
          score: 0.5,
          nextStart: domainNextStart,
          validate: (m) => {
            const host = m.split('/')[0];
            const tld = host.slice(host.lastIndexOf('.') + 1);
            // Bare domains need a known TLD and at least one letter in the host label ("1.5" is not a URL).
            return isLikelyDomainTld(tld) && tld.length >= 2 && /[A-Za-z]/.test(host.slice(0, host.lastIndexOf('.'))) ? undefined : false;
          },
        },
      ],
      { prefilter: (f) => f.hasDot },
    );
  }

  override analyze(text: string, context: AnalysisContext): RecognizerResult[] {
    const raw = super.analyze(text, context);
    const out: RecognizerResult[] = [];
    for (const r of raw) {
      const len = trimmedLength(text, r.start, r.end);
      if (len === 0) continue;
      r.end = r.start + len;
      // Inside an e-mail address: '@' right before the host or right after the match.
      if (text[r.start - 1] === '@' || text[r.end] === '@') continue;
      if (holdsAt(text, r.start, r.end) && !SCHEME_PREFIX.test(text.slice(r.start, r.start + 12))) continue;
      out.push(r);
    }
    return dropContained(out);
  }
}

const SCHEME_PREFIX = /^[a-z]+:\/\//i;

/** True when text[start, end) holds an '@' (scans the span only, never the rest of the text). */
function holdsAt(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 64) return true;
  return false;
}

/**
 * Drops bare-domain/www hits contained in a longer (scheme) URL. One sort and one sweep: with
 * spans ordered by start, then longest first, a span is contained in a longer one exactly when an
 * earlier start reaches its end, or the first (longest) span of its own start is longer.
 */
function dropContained(spans: RecognizerResult[]): RecognizerResult[] {
  if (spans.length <= 1) return spans;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: RecognizerResult[] = [];
  let reachBefore = -1; // furthest end of the spans starting before the current start
  let groupStart = -1;
  let groupEnd = -1; // end of the longest span starting at groupStart
  let groupReach = -1;
  for (const r of spans) {
    if (r.start !== groupStart) {
      reachBefore = Math.max(reachBefore, groupReach);
      groupStart = r.start;
      groupEnd = r.end;
      groupReach = r.end;
    }
    if (reachBefore >= r.end || groupEnd > r.end) continue;
    kept.push(r);
  }
  return kept;
}
