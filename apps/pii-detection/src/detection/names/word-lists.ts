/** Closed word lists the name rules consult (all lower-case). Open-ended vocabularies live in lexicons.ts. */

export const TITLES = new Set([
  'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'professor', 'sir', 'dame', 'lord', 'lady', 'rev', 'reverend', 'fr', 'father',
  'sister', 'brother', 'capt', 'captain', 'col', 'colonel', 'gen', 'general', 'sgt', 'sergeant', 'lt', 'lieutenant', 'hon',
  'judge', 'justice', 'madam', 'madame', 'mme', 'mlle', 'herr', 'frau', 'señor', 'senor', 'señora', 'senora', 'sra', 'mister',
  'president', 'senator', 'governor', 'mayor', 'officer', 'detective', 'inspector', 'agent', 'coach', 'uncle', 'aunt', 'auntie',
  'grandma', 'grandpa', 'doctor', 'nurse', 'saint', 'prince', 'princess', 'king', 'queen', 'rabbi', 'imam', 'pastor', 'bishop',
]);
// Titles that are unambiguous even without a following dot / capital (Mr, Mrs, Dr...).
export const STRONG_TITLES = new Set(['mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'professor', 'sir', 'dame', 'mme', 'mlle', 'herr', 'frau', 'mister', 'madam', 'madame', 'señor', 'señora', 'sra', 'rev', 'capt', 'sgt', 'lt', 'col', 'hon']);
export const PARTICLES = new Set(['van', 'von', 'de', 'der', 'den', 'del', 'della', 'delle', 'di', 'da', 'du', 'la', 'le', 'dos', 'das', 'do', 'bin', 'binti', 'ibn', 'al', 'el', 'ter', 'ten', 'zu', 'af', 'av', 'y', 'mac']);
/** Generational and professional suffixes: kept out of the span ("John Smith Jr" → "John Smith"). */
export const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'esq', 'dvm', 'dds', 'rn', 'cpa', 'mba']);
export const MONTHS_DAYS = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'christmas', 'easter', 'halloween',
]);
/** Capitalised function words and pronouns that never start a name. */
export const STOP = new Set([
  'the', 'a', 'an', 'and', 'or', 'but', 'if', 'of', 'in', 'on', 'at', 'to', 'for', 'from', 'by', 'with', 'as', 'is', 'are', 'was',
  'were', 'be', 'been', 'i', 'you', 'he', 'she', 'it', 'we', 'they', 'me', 'him', 'her', 'us', 'them', 'my', 'your', 'his', 'its',
  'our', 'their', 'this', 'that', 'these', 'those', 'there', 'here', 'what', 'who', 'whom', 'whose', 'which', 'when', 'where', 'why',
  'how', 'not', 'no', 'yes', 'ok', 'okay', 'please', 'thanks', 'thank', 'dear', 'hi', 'hello', 'hey', 'so', 'do', 'does', 'did',
  'have', 'has', 'had', 'can', 'could', 'would', 'should', 'shall', 'will', 'may', 'might', 'must', 'also', 'then', 'than', 'just',
  'all', 'any', 'some', 'every', 'each', 'one', 'name', 'address', 'phone', 'email', 're', 'fwd', 'subject', 'note', 'notes',
  "i'm", "i'll", "i've", "i'd", "it's", "let's", "don't", "can't", "won't", "that's", "there's", "what's", "he's", "she's", "we're",
  "they're", "you're", "we'll", "you'll", 'user', 'bot', 'customer', 'agent', 'where', 'when',
]);
/** Words after a lone capitalised word that make it the subject of a sentence, i.e. likely a person. */
export const PERSON_AFTER = new Set([
  'said', 'says', 'told', 'asked', 'shouted', 'replied', 'wrote', 'lives', 'emailed', 'wants', 'wanted', 'thinks', 'thought', 'smiled',
  'laughed', 'whispered', 'answered', 'explained', 'yelled', 'cried', 'spent', 'gave', 'loves', 'loved', 'likes', 'liked', 'knows', 'knew',
  'feels', 'felt', 'believes', 'believed', 'decided', 'agreed', 'complained', 'insisted', 'admitted', 'promised', 'married', 'died', 'nodded',
]);
/** Copulas after a lone sentence-initial word: a person when the predicate is not a noun phrase ("Zama is from…", not "Acme is the leader"). */
export const COPULA_AFTER = new Set(['is', 'was', 'has', 'had']);
export const NOT_PREDICATE_NP = new Set(['the', 'a', 'an', 'headquartered', 'based', 'located', 'owned', 'listed', 'traded', 'one']);
/** Street-type words and suffixes (English and European): a capitalised chain ending in or followed by one is a street, not a person. */
export const STREET_WORDS = new Set([
  'strasse', 'straße', 'str', 'gasse', 'weg', 'allee', 'platz', 'damm', 'ufer', 'laan', 'straat', 'plein', 'dreef', 'gracht', 'kade', 'singel',
  'steeg', 'gade', 'vej', 'vei', 'veien', 'vegen', 'veg', 'gata', 'gatan', 'vägen', 'väg', 'gränd', 'vegur', 'katu', 'kuja', 'tie', 'utca',
  'ulica', 'ulice', 'cesta', 'street', 'road', 'avenue', 'lane', 'drive', 'boulevard', 'rd', 'ave', 'blvd', 'ln',
]);
export const STREET_SUFFIX_RE = /(?:strasse|straße|gasse|straat|laan|weg|allee|platz|gade|gatan|vägen|vej|veien|vegen|utca|ulica|katu|kuja)$/;
/** First words of place names ("San Giuseppe Vesuviano", "Bad Homburg", "Port Louis"). */
export const PLACE_PREFIX = new Set(['cite', 'cité', 'san', 'santa', 'santo', 'são', 'sant', 'sankt', 'bad', 'port', 'puerto', 'porto', 'fort', 'villa', 'castel', 'castello', 'monte', 'mont', 'los', 'las', 'novo', 'nova', 'nowy', 'nowa', 'stary', 'stara', 'velké', 'velika', 'veliki', 'mali', 'mala', 'nagy', 'kis']);
/** Lower-case connectives inside multi-word place names ("Mansilla de la Sierra", "Ždár nad Sázavou", "Loka pri Zidanem Mostu"). */
export const PLACE_CONNECTIVES = new Set(['de', 'del', 'della', 'di', 'da', 'do', 'dos', 'das', 'la', 'le', 'les', 'los', 'nad', 'pod', 'pri', 'u', 'am', 'an', 'im', 'sur', 'sous', 'en', 'na', 'y']);
export const ADDRESS_UNIT_WORDS = new Set(['suite', 'apt', 'apartment', 'unit', 'box', 'floor', 'room', 'flat', 'building', 'block']);
/** Domain words that look like rare names in lower-case text (identifiers, military mail codes). */
export const NOT_NAME = new Set(['iban', 'swift', 'bic', 'ssn', 'cvv', 'cvc', 'vat', 'pin', 'usnv', 'usns', 'uss', 'fpo', 'apo', 'dpo', 'psc', 'nan', 'null', 'undefined', 'ip', 'url', 'http', 'https', 'www']);
/** Leading words of street names ("Rue Victor Hugo", "Via Roma"): such chains are addresses, not people. */
export const STREET_PREFIX = new Set(['rue', 'via', 'viale', 'avenida', 'avda', 'av', 'calle', 'rua', 'strada', 'ulica', 'ul', 'piazza', 'plaza', 'carrer', 'camino', 'cami', 'avenue', 'boulevard', 'chemin', 'allee', 'allée', 'place', 'praça', 'largo', 'travessa', 'corso', 'st', 'saint']);
/** Words right before a span that make it a person (lower-case; multi-word entries end at the span). */
export const PERSON_CONTEXT = [
  'my name is', 'name is', 'name\'s', 'names are', 'named', 'called', 'call me', 'i am', 'i\'m', 'im', 'this is', 'dear', 'hi', 'hello',
  'hey', 'thanks', 'thank you', 'regards', 'cheers', 'sincerely', 'signed', 'by', 'name', 'patient', 'customer', 'client',
  'contact', 'ask for', 'tell', 'met', 'meet', 'meeting with', 'spoke with', 'spoke to', 'talked to', 'talk to', 'married',
  'son', 'daughter', 'wife', 'husband', 'mother', 'father', 'brother', 'sister', 'friend', 'partner', 'boss', 'colleague',
  'manager', 'attn', 'attention', 'c/o', 'cc', 'to', 'from', 'with', 'starring', 'directed by', 'written by', 'authored by',
  'says', 'said', 'asked', 'replied', 'according to', 'wrote', 'shouted at', 'yelled at', 'said to', 'given', 'calls me', 'everyone calls me',
  'named him', 'named her', 'assistant to', 'commenter', 'leave me', 'love you', 'miss you', 'speak to', 'speak with', 'sister of', 'son of', 'daughter of',
];
export const LOCATION_CONTEXT = [
  'in', 'from', 'at', 'to', 'near', 'into', 'via', 'toward', 'towards', 'outside', 'around', 'across', 'visit', 'visited',
  'visiting', 'leaving', 'left', 'reached', 'flew to', 'fly to', 'moved to', 'born in', 'lives in', 'living in', 'live in',
  'located in', 'based in', 'grew up in', 'city of', 'town of', 'village of', 'native of', 'resident of', 'capital of', 'arrived in', 'arrived at',
];
/** Strong location context: an unknown capitalised word after these is a place. */
export const STRONG_LOCATION_CONTEXT = [
  'born in', 'lives in', 'living in', 'live in', 'lived in', 'grew up in', 'moved to', 'moved from', 'city of', 'town of', 'village of', 'native of', 'resident of',
  'located in', 'based in', 'relocated to', 'raised in', 'is from', 'am from', 'are from', 'was from', 'comes from', 'came from', 'come from', 'hails from',
  'stayed in', 'staying in', 'settled in', 'travelled to', 'traveled to', 'trip to', 'flight to', 'flew to', 'driving to', 'drove to',
  'here from', 'there from', 'moved here from', 'came here from', 'home city', 'hometown', 'home town',
];
// Context words that only weakly suggest a person (also precede places / things).
export const WEAK_PERSON_CTX = new Set(['to', 'from', 'with', 'by', 'name', 'tell', 'cc']);
