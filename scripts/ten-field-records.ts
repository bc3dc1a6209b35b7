/**
 * The benchmarks' record shape: 10 fields of a customer, with personal data in structured fields
 * and in free text. Deterministic, so runs can be compared.
 */
import { generatePeople } from './people-dataset';

export function ibanFor(index: number): string {
  // Valid mod-97 German IBANs: check digits computed for bank 37040044 and a running account number.
  const bban = `37040044${String(532013000 + index).padStart(10, '0')}`;
  const numeric = `${bban}131400`;
  let remainder = 0;
  for (const digit of numeric) remainder = (remainder * 10 + Number(digit)) % 97;
  return `DE${String(98 - remainder).padStart(2, '0')}${bban}`;
}

/** Names, e-mail, phone, city, one free-text field (notes), date, IBAN, IP address, amount and id. */
export function tenFieldRecords(count: number): Record<string, unknown>[] {
  return generatePeople(count, { seed: 3, missingEmailEvery: 0 }).map((person, index) => ({
    id: person.id,
    name: person.name,
    email: person.email,
    phone: person.phone,
    city: person.city,
    notes: `${person.notes} Ticket ${100000 + index} opened by ${person.name}.`,
    signup_date: person.signup_date,
    iban: ibanFor(index),
    ip_address: `10.${index % 250}.${(index * 7) % 250}.${(index * 13) % 250}`,
    amount: Math.round((index * 37.5) % 10000) / 100,
  }));
}

const COMMENTS = [
  'Spoke with {name} on the phone ({phone}); wants the contract sent to {email}.',
  'Left a voicemail for {name}, call back on {phone}.',
  'Delivery to {city} confirmed by {name}.',
  'No follow-up needed.',
];

/**
 * The end-to-end benchmark's shape: 10 fields with TWO free-text fields holding personal data
 * (notes and comments); the IP address gives way to the second text.
 */
export function twoTextRecords(count: number, firstId = 1): Record<string, unknown>[] {
  return tenFieldRecords(count).map(({ ip_address: _ipAddress, ...record }, index) => {
    const template = COMMENTS[index % COMMENTS.length];
    const comments = template.replace('{name}', String(record.name)).replace('{phone}', String(record.phone)).replace('{email}', String(record.email)).replace('{city}', String(record.city));
    return { ...record, id: firstId + index, comments };
  });
}
