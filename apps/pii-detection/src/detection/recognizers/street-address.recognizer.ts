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
const UNIT = `(?:,?[ \\t]*(?:\\n[ \\t>]*)?[ \\t]*${variants(['Apartment', 'Apt', 'Suite', 'Ste', 'Unit', 'Floor', 'Fl', 'Room', 'Rm', 'Building', 'Bldg'])}\\.?[ \\t]*#?[ \\t]*[A-Za-z0-9-]{1,6}|[ \\t]*#[ \\t]?\\d{1,6})`;
const NAME_WORD = "(?:\\d{1,3}(?:st|nd|rd|th)|\\p{L}[\\p{L}\\p{M}'’.-]{0,30})";
const CAP_WORD = "\\p{Lu}[\\p{L}\\p{M}'’.-]{0,30}";
const ZIP = '(?:\\d{5}(?:-\\d{4})?|\\p{Lu}{1,2}\\d[\\p{Lu}\\d]?[ \\t]?\\d\\p{Lu}{2}|\\d{4}(?:[ \\t]?\\p{Lu}{2})?)';
// City [, State] ZIP (city and country lines allowed) — only attached when it ends in a postal code,
// so arbitrary following words are not eaten.
const PLACE_LINE = `,?[ \\t]*(?:\\n[ \\t>]*)?[ \\t]*${CAP_WORD}(?:[ \\t]+${CAP_WORD}){0,3}`;
const CITY_ZIP = `(?:(?:${PLACE_LINE}){1,3}[ \\t]*,?[ \\t]*(?:\\n[ \\t>]*)?[ \\t]*(?:\\p{Lu}{2}[ \\t]*,?[ \\t]*(?:\\n[ \\t>]*)?[ \\t]*)?${ZIP}(?![\\p{L}\\p{N}]))`;
const TAIL = `(?:[ \\t]+(?:N|S|E|W|NE|NW|SE|SW)\\.?(?![\\p{L}]))?${UNIT}?${CITY_ZIP}?`;

// US/UK style: house number + 1-4 name words + street suffix.
const US_STYLE = new RegExp(
  `(?<![\\p{L}\\p{N}.,/-])(?:\\d{1,5}[ \\t]+)?\\d{1,6}[A-Za-z]?(?:-\\d{1,5})?[ \\t]+(?:${NAME_WORD}[ \\t]+){1,4}?${SUFFIXES}\\.?(?![\\p{L}\\p{N}])${TAIL}`,
  'gu',
);

// Continental style, street word first: "rue de la Paix 12", "19 rue La Boétie", "ul. Asnyka 82", "Via Roma 5".
const PREFIXES = variants([
  'Rue', 'Avenue', 'Av.', 'Avda.', 'Boulevard', 'Bd', 'Chemin', 'Allée', 'Impasse', 'Quai', 'Via', 'Viale', 'Piazza', 'Corso', 'Largo',
  'Vicolo', 'Calle', 'Avenida', 'Paseo', 'Carrer', 'Camino', 'Rua', 'Travessa', 'Praça', 'Estrada', 'Ul.', 'Ulica', 'Aleja', 'Al.',
  'Strada', 'Str.', 'Bulevardul', 'Calea', 'Ulitsa', 'Trg', 'C/',
]);
const CONNECTOR = "(?:de|del|della|dalla|dello|delle|degli|dei|di|da|do|dos|das|des|du|la|le|les|l'|d'|van|von|der|den|al|el|y|e)";
const NAME_SEQ = `(?:${CONNECTOR}[ \\t]+){0,2}${CAP_WORD}(?:[ \\t]+(?:${CONNECTOR}[ \\t]+){0,2}${CAP_WORD}){0,3}`;
const PREFIX_STYLE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(?:\\d{1,5}[ \\t]+)?\\d{1,5}[a-zA-Z]?,?[ \\t]+${PREFIXES}[ \\t]+${NAME_SEQ}|${PREFIXES}[ \\t]+${NAME_SEQ},?[ \\t]+\\d{1,5}[a-zA-Z]?)(?![\\p{L}\\p{N}])${TAIL}`,
  'gu',
);

// Germanic/Nordic/Central-European compounds + number: "Obere Bahnhofstrasse 9", "Brucknerweg 141", "Nørregade 12".
const COMPOUND_ENDINGS =
  '(?:straße|strasse|str\\.|gasse|plaats|weg|allee|platz|damm|ufer|laan|straat|plein|dreef|gracht|kade|singel|steeg|gade|vej|veien|vegen|veg|gata|gatan|vägen|väg|gränd|vegur|katu|kuja|tie|polku|kaari|utca|cesta|ulice)';
const SEPARATE_ENDINGS = variants(['út', 'utca', 'tér', 'körút', 'sor', 'ulica', 'baan', 'náměstí']);
const COMPOUND_STYLE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:\\d{1,5}[ \\t]+)?(?:${CAP_WORD}[ \\t]+)?(?:\\p{L}[\\p{L}\\p{M}-]{2,40}${COMPOUND_ENDINGS}|${CAP_WORD}[ \\t]+${SEPARATE_ENDINGS})[ \\t]+\\d{1,5}[a-zA-Z]?\\.?(?![\\p{L}\\p{N}])${TAIL}`,
  'gu',
);
const NOT_STREETS = /(?:brigade|renegade|arcade|cascade|blockade|barricade|decade|escapade|grenade|promenade|masquerade|tirade|upgrade|downgrade|nightie|goalie|rookie|cookie|necktie|bowtie|hogtie|untie)[ \t]+\d/i;

// "<Street name> <number>" confirmed by a following unit line ("Kromwater 38\n Apt. 705").
const LOWER_WORD = "\\p{Ll}[\\p{Ll}\\p{M}'’.-]{1,30}";
const UNIT_CONFIRMED = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:\\d{1,5}[ \\t]+)?(?:(?:${CAP_WORD}[ \\t]+){0,3}${CAP_WORD}|(?:${LOWER_WORD}[ \\t]+)?${LOWER_WORD})[ \\t]+\\d{1,5}[a-zA-Z]?${UNIT}${CITY_ZIP}?`,
  'gu',
);
const MILITARY = /(?<![\p{L}\p{N}])(?:USNS|USS|USCGC)[ \t]+\p{Lu}[\p{L}'-]{1,30}(?:[ \t]+\p{Lu}[\p{L}'-]{1,30})?,?[ \t]*\n?[ \t]*(?:FPO|APO|DPO)[ \t]+(?:AA|AE|AP)[ \t]+\d{5}(?![\p{N}])/gu;

const PO_BOX = /(?<![\p{L}\p{N}])(?:P\.?[ \t]?O\.?[ \t]?Box|Post[ \t]Office[ \t]Box|(?:PSC|CMR|Unit)[ \t]\d{3,5},?[ \t]+Box)[ \t]+\d{1,6}(?:[ \t]*\n?[ \t]*(?:APO|FPO|DPO)[ \t]+(?:AA|AE|AP)[ \t]+\d{5})?(?![\p{L}\p{N}])/giu;

const UNIT_IN = /(?:apt|apartment|suite|ste|unit)\.?[ \t]*#?\d/i;

// Cheap linear prefilters: each pattern only runs when its key words occur at all.
const HAS_DIGIT_WORD = /\d[A-Za-z]?[ \t]+\p{L}/u;
const HAS_UNIT = /(?:apt|apartment|suite|ste|unit|floor|fl|room|rm|bldg|building)\.?[ \t]*#?[ \t]*[A-Za-z0-9]|#[ \t]?\d/i;
const HAS_PREFIX = /(?:^|[^\p{L}])(?:rue|avenue|av|avda|boulevard|bd|chemin|allée|impasse|quai|via|viale|piazza|corso|largo|vicolo|calle|avenida|paseo|carrer|camino|rua|travessa|praça|estrada|ul|ulica|aleja|al|strada|str|bulevardul|calea|ulitsa|trg|c\/)[ \t.]/iu;
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

/**
 * STREET_ADDRESS: structural patterns only (house number + street name + suffix, continental
 * prefix/compound street words + number, PO boxes), optionally extended by unit and
 * city/state/postal code. Measured on presidio-research data; see the report.
 */
export function createStreetAddressRecognizer(): PatternRecognizer {
  return new PatternRecognizer(
    'StreetAddressRecognizer',
    [
      {
        name: 'street address (number + name + suffix)',
        entity: 'STREET_ADDRESS',
        regex: US_STYLE,
        score: 0.7,
        validate: (m) => scoreUs(m),
        prefilter: (_f, t) => HAS_DIGIT_WORD.test(t),
      },
      { name: 'street address (street word first)', entity: 'STREET_ADDRESS', regex: PREFIX_STYLE, score: 0.6, prefilter: (_f, t) => HAS_PREFIX.test(t) },
      {
        name: 'street address (compound street + number)',
        entity: 'STREET_ADDRESS',
        regex: COMPOUND_STYLE,
        score: 0.6,
        prefilter: (_f, t) => HAS_COMPOUND.test(t),
        validate: (m) => (NOT_STREETS.test(m) ? false : /^\d*[ \t]*\p{Lu}/u.test(m) || UNIT_IN.test(m) ? undefined : 0.45),
      },
      { name: 'po box', entity: 'STREET_ADDRESS', regex: PO_BOX, score: 0.6, prefilter: (_f, t) => HAS_BOX.test(t) },
      { name: 'street + number + unit', entity: 'STREET_ADDRESS', regex: UNIT_CONFIRMED, score: 0.6, prefilter: (_f, t) => HAS_UNIT.test(t) },
      { name: 'military address', entity: 'STREET_ADDRESS', regex: MILITARY, score: 0.7, prefilter: (_f, t) => HAS_BOX.test(t) },
    ],
    { prefilter: (f) => f.digits >= 1 && f.letters >= 4 },
  );
}
