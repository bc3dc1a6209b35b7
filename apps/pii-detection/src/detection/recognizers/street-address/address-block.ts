import { UNIT_WORD } from './street-words';

// The rest of an address block after its street line (unit, city, region, postal code, country), read by a linear scan.

/** Country names (English and common short forms) that may close an address block. */
const COUNTRIES = [
  'Democratic Republic of the Congo', 'Kingdom of the Netherlands', 'Republic of the Congo', 'Ivory Coast', 'Afghanistan', 'Albania', 'Algeria', 'Andorra', 'Angola', 'Antigua and Barbuda', 'Argentina', 'Armenia', 'Australia', 'Austria',
  'Azerbaijan', 'Bahamas', 'Bahrain', 'Bangladesh', 'Barbados', 'Belarus', 'Belgium', 'Belize', 'Benin', 'Bhutan', 'Bolivia',
  'Bosnia and Herzegovina', 'Botswana', 'Brazil', 'Brunei', 'Bulgaria', 'Burkina Faso', 'Burundi', 'Cambodia', 'Cameroon', 'Canada',
  'Cape Verde', 'Central African Republic', 'Chad', 'Chile', 'China', 'Colombia', 'Comoros', 'Congo', 'Costa Rica', "Cote d'Ivoire",
  'Croatia', 'Cuba', 'Cyprus', 'Czech Republic', 'Czechia', 'Denmark', 'Djibouti', 'Dominica', 'Dominican Republic', 'Ecuador', 'Egypt',
  'El Salvador', 'Equatorial Guinea', 'Eritrea', 'Estonia', 'Eswatini', 'Ethiopia', 'Fiji', 'Finland', 'France', 'Gabon', 'Gambia',
  'Georgia', 'Germany', 'Ghana', 'Greece', 'Grenada', 'Guatemala', 'Guinea', 'Guinea-Bissau', 'Guyana', 'Haiti', 'Honduras', 'Hungary',
  'Iceland', 'India', 'Indonesia', 'Iran', 'Iraq', 'Ireland', 'Israel', 'Italy', 'Jamaica', 'Japan', 'Jordan', 'Kazakhstan', 'Kenya',
  'Kiribati', 'Kosovo', 'Kuwait', 'Kyrgyzstan', 'Laos', 'Latvia', 'Lebanon', 'Lesotho', 'Liberia', 'Libya', 'Liechtenstein', 'Lithuania',
  'Luxembourg', 'Macedonia', 'North Macedonia', 'Madagascar', 'Malawi', 'Malaysia', 'Maldives', 'Mali', 'Malta', 'Marshall Islands',
  'Mauritania', 'Mauritius', 'Mexico', 'Micronesia', 'Moldova', 'Monaco', 'Mongolia', 'Montenegro', 'Morocco', 'Mozambique', 'Myanmar',
  'Namibia', 'Nauru', 'Nepal', 'Netherlands', 'The Netherlands', 'New Zealand', 'Nicaragua', 'Niger', 'Nigeria', 'North Korea', 'Norway',
  'Oman', 'Pakistan', 'Palau', 'Palestine', 'Panama', 'Papua New Guinea', 'Paraguay', 'Peru', 'Philippines', 'Poland', 'Portugal',
  'Qatar', 'Romania', 'Russia', 'Russian Federation', 'Rwanda', 'Saint Kitts and Nevis', 'Saint Lucia', 'Saint Vincent and the Grenadines',
  'Samoa', 'San Marino', 'Sao Tome and Principe', 'Saudi Arabia', 'Senegal', 'Serbia', 'Seychelles', 'Sierra Leone', 'Singapore',
  'Slovakia', 'Slovenia', 'Solomon Islands', 'Somalia', 'South Africa', 'South Korea', 'South Sudan', 'Spain', 'Sri Lanka', 'Sudan',
  'Suriname', 'Swaziland', 'Sweden', 'Switzerland', 'Syria', 'Taiwan', "People's Republic of China", 'Tajikistan', 'Tanzania', 'Thailand', 'Timor-Leste', 'Togo',
  'Tonga', 'Trinidad and Tobago', 'Tunisia', 'Turkey', 'Türkiye', 'Turkmenistan', 'Tuvalu', 'Uganda', 'Ukraine', 'United Arab Emirates',
  'United Kingdom', 'UK', 'United States', 'United States of America', 'USA', 'Uruguay', 'Uzbekistan', 'Vanuatu', 'Vatican City',
  'Venezuela', 'Vietnam', 'Viet Nam', 'Yemen', 'Zambia', 'Zimbabwe', 'Deutschland', 'España', 'Italia', 'Österreich', 'Schweiz',
  'Suisse', 'Nederland', 'België', 'Belgique', 'Polska', 'Sverige', 'Norge', 'Danmark', 'Suomi', 'Hong Kong', 'Puerto Rico', 'Greenland',
];
export const COUNTRY_RE = new RegExp(
  `(?:${COUNTRIES.slice()
    .sort((a, b) => b.length - a.length)
    .map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|')})(?![\\p{L}\\p{N}])`,
  'iuy',
);
/** Postal codes: US ZIP(+4), UK, Canadian, Dutch/Polish/Portuguese shapes, plain 4-6 digits; never a group of a longer digit run (a phone number on the next line: "089 72 63 41"). */
export const POSTCODE_RE =
  /(?:\d{5}(?:-\d{4})?|\d{3}[ \t]\d{2}|\d{2}-\d{3}|\d{4}-\d{3}|\p{Lu}{1,2}\d[\p{Lu}\d]?[ \t]?\d\p{Lu}{2}|\p{Lu}\d\p{Lu}[ \t]?\d\p{Lu}\d|\d{4}(?:[ \t]?\p{Lu}{2})?|\d{6})(?![\p{L}\p{N}])(?![ \t.-]\d)/uy;
/** State/province/county code: 2-3 capitals ("CA", "NSW", "AB"). */
const REGION_RE = /\p{Lu}{2,3}(?![\p{L}\p{N}])/uy;
const UNIT_RE = new RegExp(`${UNIT_WORD}\\.?[ \\t]*#?[ \\t]*[A-Za-z0-9-]{1,6}(?![\\p{L}\\p{N}])`, 'uy');
/** One place word: capitalised or all caps (hyphenated parts allowed), or a lower-case word in a lower-case address. */
const PLACE_WORD_RE = /\p{Lu}[\p{L}\p{M}'’.-]{0,30}(?![\p{L}\p{N}])/uy;
const LOWER_PLACE_WORD_RE = /\p{Ll}[\p{Ll}\p{M}'’.-]{1,30}(?![\p{L}\p{N}])/uy;
/** Missing values as data exports write them (pandas "nan", SQL "NULL", "N/A"). */
const PLACEHOLDER_RE = /(?:nan|NaN|NAN|null|NULL|n\/a|N\/A)(?![\p{L}\p{N}/])/uy;
const DISTRICT_RE = /[ \t]\d{1,2}(?=[ \t]*(?:[,\n\r]|$))/uy;
const PLACE_CONNECTOR_RE = /(?:de|del|della|di|da|do|dos|das|des|du|la|le|les|am|an|der|den|im|bei|ob|nad|pod|u|upon|on|sur|sous|en|y|e)[ \t]+(?=\p{Lu})/uy;
/** Sentence words that are capitalised but never part of a place after an address. */
const NOT_PLACE = new Set([
  'i', 'the', 'a', 'an', 'he', 'she', 'we', 'they', 'it', 'this', 'that', 'these', 'those', 'my', 'our', 'your', 'his', 'her', 'their',
  'please', 'thanks', 'thank', 'call', 'contact', 'email', 'phone', 'tel', 'and', 'or', 'but', 'if', 'on', 'in', 'at', 'for', 'to', 'from',
  'with', 'by', 'is', 'was', 'are', 'be', 'as', 'so', 'then', 'also', 'ok', 'yes', 'no', 'hi', 'hello', 'dear', 'regards', 'best',
  'mr', 'mrs', 'ms', 'dr', 'sir', 'madam', 'tomorrow', 'today', 'yesterday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday',
  'saturday', 'sunday', 'now', 'here', 'there', 'soon', 'too', 'again', 'nan', 'null', 'none', 'n/a',
]);

const BULLETS = '>*•?|·-';

const enum Seg {
  None,
  Place,
  Strong,
  Unit,
}

function stickyAt(re: RegExp, text: string, pos: number): number {
  re.lastIndex = pos;
  return re.test(text) ? re.lastIndex : -1;
}

/** Reads capitalised (or, when `lower`, lower-case) place words at `pos`; returns the end or -1. */
function placeWords(text: string, pos: number, lower: boolean): number {
  let end = -1;
  let p = pos;
  for (let n = 0; n < 4; n++) {
    // A country or a state/province code after the town is its own (stronger) segment: "Calgary AB".
    if (n > 0 && (stickyAt(COUNTRY_RE, text, p) > 0 || stickyAt(REGION_RE, text, p) > 0)) break;
    const c = stickyAt(PLACE_CONNECTOR_RE, text, p);
    const wordStart = n > 0 && c > 0 ? c : p;
    let e = stickyAt(PLACE_WORD_RE, text, wordStart);
    if (e < 0 && lower) e = stickyAt(LOWER_PLACE_WORD_RE, text, wordStart);
    if (e < 0) break;
    const word = text.slice(wordStart, e).replace(/[.'’-]+$/, '').toLowerCase();
    if (NOT_PLACE.has(word) || word.length === 0) break;
    // A full stop (or dash) after the last place word ends the sentence, not the name; an abbreviation
    // followed by a lower-case word ("St. the first…") is not a place at all.
    let wordEnd = e;
    while (wordEnd > wordStart + 1 && (text[wordEnd - 1] === '.' || text[wordEnd - 1] === '-')) wordEnd--;
    if (wordEnd < e && /^[ \t]+\p{Ll}/u.test(text.slice(e, e + 3))) break;
    end = wordEnd;
    p = e;
    // District number after a city ("Praha 4", "Karlovy Vary 17").
    const d = stickyAt(DISTRICT_RE, text, e);
    if (d > 0) {
      end = d;
      break;
    }
    let q = p;
    while (q < text.length && (text[q] === ' ' || text[q] === '\t')) q++;
    if (q === p) break;
    p = q;
  }
  return end;
}

/** True when what follows `pos` ends a clause (end, line break, punctuation) rather than continuing a sentence. */
function closes(text: string, pos: number): boolean {
  let q = pos;
  while (q < text.length && (text[q] === ' ' || text[q] === '\t')) q++;
  if (q >= text.length) return true;
  return /[\n\r,.;:!?)\]"'”»<>|]/.test(text[q]);
}

/**
 * Extends a street line over what usually follows it in an address block: unit, city, state or
 * province code, postal code and country, across commas, line breaks and quoting (">").
 * Plain place words are only taken when they close the clause or are followed by a stronger
 * element (code, postcode, country), so a following sentence is not swallowed.
 */
export function extendAddress(text: string, start: number, end: number): number {
  return extendAddressBlock(text, start, end).end;
}

export interface AddressExtension {
  end: number;
  /** Place-word groups (city, district) taken. */
  places: number;
  /** A postal code, region code or country was taken after a comma or line break. */
  confirmed: boolean;
}

export function extendAddressBlock(text: string, start: number, end: number): AddressExtension {
  let places = 0;
  let confirmed = false;
  let placesAtBest = 0;
  const lower = !/\p{Lu}/u.test(text.slice(start, end));
  let best = end;
  let pos = end;
  let pendingPlace = -1;
  // Commas and line breaks seen so far in the block: a place on its own line or after a comma, then a code, confirms it.
  let separated = false;
  for (let seg = 0; seg < 6; seg++) {
    // Separator: spaces, at most two commas, at most two line breaks (with quoting).
    let p = pos;
    let commas = 0;
    let breaks = 0;
    while (p < text.length) {
      const ch = text[p];
      // Quoting and list bullets after a line break (">", "•", "*", "?" left by lost emoji).
      if (ch === ' ' || ch === '\t' || (breaks > 0 && BULLETS.includes(ch))) p++;
      else if (ch === ',' && commas < 2) {
        commas++;
        p++;
      } else if ((ch === '\n' || ch === '\r') && breaks < 2) {
        if (ch === '\n') breaks++;
        p++;
      } else break;
    }
    if (p === pos || p >= text.length) break;
    if (commas > 0 || breaks > 0) separated = true;
    let kind: Seg = Seg.None;
    let e = stickyAt(POSTCODE_RE, text, p);
    // A bare number right after the street on the same line is more likely a year or count than a postcode.
    if (e > 0 && !(seg === 0 && commas === 0 && breaks === 0 && /^\d+$/.test(text.slice(p, e)))) kind = Seg.Strong;
    if (kind === Seg.None && (e = stickyAt(UNIT_RE, text, p)) > 0) kind = Seg.Unit;
    if (kind === Seg.None && (e = stickyAt(COUNTRY_RE, text, p)) > 0) kind = Seg.Strong;
    if (kind === Seg.None && seg > 0 && (e = stickyAt(REGION_RE, text, p)) > 0) kind = Seg.Strong;
    // An empty field exported as a placeholder ("Ljubljana, nan 53554"): part of the block, confirms nothing.
    if (kind === Seg.None && seg > 0 && (e = stickyAt(PLACEHOLDER_RE, text, p)) > 0) kind = Seg.Unit;
    if (kind === Seg.None && (e = placeWords(text, p, lower)) > 0) kind = Seg.Place;
    if (kind === Seg.None) break;
    if (kind === Seg.Place) {
      pendingPlace = e;
      places++;
    } else {
      best = e;
      placesAtBest = places;
      pendingPlace = -1;
      if (kind === Seg.Strong && places > 0 && (separated || seg > 1)) confirmed = true;
    }
    pos = e;
  }
  if (pendingPlace > 0 && closes(text, pendingPlace)) {
    best = pendingPlace;
    placesAtBest = places;
  }
  return { end: best, places: placesAtBest, confirmed };
}
