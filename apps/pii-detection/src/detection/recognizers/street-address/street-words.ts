/** Street-type words, unit words and name-word fragments shared by the street-address patterns. */

/** Case variants of each word: as written, Title, lower, UPPER (regexes stay case-sensitive so names must look like names). */
function variantWords(words: readonly string[]): string[] {
  const out = new Set<string>();
  for (const w of words) {
    out.add(w);
    out.add(w.toLowerCase());
    out.add(w.toUpperCase());
    out.add(w[0].toUpperCase() + w.slice(1).toLowerCase());
  }
  return [...out];
}

/** An alternation of the words, longest first so "Street" wins over "St". */
function alternation(words: readonly string[]): string {
  return `(?:${[...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/\./g, '\\.')).join('|')})`;
}

function variants(words: readonly string[]): string {
  return alternation(variantWords(words));
}

const SUFFIX_WORDS = variantWords([
  'Street', 'St', 'Avenue', 'Ave', 'Road', 'Rd', 'Lane', 'Ln', 'Boulevard', 'Blvd', 'Drive', 'Dr', 'Way', 'Court', 'Ct',
  'Place', 'Pl', 'Square', 'Sq', 'Terrace', 'Ter', 'Parkway', 'Pkwy', 'Highway', 'Hwy', 'Circle', 'Cir', 'Trail', 'Trl',
  'Crescent', 'Cres', 'Close', 'Grove', 'Gardens', 'Alley', 'Walk', 'Pike', 'Loop', 'Plaza', 'Mews', 'Expressway',
  'Freeway', 'Crossing', 'Row', 'Hill', 'Ridge', 'Park', 'Green', 'Heights', 'Str',
]);
export const SUFFIXES = alternation(SUFFIX_WORDS);
/** Street types that are also everyday words ("creek", "point", "view"): capitalised forms only. */
const CAPITALISED_SUFFIX_WORDS = [
  'Creek', 'Bend', 'Point', 'Run', 'Path', 'Glen', 'View', 'Vista', 'Crest', 'Cove', 'Harbor', 'Harbour', 'Landing', 'Meadows', 'Meadow',
  'Knoll', 'Hollow', 'Causeway', 'Esplanade', 'Parade', 'Quay', 'Rise', 'Wharf', 'Chase', 'Vale', 'Manor', 'Commons', 'Estates',
].flatMap((w) => [w, w.toUpperCase()]);
export const CAPITALISED_SUFFIXES = alternation(CAPITALISED_SUFFIX_WORDS);
/** Every street-type word a US/UK-style address ends with, exactly as the pattern spells them. */
export const STREET_TYPE_WORDS: ReadonlySet<string> = new Set([...SUFFIX_WORDS, ...CAPITALISED_SUFFIX_WORDS]);
export const UNIT_WORD = variants(['Apartment', 'Apt', 'Suite', 'Ste', 'Unit', 'Floor', 'Fl', 'Room', 'Rm', 'Building', 'Bldg']);
// Every run of blanks below has exactly one way to be matched (no `[ \\t]*,?[ \\t]*`): ambiguous
// blank runs made the engine try every split of a run, which grew polynomially with its length.
export const UNIT = `(?:,?[ \\t]*(?:\\n[ \\t>*•?]*)?${UNIT_WORD}\\.?[ \\t]*(?:#[ \\t]*)?[A-Za-z0-9-]{1,6}|[ \\t]*#[ \\t]?\\d{1,6})`;
export const NAME_WORD = "(?:\\d{1,3}(?:st|nd|rd|th)|(?!(?:and|or|of|the|at|in|on|to|&)[ \\t])\\p{L}[\\p{L}\\p{M}'’.-]{0,30})";
export const CAP_WORD = "\\p{Lu}[\\p{L}\\p{M}'’.-]{0,30}";
// The city, region, postal code and country after the street are taken by `extendAddressBlock` (a
// linear scan), not by the regexes.
export const TAIL = `(?:[ \\t]+(?:N|S|E|W|NE|NW|SE|SW)\\.?(?![\\p{L}]))?${UNIT}?`;
export const PREFIXES = variants([
  'Rue', 'Avenue', 'Av.', 'Avda.', 'Boulevard', 'Bd', 'Chemin', 'Allée', 'Impasse', 'Quai', 'Via', 'Viale', 'Piazza', 'Corso', 'Largo',
  'Vicolo', 'Calle', 'Avenida', 'Paseo', 'Carrer', 'Camino', 'Rua', 'Rúa', 'Travessa', 'Praça', 'Estrada', 'Ul.', 'Ulica', 'Aleja', 'Al.',
  'Strada', 'Str.', 'Bulevardul', 'Calea', 'Ulitsa', 'Trg', 'C/', 'Plaza', 'Plac', 'Piazzale', 'Vía', 'Avinguda', 'Rambla', 'Ronda', 'Passeig',
  'Chaussée', 'Cours', 'Alameda', 'Prospekt', 'Osiedle', 'Bulevar', 'Carretera', 'Travesía', 'Contrada', 'Viela', 'Odos', 'Leoforos',
  'Οδός', 'Οδ.', 'Λεωφόρος', 'Λεωφ.', 'Πλατεία', 'Улица', 'Ул.', 'Проспект', 'Пр-т', 'Переулок', 'Пер.', 'Бульвар', 'Площадь', 'Шоссе', 'Вулиця', 'Вул.',
]);
/** German/Dutch street names that open with an article or preposition ("Am Jägerhof 77a", "An der Alster 5"): capitalised only, never "am". */
export const ARTICLE_PREFIXES = '(?:Am|Im|An[ \\t]+der|An[ \\t]+den|Auf[ \\t]+der|Auf[ \\t]+dem|Auf[ \\t]+den|In[ \\t]+der|In[ \\t]+den|Zum|Zur|Unter[ \\t]+den|Hinter[ \\t]+der|Vor[ \\t]+dem|Op[ \\t]+de|Aan[ \\t]+de|Bij[ \\t]+de)';
export const CONNECTOR = "(?:de|del|della|dalla|dello|delle|degli|dei|di|da|do|dos|das|des|du|la|le|les|l'|d'|van|von|der|den|al|el|y|e)";
export const NAME_SEQ = `(?:${CONNECTOR}[ \\t]+){0,2}${CAP_WORD}(?:[ \\t]+(?:${CONNECTOR}[ \\t]+){0,2}${CAP_WORD}){0,3}`;
/** Capitalised street-name words with inner connectors ("Republica de Chile", "Via dalla Staziun"), opening with a capital. */
export const CAP_SEQ = `${CAP_WORD}(?:[ \\t]+(?:${CONNECTOR}[ \\t]+){0,2}${CAP_WORD}){0,3}`;
export const LOWER_NAME = "\\p{Ll}[\\p{Ll}\\p{M}'’.-]{1,30}";
/** Endings of one-word street names; a capitalised ending only after a hyphen ("Paul-Lincke-Ufer", "Max-Planck-Platz"). */
export const COMPOUND_ENDINGS =
  '(?:straße|strasse|str\\.|gasse|plaats|weg|allee|platz|damm|ufer|laan|straat|plein|dreef|gracht|kade|singel|steeg|gade|vej|veien|vegen|veg|gata|gatan|vägen|väg|gränd|vegur|katu|kuja|tie|polku|kaari|utca|cesta|ulice|stræti|-(?:Straße|Strasse|Gasse|Weg|Allee|Platz|Damm|Ufer|Ring|Markt))';
// Street words written as a separate word after the name ("Karl Johans gate 22", "Dózsa György út 78", "Lange Voorhout laan 9").
export const SEPARATE_ENDINGS = variants([
  'út', 'utca', 'tér', 'körút', 'sor', 'ulica', 'baan', 'náměstí', 'u.', 'krt.', 'gate', 'gata', 'gatan', 'vei', 'veien', 'veg', 'vegen', 'vej', 'gade',
  'väg', 'vägen', 'straße', 'strasse', 'weg', 'allee', 'platz', 'gasse', 'laan', 'straat', 'plein', 'kade', 'gracht', 'steeg', 'katu', 'tie', 'iela', 'gatvė', 'tänav',
]);
export const LOWER_WORD = "\\p{Ll}[\\p{Ll}\\p{M}'’.-]{1,30}";
