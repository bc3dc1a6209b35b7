import { readFileSync } from 'node:fs';

/**
 * Deterministic labelled structured-record set for FIELD CLASSIFICATION: tables built from the
 * FakeNameGenerator CSV under varied field names, plus generated card numbers (Luhn), IBANs (mod-97),
 * IPs and non-PII noise columns. Each (table, field) is one instance: gold = entity type or NONE.
 */
export interface FieldInstance {
  table: string;
  fieldName: string;
  values: string[];
  /** Entity type, or 'NONE'. */
  gold: string;
  /** Expected handling: an entity column is whole_value; free-text notes are free_text; noise is none. */
  goldMode: 'whole_value' | 'free_text' | 'none';
  /** Which generator produced the column (for error analysis). */
  source: string;
}

/** mulberry32: small deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Appends a Luhn check digit. */
export function luhnComplete(payload: string): string {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let d = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return payload + String((10 - (sum % 10)) % 10);
}

export function luhnValid(num: string): boolean {
  return luhnComplete(num.slice(0, -1)) === num;
}

function mod97(digits: string): number {
  let r = 0;
  for (const ch of digits) r = (r * 10 + Number(ch)) % 97;
  return r;
}

/** IBAN with valid check digits for a country and BBAN. */
export function makeIban(country: string, bban: string): string {
  const rearranged = (bban + country + '00').toUpperCase().replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  const check = 98 - mod97(rearranged);
  return country + String(check).padStart(2, '0') + bban;
}

export function ibanValid(iban: string): boolean {
  const s = iban.replace(/\s+/g, '').toUpperCase();
  const rearranged = (s.slice(4) + s.slice(0, 4)).replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  return mod97(rearranged) === 1;
}

type Row = Record<string, string>;

interface ColumnSpec {
  source: string;
  gold: string;
  goldMode: FieldInstance['goldMode'];
  names: string[];
  value: (row: Row, rnd: () => number, i: number) => string;
}

const digits = (rnd: () => number, n: number): string => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');
const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

const CARD_PREFIXES: readonly [string, number][] = [['4', 16], ['51', 16], ['55', 16], ['2221', 16], ['34', 15], ['37', 15], ['6011', 16], ['3528', 16]];
// Countries whose BBAN has no national check digit beyond mod-97 (ES, FR and BE add their own; not generated here).
const IBAN_FORMATS: readonly [string, number][] = [['DE', 18], ['NL', 14], ['IT', 23], ['GB', 18], ['AT', 16], ['CH', 17]];

function card(rnd: () => number): string {
  const [prefix, len] = pick(rnd, CARD_PREFIXES);
  const num = luhnComplete(prefix + digits(rnd, len - prefix.length - 1));
  return rnd() < 0.3 ? num.replace(/(\d{4})(?=\d)/g, '$1 ') : num;
}

function iban(rnd: () => number): string {
  const [cc, len] = pick(rnd, IBAN_FORMATS);
  let bban = digits(rnd, len);
  if (cc === 'NL') bban = 'ABNA' + digits(rnd, 10);
  if (cc === 'GB') bban = 'NWBK' + digits(rnd, 14);
  if (cc === 'IT') bban = 'X' + digits(rnd, 22);
  const out = makeIban(cc, bban);
  return rnd() < 0.3 ? out.replace(/(.{4})(?=.)/g, '$1 ') : out;
}

const NOTE_TEMPLATES = [
  (r: Row) => `Customer ${r.GivenName} ${r.Surname} called about a late delivery, please call back on ${r.TelephoneNumber}.`,
  (r: Row) => `Spoke with ${r.GivenName}; wants invoices sent to ${r.EmailAddress} from now on.`,
  (r: Row) => `Left parcel with neighbour at ${r.StreetAddress}, ${r.City}.`,
  () => 'Order packed and shipped, no issues reported.',
  () => 'Requested a refund for the damaged item.',
  (r: Row) => `${r.Title} ${r.Surname} asked to change the delivery date.`,
];

function columns(): ColumnSpec[] {
  return [
    { source: 'GivenName', gold: 'PERSON', goldMode: 'whole_value', names: ['first_name', 'firstName', 'given_name', 'fname', 'FirstName', 'customer_first_name'], value: (r) => r.GivenName },
    { source: 'Surname', gold: 'PERSON', goldMode: 'whole_value', names: ['last_name', 'surname', 'lastName', 'family_name', 'lname'], value: (r) => r.Surname },
    { source: 'FullName', gold: 'PERSON', goldMode: 'whole_value', names: ['name', 'full_name', 'customerName', 'contact_name', 'account_holder', 'cardholder_name'], value: (r) => `${r.GivenName} ${r.Surname}` },
    { source: 'StreetAddress', gold: 'STREET_ADDRESS', goldMode: 'whole_value', names: ['address', 'street', 'street_address', 'addr_line1', 'shipping_address'], value: (r) => r.StreetAddress },
    { source: 'City', gold: 'LOCATION', goldMode: 'whole_value', names: ['city', 'town', 'billing_city', 'City'], value: (r) => r.City },
    { source: 'StateFull', gold: 'LOCATION', goldMode: 'whole_value', names: ['state', 'region', 'province'], value: (r) => r.StateFull },
    { source: 'NameSet', gold: 'NRP', goldMode: 'whole_value', names: ['nationality', 'citizenship'], value: (r) => r.NameSet },
    { source: 'EmailAddress', gold: 'EMAIL_ADDRESS', goldMode: 'whole_value', names: ['email', 'e_mail', 'contactEmail', 'mail', 'customer_email'], value: (r) => r.EmailAddress },
    { source: 'TelephoneNumber', gold: 'PHONE_NUMBER', goldMode: 'whole_value', names: ['phone', 'tel', 'customer_phone', 'mobile', 'phoneNumber'], value: (r) => `+${r.TelephoneCountryCode} ${r.TelephoneNumber}` },
    { source: 'Birthday', gold: 'DATE_TIME', goldMode: 'whole_value', names: ['dob', 'birthday', 'date_of_birth', 'birth_date'], value: (r) => r.Birthday },
    { source: 'NationalID', gold: 'US_SSN', goldMode: 'whole_value', names: ['ssn', 'social_security_number', 'SSN', 'national_id'], value: (r) => r.NationalID },
    { source: 'CardNumber', gold: 'CREDIT_CARD', goldMode: 'whole_value', names: ['card_number', 'cc', 'pan', 'creditCard'], value: (_r, rnd) => card(rnd) },
    { source: 'Iban', gold: 'IBAN_CODE', goldMode: 'whole_value', names: ['iban', 'bank_account', 'iban_code'], value: (_r, rnd) => iban(rnd) },
    { source: 'Ip', gold: 'IP_ADDRESS', goldMode: 'whole_value', names: ['ip', 'ip_address', 'last_login_ip', 'client_ip'], value: (_r, rnd) => (rnd() < 0.8 ? `${1 + Math.floor(rnd() * 223)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${1 + Math.floor(rnd() * 254)}` : `2001:db8:${Math.floor(rnd() * 65535).toString(16)}::${Math.floor(rnd() * 65535).toString(16)}`) },
    // Non-PII noise and hard negatives.
    { source: 'ZipCode', gold: 'NONE', goldMode: 'none', names: ['zip', 'postcode', 'postal_code'], value: (r) => r.ZipCode },
    { source: 'Occupation', gold: 'NONE', goldMode: 'none', names: ['job_title', 'occupation'], value: (r) => r.Occupation },
    { source: 'Company', gold: 'NONE', goldMode: 'none', names: ['company', 'employer'], value: (r) => r.Company },
    { source: 'OrderId', gold: 'NONE', goldMode: 'none', names: ['order_id', 'orderId', 'ref'], value: (_r, rnd) => `ORD-${digits(rnd, 8)}` },
    { source: 'Amount', gold: 'NONE', goldMode: 'none', names: ['amount', 'total', 'price'], value: (_r, rnd) => (rnd() * 1000).toFixed(2) },
    { source: 'Guid', gold: 'NONE', goldMode: 'none', names: ['id', 'uuid', 'request_id'], value: (_r, rnd) => [8, 4, 4, 4, 12].map((n) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('')).join('-') },
    { source: 'Timestamp', gold: 'NONE', goldMode: 'none', names: ['created_at', 'updated_at', 'ts'], value: (_r, rnd, i) => new Date(Date.UTC(2024, 0, 1) + Math.floor(rnd() * 3e10) + i).toISOString() },
    { source: 'ProductCode', gold: 'NONE', goldMode: 'none', names: ['sku', 'product_code', 'item'], value: (_r, rnd) => `${pick(rnd, ['AB', 'XK', 'QT', 'MN'])}-${digits(rnd, 4)}-${pick(rnd, ['S', 'M', 'L', 'XL'])}` },
    { source: 'Status', gold: 'NONE', goldMode: 'none', names: ['status', 'state_code'], value: (_r, rnd) => pick(rnd, ['shipped', 'pending', 'cancelled', 'delivered']) },
    { source: 'Quantity', gold: 'NONE', goldMode: 'none', names: ['qty', 'quantity'], value: (_r, rnd) => String(1 + Math.floor(rnd() * 20)) },
    { source: 'Notes', gold: 'NONE', goldMode: 'free_text', names: ['notes', 'comment', 'description'], value: (r, rnd) => pick(rnd, NOTE_TEMPLATES)(r) },
  ];
}

const AMBIGUOUS_NAMES = ['field_7', 'value', 'col3', 'data', 'attr_2', 'x'];

export interface StructuredOptions {
  csvPath: string;
  seed: number;
  tables: number;
  rowsPerTable: number;
}

export function buildStructuredSet(opts: StructuredOptions): FieldInstance[] {
  const rows = parseCsv(readFileSync(opts.csvPath, 'utf8').replace(/^\uFEFF/, ''));
  const header = rows[0];
  const records: Row[] = rows.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
  const rnd = prng(opts.seed);
  const specs = columns();
  const out: FieldInstance[] = [];
  for (let t = 0; t < opts.tables; t++) {
    const table = `table_${t + 1}`;
    // Each table: 6–10 distinct columns, one of which may get an ambiguous name.
    const chosen = specs.slice().sort(() => rnd() - 0.5).slice(0, 6 + Math.floor(rnd() * 5));
    const ambiguousIdx = rnd() < 0.5 ? Math.floor(rnd() * chosen.length) : -1;
    const start = Math.floor(rnd() * Math.max(1, records.length - opts.rowsPerTable));
    // US SSNs exist only on US rows of the CSV: sample those for the SSN column.
    const usRows = records.filter((r) => /^\d{3}-\d{2}-\d{4}$/.test(r.NationalID));
    const used = new Set<string>();
    chosen.forEach((spec, ci) => {
      let fieldName = ci === ambiguousIdx ? pick(rnd, AMBIGUOUS_NAMES) : pick(rnd, spec.names);
      if (used.has(fieldName)) fieldName = `${fieldName}_${ci}`;
      used.add(fieldName);
      const source = spec.source === 'NationalID' ? usRows : records;
      const values: string[] = [];
      for (let i = 0; i < opts.rowsPerTable; i++) {
        const row = source[(start + i * 7) % source.length];
        values.push(spec.value(row, rnd, i));
      }
      out.push({ table, fieldName, values, gold: spec.gold, goldMode: spec.goldMode, source: spec.source });
    });
  }
  return out;
}
