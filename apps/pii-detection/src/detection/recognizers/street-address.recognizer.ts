import type { AnalysisContext, EntityType, Recognizer, RecognizerResult } from '../detection.types';
import { PatternRecognizer } from './pattern-recognizer';

/** Case variants of a word: Title, lower, UPPER (regexes stay case-sensitive so names must look like names). */
function variants(words: readonly string[]): string {
  const out = new Set<string>();
  for (const w of words) {
    out.add(w);
    out.add(w.toLowerCase());
    out.add(w.toUpperCase());
    out.add(w[0].toUpperCase() + w.slice(1).toLowerCase());
  }
  // Longest first so "Street" wins over "St".
  return `(?:${[...out].sort((a, b) => b.length - a.length).map((w) => w.replace(/\./g, '\\.')).join('|')})`;
}

const SUFFIXES = variants([
  'Street', 'St', 'Avenue', 'Ave', 'Road', 'Rd', 'Lane', 'Ln', 'Boulevard', 'Blvd', 'Drive', 'Dr', 'Way', 'Court', 'Ct',
  'Place', 'Pl', 'Square', 'Sq', 'Terrace', 'Ter', 'Parkway', 'Pkwy', 'Highway', 'Hwy', 'Circle', 'Cir', 'Trail', 'Trl',
  'Crescent', 'Cres', 'Close', 'Grove', 'Gardens', 'Alley', 'Walk', 'Pike', 'Loop', 'Plaza', 'Mews', 'Expressway',
  'Freeway', 'Crossing', 'Row', 'Hill', 'Ridge', 'Park', 'Green', 'Heights', 'Str',
]);
const UNIT_WORD = variants(['Apartment', 'Apt', 'Suite', 'Ste', 'Unit', 'Floor', 'Fl', 'Room', 'Rm', 'Building', 'Bldg']);
// Every run of blanks below has exactly one way to be matched (no `[ \\t]*,?[ \\t]*`): ambiguous
// blank runs made the engine try every split of a run, which grew polynomially with its length.
const UNIT = `(?:,?[ \\t]*(?:\\n[ \\t>]*)?${UNIT_WORD}\\.?[ \\t]*(?:#[ \\t]*)?[A-Za-z0-9-]{1,6}|[ \\t]*#[ \\t]?\\d{1,6})`;
const NAME_WORD = "(?:\\d{1,3}(?:st|nd|rd|th)|(?!(?:and|or|of|the|at|in|on|to|&)[ \\t])\\p{L}[\\p{L}\\p{M}'’.-]{0,30})";
const CAP_WORD = "\\p{Lu}[\\p{L}\\p{M}'’.-]{0,30}";
// The city, region, postal code and country after the street are taken by `extendAddressBlock` (a
// linear scan), not by the regexes.
const TAIL = `(?:[ \\t]+(?:N|S|E|W|NE|NW|SE|SW)\\.?(?![\\p{L}]))?${UNIT}?`;

// US/UK style: house number + 1-4 name words + street suffix.
const US_STYLE = new RegExp(
  `(?<![\\p{L}\\p{N}.,/-])(?:\\d{1,5}[ \\t]+)?\\d{1,6}[A-Za-z]?(?:-\\d{1,5})?[ \\t]+(?:${NAME_WORD}[ \\t]+){1,4}?${SUFFIXES}\\.?(?:[ \\t]+\\d{1,3}[a-zA-Z]?(?=[ \\t]*(?:[,\\n]|$)))?(?![\\p{L}\\p{N}])${TAIL}`,
  'gu',
);

// Continental style, street word first: "rue de la Paix 12", "19 rue La Boétie", "ul. Asnyka 82", "Via Roma 5".
const PREFIXES = variants([
  'Rue', 'Avenue', 'Av.', 'Avda.', 'Boulevard', 'Bd', 'Chemin', 'Allée', 'Impasse', 'Quai', 'Via', 'Viale', 'Piazza', 'Corso', 'Largo',
  'Vicolo', 'Calle', 'Avenida', 'Paseo', 'Carrer', 'Camino', 'Rua', 'Travessa', 'Praça', 'Estrada', 'Ul.', 'Ulica', 'Aleja', 'Al.',
  'Strada', 'Str.', 'Bulevardul', 'Calea', 'Ulitsa', 'Trg', 'C/', 'Plaza', 'Plac', 'Piazzale', 'Vía', 'Avinguda', 'Rambla', 'Ronda', 'Passeig',
  'Chaussée', 'Cours', 'Alameda', 'Prospekt', 'Osiedle', 'Bulevar', 'Carretera', 'Travesía', 'Contrada', 'Viela', 'Odos', 'Leoforos',
  'Οδός', 'Οδ.', 'Λεωφόρος', 'Λεωφ.', 'Πλατεία', 'Улица', 'Ул.', 'Проспект', 'Пр-т', 'Переулок', 'Пер.', 'Бульвар', 'Площадь', 'Шоссе', 'Вулиця', 'Вул.',
]);
/** German/Dutch street names that open with an article or preposition ("Am Jägerhof 77a", "An der Alster 5"): capitalised only, never "am". */
const ARTICLE_PREFIXES = '(?:Am|Im|An[ \\t]+der|An[ \\t]+den|Auf[ \\t]+der|Auf[ \\t]+dem|Auf[ \\t]+den|In[ \\t]+der|In[ \\t]+den|Zum|Zur|Unter[ \\t]+den|Hinter[ \\t]+der|Vor[ \\t]+dem|Op[ \\t]+de|Aan[ \\t]+de|Bij[ \\t]+de)';
const CONNECTOR = "(?:de|del|della|dalla|dello|delle|degli|dei|di|da|do|dos|das|des|du|la|le|les|l'|d'|van|von|der|den|al|el|y|e)";
const NAME_SEQ = `(?:${CONNECTOR}[ \\t]+){0,2}${CAP_WORD}(?:[ \\t]+(?:${CONNECTOR}[ \\t]+){0,2}${CAP_WORD}){0,3}`;
/** Capitalised street-name words with inner connectors ("Republica de Chile", "Via dalla Staziun"), opening with a capital. */
const CAP_SEQ = `${CAP_WORD}(?:[ \\t]+(?:${CONNECTOR}[ \\t]+){0,2}${CAP_WORD}){0,3}`;
const LOWER_NAME = "\\p{Ll}[\\p{Ll}\\p{M}'’.-]{1,30}";
const PREFIX_STYLE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(?:\\d{1,5}[ \\t]+)?\\d{1,5}[a-zA-Z]?,?[ \\t]+${PREFIXES}[ \\t]+(?:${NAME_SEQ}(?:,?[ \\t]+\\d{1,5}[a-zA-Z]?(?![\\p{L}\\p{N}]))?|(?:${LOWER_NAME}[ \\t]+){0,2}${LOWER_NAME}(?:[ \\t]+\\d{1,5}[a-zA-Z]?|(?=[ \\t]+${UNIT_WORD})))|(?:${PREFIXES}|${ARTICLE_PREFIXES})[ \\t]+${NAME_SEQ},?[ \\t]+\\d{1,5}[a-zA-Z]?)(?![\\p{L}\\p{N}])${TAIL}`,
  'gu',
);

// Germanic/Nordic/Central-European compounds + number: "Obere Bahnhofstrasse 9", "Brucknerweg 141", "Nørregade 12".
const COMPOUND_ENDINGS =
  '(?:straße|strasse|str\\.|gasse|plaats|weg|allee|platz|damm|ufer|laan|straat|plein|dreef|gracht|kade|singel|steeg|gade|vej|veien|vegen|veg|gata|gatan|vägen|väg|gränd|vegur|katu|kuja|tie|polku|kaari|utca|cesta|ulice)';
// Street words written as a separate word after the name ("Karl Johans gate 22", "Dózsa György út 78", "Lange Voorhout laan 9").
const SEPARATE_ENDINGS = variants([
  'út', 'utca', 'tér', 'körút', 'sor', 'ulica', 'baan', 'náměstí', 'u.', 'krt.', 'gate', 'gata', 'gatan', 'vei', 'veien', 'veg', 'vegen', 'vej', 'gade',
  'väg', 'vägen', 'straße', 'strasse', 'weg', 'allee', 'platz', 'gasse', 'laan', 'straat', 'plein', 'kade', 'gracht', 'steeg', 'katu', 'tie', 'iela', 'gatvė', 'tänav',
]);
const COMPOUND_STYLE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:\\d{1,5}[ \\t]+)?(?:${CAP_WORD}[ \\t]+)?(?:\\p{L}[\\p{L}\\p{M}-]{2,40}${COMPOUND_ENDINGS}|${CAP_WORD}[ \\t]+${SEPARATE_ENDINGS})[ \\t]+\\d{1,5}[a-zA-Z]?\\.?(?![\\p{L}\\p{N}])${TAIL}`,
  'gu',
);
const NOT_STREETS = /(?:brigade|renegade|arcade|cascade|blockade|barricade|decade|escapade|grenade|promenade|masquerade|tirade|upgrade|downgrade|nightie|goalie|rookie|cookie|necktie|bowtie|hogtie|untie)[ \t]+\d/i;

// "<Street name> <number>" confirmed by a following unit line ("Kromwater 38\n Apt. 705").
const LOWER_WORD = "\\p{Ll}[\\p{Ll}\\p{M}'’.-]{1,30}";
const UNIT_CONFIRMED = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:\\d{1,5}[ \\t]+)?(?:${CAP_SEQ}|(?:${LOWER_WORD}[ \\t]+)?${LOWER_WORD})[ \\t]+\\d{1,5}[a-zA-Z]?${UNIT}`,
  'gu',
);
const NUMBERED_LINE = new RegExp(
  `(?<![\\p{L}\\p{N}.,/:-])(?:\\d{1,5}[ \\t]+)?(?:\\d{1,5}[a-zA-Z]?[ \\t]+${CAP_SEQ}(?:[ \\t]+\\d{1,5}[a-zA-Z]?)?|${CAP_SEQ}[ \\t]+\\d{1,5}[a-zA-Z]?)(?![\\p{L}\\p{N}])${UNIT}?`,
  'gu',
);
const HAS_NUMBERED_LINE = /\d[ \t]+\p{Lu}|\p{L}[ \t]+\d/u;
const HAS_BLOCK_SEPARATOR = /[,\n]/;
/** Numbered things that are not streets: "Order 12345, Paris, France". */
const NOT_STREET_START =
  /^(?:\d+[ \t]+)?(?:order|invoice|ticket|case|room|flight|chapter|page|section|version|item|ref|no|nr|number|account|policy|claim|table|figure|step|phase|level|gate|seat|platform|line|route|bus|train|year|week|day|month|since|in|on|at|from|to|by|for|and|or|the|of|until|before|after)(?![\p{L}])/iu;
// A named street without a house number ("Adams Street"): full street words only, weaker score.
const NAMED_STREET = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(?:van|von|de|del|della|di|da|la|le|al|el)[ \\t]+)?${CAP_WORD}(?:[ \\t]+${CAP_WORD}){0,2}[ \\t]+(?:Street|Avenue|Road|Boulevard|Lane|Drive)(?![\\p{L}\\p{N}])(?![ \\t]+\\p{Lu}\\p{Ll})`,
  'gu',
);
const HAS_NAMED_STREET = /(?:Street|Avenue|Road|Boulevard|Lane|Drive)(?![\p{L}])/u;
/** Two streets joined as an intersection: "Auenweg 85 and Kesä Street". */
const INTERSECTION_GAP = /^[ \t]+(?:and|&)[ \t]+$/;
/** "<address> and <name> street" with a lower-case or unlisted second street. */
const INTERSECTION_NEXT =
  /[ \t]+(?:and|&)[ \t]+(?:\d{1,5}[ \t]+)?(?:\p{L}[\p{L}\p{M}'’.-]*[ \t]+){1,3}(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|way|place|court)\.?(?![\p{L}\p{N}])/iuy;
/** "<name> <number> and " before a street: the first street of an intersection ("Ilichova 50 and Salcido Street"). */
const INTERSECTION_PREV =
  /(?<![\p{L}\p{N}])(?:(?:(?!(?:of|the|at|on|in|to|and|near|from|by|corner|junction|intersection)[ \t])\p{L}[\p{L}\p{M}'’.-]*[ \t]+){1,3}\d{1,5}[a-zA-Z]?\.?|(?<=(?:^|[ \t])(?:at|to|on|is)[ \t]+)\p{Lu}[\p{L}\p{M}'’-]*)[ \t]+(?:and|&)[ \t]+$/u;
/** Words right before a numbered line that say an address follows ("lives at", "my address is", "send it to"). */
const ADDRESS_CUE =
  /(?:\baddress(?:es)?(?:[ \t]+(?:is|was|will be))?(?:[ \t]+to)?|\b(?:lives?|living|located|resides?|residing|based|stays?|staying)[ \t]+at|\b(?:deliver(?:ed)?|sen[dt](?:[ \t]+\p{L}+){0,3}|ship(?:ped)?|mail(?:ed)?|return(?:ed)?|forward(?:ed)?)[ \t]+to)[ \t]*:?[ \t\n]*$/iu;
const MILITARY = /(?<![\p{L}\p{N}])(?:USNS|USNV|USS|USCGC)[ \t]+\p{Lu}[\p{L}'-]{1,30}(?:[ \t]+\p{Lu}[\p{L}'-]{1,30})?,?[ \t]*\n?[ \t]*(?:FPO|APO|DPO)[ \t]+(?:AA|AE|AP)[ \t]+\d{5}(?![\p{N}])/giu;

const PO_BOX = /(?<![\p{L}\p{N}])(?:P\.?[ \t]?O\.?[ \t]?Box|Post[ \t]Office[ \t]Box|(?:PSC|CMR|Unit)[ \t]\d{3,5},?[ \t]+Box)[ \t]+\d{1,6}(?:[ \t]*\n?[ \t]*(?:APO|FPO|DPO)[ \t]+(?:AA|AE|AP)[ \t]+\d{5})?(?![\p{L}\p{N}])/giu;

const UNIT_IN = /(?:apt|apartment|suite|ste|unit)\.?[ \t]*#?\d/i;

// Cheap linear prefilters: each pattern only runs when its key words occur at all.
const HAS_DIGIT_WORD = /\d[A-Za-z]?[ \t]+\p{L}/u;
const HAS_UNIT = /(?:apt|apartment|suite|ste|unit|floor|fl|room|rm|bldg|building)\.?[ \t]*#?[ \t]*[A-Za-z0-9]|#[ \t]?\d/i;
const HAS_PREFIX =
  /(?<!\p{L})(?:rue|avenue|av|avda|boulevard|bd|chemin|allée|impasse|quai|via|viale|piazza|corso|largo|vicolo|calle|avenida|paseo|carrer|camino|rua|travessa|praça|estrada|ul|ulica|aleja|al|strada|str|bulevardul|calea|ulitsa|trg|c\/|plaza|plac|piazzale|vía|avinguda|rambla|ronda|passeig|chaussée|cours|alameda|prospekt|osiedle|bulevar|carretera|travesía|contrada|viela|odos|leoforos|οδός|οδ|λεωφόρος|λεωφ|πλατεία|улица|ул|проспект|пр-т|переулок|пер|бульвар|площадь|шоссе|вулиця|вул|am|im|an|auf|in|zum|zur|unter|hinter|vor|op|aan|bij)[ \t.]/iu;
const HAS_COMPOUND = new RegExp(`(?:${COMPOUND_ENDINGS}|${SEPARATE_ENDINGS})[ \\t]+\\d`, 'iu');
const HAS_BOX = /box|fpo|apo|dpo/i;

/** Score by shape: capitalised names look like addresses, all-lower-case text needs context. */
function scoreUs(m: string): number {
  const words = m.split(/[ \t\n,]+/);
  const name = words.slice(1, 3).join(' ');
  const capitalised = /\p{Lu}/u.test(name[0] ?? '') || /^\d/.test(name);
  let score = capitalised ? 0.7 : 0.4;
  if (/\d{5}(?:-\d{4})?$|\d\p{Lu}{2}$/u.test(m)) score += 0.1;
  return score;
}

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
  'Suriname', 'Swaziland', 'Sweden', 'Switzerland', 'Syria', 'Taiwan', 'Tajikistan', 'Tanzania', 'Thailand', 'Timor-Leste', 'Togo',
  'Tonga', 'Trinidad and Tobago', 'Tunisia', 'Turkey', 'Türkiye', 'Turkmenistan', 'Tuvalu', 'Uganda', 'Ukraine', 'United Arab Emirates',
  'United Kingdom', 'UK', 'United States', 'United States of America', 'USA', 'Uruguay', 'Uzbekistan', 'Vanuatu', 'Vatican City',
  'Venezuela', 'Vietnam', 'Viet Nam', 'Yemen', 'Zambia', 'Zimbabwe', 'Deutschland', 'España', 'Italia', 'Österreich', 'Schweiz',
  'Suisse', 'Nederland', 'België', 'Belgique', 'Polska', 'Sverige', 'Norge', 'Danmark', 'Suomi', 'Hong Kong', 'Puerto Rico', 'Greenland',
];
const COUNTRY_RE = new RegExp(
  `(?:${COUNTRIES.slice()
    .sort((a, b) => b.length - a.length)
    .map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|')})(?![\\p{L}\\p{N}])`,
  'iuy',
);
/** Postal codes: US ZIP(+4), UK, Canadian, Dutch/Polish/Portuguese shapes, plain 4-6 digits. */
const POSTCODE_RE =
  /(?:\d{5}(?:-\d{4})?|\d{3}[ \t]\d{2}|\d{2}-\d{3}|\d{4}-\d{3}|\p{Lu}{1,2}\d[\p{Lu}\d]?[ \t]?\d\p{Lu}{2}|\p{Lu}\d\p{Lu}[ \t]?\d\p{Lu}\d|\d{4}(?:[ \t]?\p{Lu}{2})?|\d{6})(?![\p{L}\p{N}])/uy;
/** State/province/county code: 2-3 capitals ("CA", "NSW", "AB"). */
const REGION_RE = /\p{Lu}{2,3}(?![\p{L}\p{N}])/uy;
const UNIT_RE = new RegExp(`${UNIT_WORD}\\.?[ \\t]*#?[ \\t]*[A-Za-z0-9-]{1,6}(?![\\p{L}\\p{N}])`, 'uy');
/** One place word: capitalised or all caps (hyphenated parts allowed), or a lower-case word in a lower-case address. */
const PLACE_WORD_RE = /\p{Lu}[\p{L}\p{M}'’.-]{0,30}(?![\p{L}\p{N}])/uy;
const LOWER_PLACE_WORD_RE = /\p{Ll}[\p{Ll}\p{M}'’.-]{1,30}(?![\p{L}\p{N}])/uy;
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

/**
 * STREET_ADDRESS: structural patterns only (house number + street name + suffix, continental
 * prefix/compound street words + number, PO boxes), then extended over the rest of the address
 * block (unit, city, region, postal code, country). Measured on presidio-research data; see the report.
 */
export class StreetAddressRecognizer implements Recognizer {
  readonly name = 'StreetAddressRecognizer';
  readonly supportedEntities: readonly EntityType[] = ['STREET_ADDRESS'];
  readonly supportedLanguages: readonly string[] = ['*'];
  private readonly patterns = createStreetAddressPatterns();

  analyze(text: string, context: AnalysisContext): RecognizerResult[] {
    const found = this.patterns.analyze(text, context).sort((a, b) => a.start - b.start || b.end - a.end);
    // A match that ends inside an earlier, already extended block adds nothing (joinIntersections drops it):
    // it is not extended again, so each stretch of text is read by one extension (linear).
    let reach = 0;
    for (let i = 0; i < found.length; i++) {
      const r = found[i];
      if (r.end <= reach) continue;
      const end = extendAddress(text, r.start, r.end);
      reach = Math.max(reach, end);
      if (end !== r.end) found[i] = { ...r, end, score: Math.min(0.85, r.score + 0.05) };
    }
    if (HAS_BLOCK_SEPARATOR.test(text) && HAS_NUMBERED_LINE.test(text)) this.numberedLines(text, found);
    return found.length > 0 ? joinIntersections(text, found) : found;
  }

  /**
   * A "name + house number" line without any street word counts only when a place block follows
   * it (city, then postcode/region/country after a comma or line break): "37 Parva Domus 6896, Pesconuovo, Latvia".
   */
  private numberedLines(text: string, found: RecognizerResult[]): void {
    const re = NUMBERED_LINE;
    re.lastIndex = 0;
    // Earlier spans by start, walked with one cursor (matches come left to right): linear, not one scan per match.
    const earlier = found.slice().sort((a, b) => a.start - b.start);
    let cursor = 0;
    let reach = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const start = m.index;
      const lineEnd = start + m[0].length;
      if (NOT_STREET_START.test(m[0])) continue;
      while (cursor < earlier.length && earlier[cursor].start < lineEnd) reach = Math.max(reach, earlier[cursor++].end);
      if (reach > start) continue;
      const ext = extendAddressBlock(text, start, lineEnd);
      // Confirmed by the place block that follows, or by the words before it ("lives at 19 Sokolská 1475, Hrotovice").
      if (!ext.confirmed && !ADDRESS_CUE.test(text.slice(Math.max(0, start - 40), start))) continue;
      found.push({
        entityType: 'STREET_ADDRESS',
        start,
        end: ext.end,
        score: 0.6,
        recognizer: this.name,
        validated: false,
        explanation: 'numbered line + place block',
      });
      re.lastIndex = ext.end;
    }
  }
}

/** Drops spans nested in longer ones and merges "<street> and <street>" (an intersection) into one span. */
function joinIntersections(text: string, found: RecognizerResult[]): RecognizerResult[] {
  const sorted = found.slice().sort((a, b) => a.start - b.start || b.end - a.end);
  const out: RecognizerResult[] = [];
  for (const r of sorted) {
    const prev = out[out.length - 1];
    // A span inside an earlier, longer one adds nothing (same entity).
    if (prev && r.end <= prev.end) continue;
    if (prev && prev.end <= r.start && r.start - prev.end <= 7 && INTERSECTION_GAP.test(text.slice(prev.end, r.start))) {
      out[out.length - 1] = { ...prev, end: r.end, score: Math.max(prev.score, r.score), explanation: `${prev.explanation ?? prev.recognizer}; intersection` };
      continue;
    }
    out.push(r);
  }
  for (let i = 0; i < out.length; i++) {
    const r = out[i];
    const limitBefore = i > 0 ? out[i - 1].end : 0;
    const limitAfter = i + 1 < out.length ? out[i + 1].start : text.length;
    let { start, end } = r;
    INTERSECTION_NEXT.lastIndex = end;
    if (INTERSECTION_NEXT.test(text) && INTERSECTION_NEXT.lastIndex <= limitAfter) end = INTERSECTION_NEXT.lastIndex;
    const windowStart = Math.max(limitBefore, start - 60);
    const prev = INTERSECTION_PREV.exec(text.slice(windowStart, start));
    if (prev) start = windowStart + prev.index;
    if (start !== r.start || end !== r.end) out[i] = { ...r, start, end, explanation: `${r.explanation ?? r.recognizer}; intersection` };
  }
  return out;
}

export function createStreetAddressRecognizer(): Recognizer {
  return new StreetAddressRecognizer();
}

function createStreetAddressPatterns(): PatternRecognizer {
  return new PatternRecognizer(
    'StreetAddressRecognizer',
    [
      {
        name: 'street address (number + name + suffix)',
        entity: 'STREET_ADDRESS',
        regex: US_STYLE,
        score: 0.7,
        validate: (m) => scoreUs(m),
        prefilter: (f, t) => f.digits >= 1 && HAS_DIGIT_WORD.test(t),
      },
      { name: 'street address (street word first)', entity: 'STREET_ADDRESS', regex: PREFIX_STYLE, score: 0.6, prefilter: (f, t) => f.digits >= 1 && HAS_PREFIX.test(t) },
      {
        name: 'street address (compound street + number)',
        entity: 'STREET_ADDRESS',
        regex: COMPOUND_STYLE,
        score: 0.6,
        prefilter: (f, t) => f.digits >= 1 && HAS_COMPOUND.test(t),
        validate: (m) => (NOT_STREETS.test(m) ? false : /^\d*[ \t]*\p{Lu}/u.test(m) || UNIT_IN.test(m) ? undefined : 0.45),
      },
      { name: 'po box', entity: 'STREET_ADDRESS', regex: PO_BOX, score: 0.6, prefilter: (f, t) => f.digits >= 1 && HAS_BOX.test(t) },
      { name: 'street + number + unit', entity: 'STREET_ADDRESS', regex: UNIT_CONFIRMED, score: 0.6, prefilter: (f, t) => f.digits >= 1 && HAS_UNIT.test(t) },
      { name: 'named street', entity: 'STREET_ADDRESS', regex: NAMED_STREET, score: 0.5, prefilter: (_f, t) => HAS_NAMED_STREET.test(t) },
      { name: 'military address', entity: 'STREET_ADDRESS', regex: MILITARY, score: 0.7, prefilter: (f, t) => f.digits >= 1 && HAS_BOX.test(t) },
    ],
    { prefilter: (f) => f.letters >= 4 },
  );
}
