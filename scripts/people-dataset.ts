/**
 * A generated dataset of fake people with personal data in structured fields and in free text.
 * Deterministic for a given seed, so a demo or benchmark run can be repeated exactly. Every
 * `missingEmailEvery`-th person has no e-mail address, which the demo contract rejects.
 */
const FIRST_NAMES = ['Ada', 'Bruno', 'Chloé', 'Dmitri', 'Elif', 'Farah', 'Goran', 'Hana', 'Ines', 'Jonas', 'Kofi', 'Lena', 'Mateo', 'Nadia', 'Oskar', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tamar'];
const LAST_NAMES = ['Novak', 'García', 'Okafor', 'Lindqvist', 'Yılmaz', 'Kowalski', 'Haddad', 'Müller', 'Rossi', 'Tanaka', 'Dubois', 'Silva', 'Jensen', 'Petrov', 'Moreau'];
const CITIES = ['Lisbon', 'Tallinn', 'Lyon', 'Kraków', 'Utrecht', 'Porto', 'Ghent', 'Bergen', 'Graz', 'Turin'];
const DOMAINS = ['example.com', 'mail.example.org', 'post.example.net'];
const NOTES = [
  'Prefers contact by e-mail at {email} in the morning.',
  'Asked to send the invoice to {email} and to the office.',
  'No special requests.',
  'Moved from {city} last year; reachable at {email}.',
  'Call back next week about the renewal.',
];

export interface PersonRecord {
  [field: string]: unknown;
  id: number;
  name: string;
  email: string | null;
  phone: string;
  city: string;
  notes: string;
  signup_date: string;
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

export function generatePeople(count: number, options: { seed?: number; missingEmailEvery?: number; firstId?: number } = {}): PersonRecord[] {
  const random = seededRandom(options.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const missingEmailEvery = options.missingEmailEvery ?? 20;
  const firstId = options.firstId ?? 1;
  return Array.from({ length: count }, (_unused, index) => {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const city = pick(CITIES);
    const email = `${first}.${last}${index}@${pick(DOMAINS)}`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ı/g, 'i');
    const hasEmail = missingEmailEvery <= 0 || (index + 1) % missingEmailEvery !== 0;
    const day = 1 + Math.floor(random() * 28);
    return {
      id: firstId + index,
      name: `${first} ${last}`,
      email: hasEmail ? email : null,
      phone: `+351 9${Math.floor(10000000 + random() * 89999999)}`,
      city,
      notes: pick(NOTES).replace('{email}', email).replace('{city}', city),
      signup_date: `2026-0${1 + Math.floor(random() * 9)}-${String(day).padStart(2, '0')}`,
    };
  });
}

/** Records the demo contract accepts: id, name and email present and not empty. */
export function isValidPerson(person: PersonRecord): boolean {
  return person.email !== null && person.email !== '' && person.name !== '';
}
