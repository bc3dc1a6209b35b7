import { PatternRecognizer } from '../pattern-recognizer';
import { hasLooseNumberUpTo } from '../../text-features';
import { NOT_STREET_START, NUMBERED_THING } from './numbered-lines';
import {
  ARTICLE_PREFIXES,
  CAP_SEQ,
  CAP_WORD,
  CAPITALISED_SUFFIXES,
  COMPOUND_ENDINGS,
  LOWER_NAME,
  LOWER_WORD,
  NAME_SEQ,
  NAME_WORD,
  PREFIXES,
  SEPARATE_ENDINGS,
  STREET_TYPE_WORDS,
  SUFFIXES,
  TAIL,
  UNIT,
  UNIT_WORD,
} from './street-words';

// US/UK style: house number + 1-4 name words + street suffix.
const US_STYLE = new RegExp(
  `(?<![\\p{L}\\p{N}.,/-])(?:\\d{1,5}[ \\t]+)?\\d{1,6}[A-Za-z]?(?:-\\d{1,5})?[ \\t]+(?:${NAME_WORD}[ \\t]+){1,4}?(?:${SUFFIXES}|${CAPITALISED_SUFFIXES})\\.?(?:[ \\t]+\\d{1,3}[a-zA-Z]?(?=[ \\t]*(?:[,\\n]|$)))?(?![\\p{L}\\p{N}])${TAIL}`,
  'gu',
);


// Continental style, street word first: "rue de la Paix 12", "19 rue La Boétie", "ul. Asnyka 82", "Via Roma 5".
const PREFIX_STYLE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(?:\\d{1,5}[ \\t]+)?\\d{1,5}[a-zA-Z]?,?[ \\t]+${PREFIXES}[ \\t]+(?:${NAME_SEQ}(?:,?[ \\t]+\\d{1,5}[a-zA-Z]?(?![\\p{L}\\p{N}]))?|(?:${LOWER_NAME}[ \\t]+){0,2}${LOWER_NAME}(?:[ \\t]+\\d{1,5}[a-zA-Z]?|(?=[ \\t]+${UNIT_WORD})))|(?:${PREFIXES}|${ARTICLE_PREFIXES})[ \\t]+${NAME_SEQ},?[ \\t]+\\d{1,5}[a-zA-Z]?)(?![\\p{L}\\p{N}])${TAIL}`,
  'gu',
);


// Germanic/Nordic/Central-European compounds + number: "Obere Bahnhofstrasse 9", "Brucknerweg 141", "Nørregade 12".
const COMPOUND_STYLE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:\\d{1,5}[ \\t]+)?(?:${CAP_WORD}[ \\t]+)?(?:\\p{L}[\\p{L}\\p{M}-]{2,40}${COMPOUND_ENDINGS}|${CAP_WORD}[ \\t]+${SEPARATE_ENDINGS})[ \\t]+\\d{1,5}[a-zA-Z]?\\.?(?![\\p{L}\\p{N}])${TAIL}`,
  'gu',
);
const NOT_STREETS = /(?:brigade|renegade|arcade|cascade|blockade|barricade|decade|escapade|grenade|promenade|masquerade|tirade|upgrade|downgrade|nightie|goalie|rookie|cookie|necktie|bowtie|hogtie|untie)[ \t]+\d/i;

// "<Street name> <number>" confirmed by a following unit line ("Kromwater 38\n Apt. 705").
const UNIT_CONFIRMED = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:\\d{1,5}[ \\t]+)?(?:${CAP_SEQ}|(?:${LOWER_WORD}[ \\t]+){0,2}${LOWER_WORD})[ \\t]+\\d{1,5}[a-zA-Z]?\\.?${UNIT}`,
  'gu',
);
/** "<house number> <street name> Suite/Apt <n>" without a street word: the dwelling unit confirms the street ("38 N. Stadion Suite 056"). */
const NUMBER_NAME_UNIT = new RegExp(
  `(?<![\\p{L}\\p{N}.,/:-])(?:\\d{1,5}[ \\t]+)?\\d{1,5}[a-zA-Z]?[ \\t]+${CAP_SEQ},?[ \\t]+(?:Apartment|Apt|APT|Suite|SUITE|Ste|Unit|UNIT)\\.?[ \\t]*#?[ \\t]*\\d{1,6}[A-Za-z]?(?![\\p{L}\\p{N}])`,
  'gu',
);
/** A postal code named as such ("my zip code is 35649", "Postcode: SW1A 1AA"): part of an address on its own. */
const CUED_POSTCODE =
  /(?<=(?:zip|Zip|ZIP|postal|Postal|POSTAL|post|Post|POST)[ \t]?(?:code|Code|CODE)(?:[ \t](?:is|was))?[ \t]?:?[ \t]{0,3})(?:\d{5}(?:-\d{4})?|\d{4}|\d{6}|\p{Lu}{1,2}\d[\p{Lu}\d]?[ \t]?\d\p{Lu}{2}|\p{Lu}\d\p{Lu}[ \t]?\d\p{Lu}\d)(?![\p{L}\p{N}])/gu;
const HAS_POSTCODE_WORD = /(?:zip|postal|post)[ \t]?code/i;
// A named street without a house number ("Adams Street"): full street words only, weaker score.
const NAMED_STREET = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(?:van|von|de|del|della|di|da|la|le|al|el)[ \\t]+)?${CAP_WORD}(?:[ \\t]+${CAP_WORD}){0,2}[ \\t]+(?:Street|Avenue|Road|Boulevard|Lane|Drive)(?![\\p{L}\\p{N}])(?![ \\t]+\\p{Lu}\\p{Ll})`,
  'gu',
);
const HAS_NAMED_STREET = /(?:Street|Avenue|Road|Boulevard|Lane|Drive)(?![\p{L}])/u;
const MILITARY = /(?<![\p{L}\p{N}])(?:USNS|USNV|USS|USCGC)[ \t]+\p{Lu}[\p{L}'-]{1,30}(?:[ \t]+\p{Lu}[\p{L}'-]{1,30})?,?[ \t]*\n?[ \t]*(?:FPO|APO|DPO)[ \t]+(?:AA|AE|AP)[ \t]+\d{5}(?![\p{N}])/giu;

const PO_BOX = /(?<![\p{L}\p{N}])(?:P\.?[ \t]?O\.?[ \t]?Box|Post[ \t]Office[ \t]Box|Postfach|Postbus|Apartado(?:[ \t]de[ \t]Correos)?|Casella[ \t]Postale|Case[ \t]Postale|Bo[iî]te[ \t]Postale|Skrytka[ \t]Pocztowa|(?:PSC|CMR|Unit)[ \t]\d{3,5},?[ \t]+Box)[ \t]+\d{1,6}(?:[ \t]*\n?[ \t]*(?:APO|FPO|DPO)[ \t]+(?:AA|AE|AP)[ \t]+\d{5})?(?![\p{L}\p{N}])/giu;

const UNIT_IN = /(?:apt|apartment|suite|ste|unit)\.?[ \t]*#?\d/i;

// Cheap linear prefilters: each pattern only runs when its key words occur at all.
// Up to two letters after the digit so an ordinal street name alone ("2914 184th Street") passes.
const HAS_DIGIT_WORD = /\d[A-Za-z]{0,2}[ \t]+\p{L}/u;
const HAS_UNIT = /(?:apt|apartment|suite|ste|unit|floor|fl|room|rm|bldg|building)\.?[ \t]*#?[ \t]*[A-Za-z0-9]|#[ \t]?\d/i;
const HAS_PREFIX =
  /(?<!\p{L})(?:rue|avenue|av|avda|boulevard|bd|chemin|allée|impasse|quai|via|viale|piazza|corso|largo|vicolo|calle|avenida|paseo|carrer|camino|rua|rúa|travessa|praça|estrada|ul|ulica|aleja|al|strada|str|bulevardul|calea|ulitsa|trg|c\/|plaza|plac|piazzale|vía|avinguda|rambla|ronda|passeig|chaussée|cours|alameda|prospekt|osiedle|bulevar|carretera|travesía|contrada|viela|odos|leoforos|οδός|οδ|λεωφόρος|λεωφ|πλατεία|улица|ул|проспект|пр-т|переулок|пер|бульвар|площадь|шоссе|вулиця|вул|am|im|an|auf|in|zum|zur|unter|hinter|vor|op|aan|bij)[ \t.]/iu;
const HAS_COMPOUND = new RegExp(`(?:${COMPOUND_ENDINGS}|${SEPARATE_ENDINGS})[ \\t]+\\d`, 'iu');
const HAS_MILITARY = /fpo|apo|dpo/i;
const HAS_BOX = /box|fpo|apo|dpo|postfach|postbus|apartado|postale|pocztowa/i;

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * A street-type word ("Street", "ave", "PKWY") standing after a blank, as US_STYLE needs it: one look-up
 * per word instead of running the whole pattern over texts that hold none (most free text).
 */
function hasStreetTypeWord(text: string): boolean {
  for (let i = 1; i < text.length; i++) {
    const before = text.charCodeAt(i - 1);
    if ((before !== 32 && before !== 9) || !isAsciiLetter(text.charCodeAt(i))) continue;
    let end = i + 1;
    while (end < text.length && isAsciiLetter(text.charCodeAt(end))) end++;
    // Most words fail on their first two letters; only the rest are copied and looked up.
    const opening = text.charCodeAt(i) * 128 + text.charCodeAt(i + 1);
    if (end - i <= 10 && end - i >= 2 && STREET_TYPE_OPENINGS[opening] === 1 && STREET_TYPE_WORDS.has(text.slice(i, end))) return true;
    i = end;
  }
  return false;
}

/** First two letters of every street-type word, as `first * 128 + second`. */
const STREET_TYPE_OPENINGS = new Uint8Array(128 * 128);
for (const word of STREET_TYPE_WORDS) STREET_TYPE_OPENINGS[word.charCodeAt(0) * 128 + word.charCodeAt(1)] = 1;

/** Score by shape: capitalised names look like addresses, all-lower-case text needs context. */
function scoreUs(m: string): number {
  const words = m.split(/[ \t\n,]+/);
  const name = words.slice(1, 3).join(' ');
  const capitalised = /\p{Lu}/u.test(name[0] ?? '') || /^\d/.test(name);
  let score = capitalised ? 0.7 : 0.4;
  if (/\d{5}(?:-\d{4})?$|\d\p{Lu}{2}$/u.test(m)) score += 0.1;
  return score;
}

export function createStreetAddressPatterns(): PatternRecognizer {
  return new PatternRecognizer(
    'StreetAddressRecognizer',
    [
      {
        name: 'street address (number + name + suffix)',
        entity: 'STREET_ADDRESS',
        regex: US_STYLE,
        score: 0.7,
        validate: (m) => scoreUs(m),
        prefilter: (f, t) => hasLooseNumberUpTo(f, 6) && HAS_DIGIT_WORD.test(t) && hasStreetTypeWord(t),
      },
      { name: 'street address (street word first)', entity: 'STREET_ADDRESS', regex: PREFIX_STYLE, score: 0.6, prefilter: (f, t) => hasLooseNumberUpTo(f, 5) && HAS_PREFIX.test(t) },
      {
        name: 'street address (compound street + number)',
        entity: 'STREET_ADDRESS',
        regex: COMPOUND_STYLE,
        score: 0.6,
        prefilter: (f, t) => hasLooseNumberUpTo(f, 5) && HAS_COMPOUND.test(t),
        validate: (m) => (NOT_STREETS.test(m) ? false : /^\d*[ \t]*\p{Lu}/u.test(m) || UNIT_IN.test(m) ? undefined : 0.45),
      },
      { name: 'po box', entity: 'STREET_ADDRESS', regex: PO_BOX, score: 0.6, prefilter: (f, t) => hasLooseNumberUpTo(f, 6) && HAS_BOX.test(t) },
      {
        name: 'street + number + unit',
        entity: 'STREET_ADDRESS',
        regex: UNIT_CONFIRMED,
        score: 0.6,
        prefilter: (f, t) => hasLooseNumberUpTo(f, 5) && HAS_UNIT.test(t),
        validate: (m) => (NOT_STREET_START.test(m) || NUMBERED_THING.test(m) ? false : undefined),
      },
      {
        name: 'number + street name + unit',
        entity: 'STREET_ADDRESS',
        regex: NUMBER_NAME_UNIT,
        score: 0.6,
        prefilter: (f, t) => f.digits >= 2 && hasLooseNumberUpTo(f, 5) && HAS_UNIT.test(t),
        validate: (m) => (NOT_STREET_START.test(m) ? false : undefined),
      },
      { name: 'named street', entity: 'STREET_ADDRESS', regex: NAMED_STREET, score: 0.5, prefilter: (_f, t) => HAS_NAMED_STREET.test(t) },
      { name: 'postal code after "zip code"', entity: 'STREET_ADDRESS', regex: CUED_POSTCODE, score: 0.6, prefilter: (f, t) => f.digits >= 2 && HAS_POSTCODE_WORD.test(t) },
      { name: 'military address', entity: 'STREET_ADDRESS', regex: MILITARY, score: 0.7, prefilter: (f, t) => f.longestDigitRun >= 5 && hasLooseNumberUpTo(f, 5) && HAS_MILITARY.test(t) },
    ],
    { prefilter: (f) => f.letters >= 4 },
  );
}
