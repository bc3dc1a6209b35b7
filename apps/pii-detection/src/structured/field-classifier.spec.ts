import { createAnalyzer } from '../detection/detection.factory';
import { AnalyzeOptions, EntityType, RecognizerResult, TextAnalyzer } from '../detection/detection.types';
import { fieldNameWords } from '../detection/context';
import { FieldClassifier, nameHint } from './field-classifier';

/** A scripted analyzer: each rule finds a regular expression as one entity type. */
class ScriptedAnalyzer implements TextAnalyzer {
  constructor(private readonly rules: { pattern: RegExp; entityType: EntityType; validated?: boolean }[]) {}
  analyze(text: string, _options?: AnalyzeOptions): RecognizerResult[] {
    const results: RecognizerResult[] = [];
    for (const rule of this.rules) {
      for (const match of text.matchAll(new RegExp(rule.pattern.source, 'g'))) {
        results.push({ entityType: rule.entityType, start: match.index, end: match.index + match[0].length, score: 0.8, recognizer: 'scripted', validated: rule.validated ?? false });
      }
    }
    return results;
  }
  recognizers() {
    return [];
  }
}

const nothing = new FieldClassifier(new ScriptedAnalyzer([]));

describe('field names', () => {
  it('splits camelCase, snake_case and digits into tokens', () => {
    expect(fieldNameWords('customerFirstName')).toEqual(['customer', 'first', 'name']);
    expect(fieldNameWords('addr_line1')).toEqual(['addr', 'line', '1']);
    expect(fieldNameWords('IBANCode')).toEqual(['iban', 'code']);
  });

  it.each([
    ['e_mail', 'EMAIL_ADDRESS'],
    ['contactEmail', 'EMAIL_ADDRESS'],
    ['tel', 'PHONE_NUMBER'],
    ['mobile', 'PHONE_NUMBER'],
    ['dob', 'DATE_TIME'],
    ['date_of_birth', 'DATE_TIME'],
    ['SSN', 'US_SSN'],
    ['cc', 'CREDIT_CARD'],
    ['bank_account', 'IBAN_CODE'],
    ['last_login_ip', 'IP_ADDRESS'],
    ['addr_line1', 'STREET_ADDRESS'],
    ['town', 'LOCATION'],
    ['lname', 'PERSON'],
    ['cardholder_name', 'PERSON'],
    ['citizenship', 'NRP'],
  ])('reads %s as %s', (fieldName, entityType) => {
    expect(nameHint(fieldName)).toEqual({ kind: 'entity', entityType });
  });

  it('does not read names of things as personal fields', () => {
    expect(nameHint('company_name').kind).not.toBe('entity');
    expect(nameHint('zip').kind).toBe('non_personal');
    expect(nameHint('state_code').kind).toBe('non_personal');
    expect(nameHint('updated_at').kind).toBe('system_time');
    expect(nameHint('shipping').kind).toBe('unknown');
  });
});

describe('FieldClassifier with a scripted analyzer', () => {
  it('trusts a field name whose type the values fit, even when the analyzer finds nothing', () => {
    expect(nothing.classify('surname', ['van der Vlist', 'Snider', 'García', 'Ballesteros', 'Moe'])).toMatchObject({ entityType: 'PERSON', mode: 'whole_value' });
    expect(nothing.classify('street', ['Byvej 35', 'Kraavi 28', 'P.O. Box 255', 'Frankfurter Allee 79', '12 Timms Drive'])).toMatchObject({ entityType: 'STREET_ADDRESS', mode: 'whole_value' });
  });

  it('does not trust a field name the values contradict', () => {
    expect(nothing.classify('phone', ['call me later', 'no phone given', 'ask the office'])).toMatchObject({ entityType: null, mode: 'free_text' });
    expect(nothing.classify('address', ['ORD-1', 'n/a', 'unknown', 'see notes'])).not.toMatchObject({ mode: 'whole_value' });
  });

  it('joins adjacent spans of name-like types into one address', () => {
    const analyzer = new ScriptedAnalyzer([
      { pattern: /^\d+ \w+ (?:Road|Drive)/, entityType: 'STREET_ADDRESS' },
      { pattern: /(?<=, )\w+$/, entityType: 'LOCATION' },
    ]);
    const values = ['12 Timms Drive, Leeds', '9 High Road, York', '3 Oak Drive, Bath', '44 Mill Road, Hull'];
    expect(new FieldClassifier(analyzer).classify('col3', values)).toMatchObject({ entityType: 'STREET_ADDRESS', mode: 'whole_value' });
  });

  it('tells an unnamed address column by its shape once the analyzer confirms part of it', () => {
    const analyzer = new ScriptedAnalyzer([{ pattern: /^\d+ \w+ Drive$/, entityType: 'STREET_ADDRESS' }]);
    const values = ['12 Timms Drive', '2870 Fallon Drive', 'Vene 89', 'Sokolská 1978', 'R Direita-Igreja 21', 'Byvej 35'];
    expect(new FieldClassifier(analyzer).classify('attr_2', values)).toMatchObject({ entityType: 'STREET_ADDRESS', mode: 'whole_value' });
    // Without confirmation, the same shape is not enough.
    expect(nothing.classify('attr_2', values)).toMatchObject({ entityType: null });
  });

  it('treats system timestamps as non-personal and birth dates as personal', () => {
    const analyzer = new ScriptedAnalyzer([{ pattern: /^[\d\-/:.TZ]+$/, entityType: 'DATE_TIME' }]);
    const classifier = new FieldClassifier(analyzer);
    const timestamps = ['2024-08-29T08:12:36.163Z', '2024-03-24T02:26:47.260Z', '2024-05-13T08:39:31.738Z'];
    const dates = ['3/29/1982', '11/2/1990', '7/14/1975'];
    expect(classifier.classify('created_at', timestamps)).toEqual({ entityType: null, confidence: 1, mode: 'none', ignoredEntityTypes: ['DATE_TIME'] });
    expect(classifier.classify('field_7', timestamps)).toMatchObject({ entityType: null, mode: 'none' });
    expect(classifier.classify('dob', dates)).toMatchObject({ entityType: 'DATE_TIME', mode: 'whole_value' });
    expect(classifier.classify('x', dates)).toMatchObject({ entityType: 'DATE_TIME', mode: 'whole_value' });
    expect(classifier.classify('hired_at', dates)).toMatchObject({ entityType: 'DATE_TIME', mode: 'whole_value' });
  });

  it('skips codes and non-personal labels, but scans prose and codes with confirmed findings', () => {
    const guids = ['8462bdaa-8a88-1315-231e-6ab7dd1ffd37', '57a84a67-2037-1f53-90a2-24baf5572d31', '2449b335-4e52-23c4-f27d-aa6e0a9bfee3'];
    expect(nothing.classify('id', guids)).toMatchObject({ mode: 'none' });
    expect(nothing.classify('x', ['ORD-12345678', 'ORD-87654321'])).toMatchObject({ mode: 'none' });
    expect(nothing.classify('job_title', ['Technical writer', 'Lathe and turning machine tool operator', 'J. K. Gill'])).toMatchObject({ mode: 'none' });
    expect(nothing.classify('data', ['Technical writer', 'Shipping clerk'])).toMatchObject({ mode: 'free_text' });
    const validated = new FieldClassifier(new ScriptedAnalyzer([{ pattern: /4111111111111111/, entityType: 'CREDIT_CARD', validated: true }]));
    expect(validated.classify('ref', ['4111111111111111', 'A-1', 'B-2', 'C-3', 'D-4'])).toMatchObject({ mode: 'free_text' });
  });

  it("weighs the connector profile's personal hint like a field name announcing the type, so values of its shape suffice", () => {
    const phones = ['+45 84 23 30', '(555) 555-0134', '020-7946-0018', '01.23.45.67.89', '84 23 30 11'];
    // The analyzer finds nothing and the name says nothing: without the profile, digit groups read as codes.
    expect(nothing.classify('c7', phones)).toEqual({ entityType: null, confidence: 1, mode: 'none' });
    expect(nothing.classify('c7', phones, { field: 'c7', kind: 'personal', entityType: 'PHONE_NUMBER', share: 1 })).toEqual({ entityType: 'PHONE_NUMBER', confidence: 1, mode: 'whole_value' });
    // A hint the values contradict, of a type unknown here, or a non-personal one changes nothing.
    expect(nothing.classify('c7', ['ORD-1', 'n/a', 'see notes'], { field: 'c7', kind: 'personal', entityType: 'PHONE_NUMBER', share: 0.9 })).toEqual(nothing.classify('c7', ['ORD-1', 'n/a', 'see notes']));
    expect(nothing.classify('c7', phones, { field: 'c7', kind: 'personal', entityType: 'SHOE_SIZE', share: 1 })).toEqual({ entityType: null, confidence: 1, mode: 'none' });
    expect(nothing.classify('phone', phones, { field: 'phone', kind: 'non_personal', evidence: 'number_enum', share: 1 })).toEqual({ entityType: 'PHONE_NUMBER', confidence: 1, mode: 'whole_value' });
  });

  it('returns none for a field without values', () => {
    expect(nothing.classify('email', [null, '', '   '])).toEqual({ entityType: null, confidence: 0, mode: 'none' });
  });
});

describe('FieldClassifier with the real analyzer', () => {
  const classifier = new FieldClassifier(createAnalyzer());

  it.each<[string, string[], EntityType]>([
    ['customer_email', ['anna.berg@example.com', 'j.smith@mail.org', 'lee@corp.io', 'tom.k@web.de'], 'EMAIL_ADDRESS'],
    ['mobile', ['+44 20 7946 0958', '+1 415 555 0132', '+49 30 901820', '+33 1 42 68 53 00'], 'PHONE_NUMBER'],
    ['client_ip', ['192.168.10.4', '10.0.0.254', '172.16.4.20', '8.8.8.8'], 'IP_ADDRESS'],
    ['fname', ['Jonathan', 'Barbara', 'Guiomar', 'Miki'], 'PERSON'],
    ['shipping_address', ['Frankfurter Allee 79', '2870 Fallon Drive', 'Sokolská 1978', 'Rue du Château 414'], 'STREET_ADDRESS'],
    ['town', ['Pittston', 'Palm Springs', 'Almada', 'Kaster'], 'LOCATION'],
    ['date_of_birth', ['3/29/1982', '11/2/1990', '7/14/1975', '1/1/1960'], 'DATE_TIME'],
  ])('classifies %s as a whole-value field', (fieldName, values, entityType) => {
    expect(classifier.classify(fieldName, values)).toMatchObject({ entityType, mode: 'whole_value' });
  });

  it('does not protect system timestamps, ids or amounts as personal data', () => {
    expect(classifier.classify('updated_at', ['2024-08-29T08:12:36.163Z', '2024-03-24T02:26:47.260Z'])).toMatchObject({ entityType: null, mode: 'none' });
    expect(classifier.classify('request_id', ['8462bdaa-8a88-1315-231e-6ab7dd1ffd37', '57a84a67-2037-1f53-90a2-24baf5572d31'])).toMatchObject({ mode: 'none' });
    expect(classifier.classify('total', ['12.50', '990.01', '7.25'])).toMatchObject({ mode: 'none' });
  });

  it('scans notes that mention people', () => {
    const notes = ['Spoke with Maria; wants invoices sent to maria.k@example.com from now on.', 'Order packed and shipped, no issues reported.'];
    expect(classifier.classify('comment', notes)).toMatchObject({ entityType: null, mode: 'free_text' });
  });
});

describe('FieldClassifier: identifier columns and over-masking', () => {
  it('recognises UUID, hash and order-code columns as identifiers, an IBAN column stays personal', () => {
    const uuids = ['0b7c3a52-9d1e-4f60-8a2b-1c3d4e5f6a7b', '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a', '3c2b1a0f-9e8d-47c6-b5a4-938271605f4e'];
    const hashes = ['9e107d9d372bb6826bd81d3542a419d6', 'e4d909c290d0fb1ca068ffaddf22cbd0', 'd41d8cd98f00b204e9800998ecf8427e'];
    // Even when a recognizer finds name fragments inside the values.
    const fragments = new FieldClassifier(new ScriptedAnalyzer([{ pattern: /ada|dead/i, entityType: 'PERSON' }]));
    expect(fragments.classify('col', uuids)).toEqual({ entityType: null, confidence: 1, mode: 'none', identifier: true });
    expect(nothing.classify('digest', hashes)).toEqual({ entityType: null, confidence: 1, mode: 'none', identifier: true });
    expect(nothing.classify('x', ['ORD-2024-00017', 'ORD-2023-10452', 'ORD-2025-00003'])).toEqual({ entityType: null, confidence: 1, mode: 'none', identifier: true });
    expect(nothing.classify('customer_key', ['c-1042', 'c-77', 'x9'])).toEqual({ entityType: null, confidence: 1, mode: 'none', identifier: true });
    const iban = new FieldClassifier(new ScriptedAnalyzer([{ pattern: /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/, entityType: 'IBAN_CODE', validated: true }]));
    expect(iban.classify('account_ref', ['DE89370400440532013000', 'GB82WEST12345698765432', 'FR1420041010050500013M02606'])).toMatchObject({ entityType: 'IBAN_CODE', mode: 'whole_value' });
    expect(iban.classify('account_ref', ['DE89370400440532013000', 'GB82WEST12345698765432']).identifier).toBeUndefined();
  });

  it('does not read a personal id (tax_id, passport key) as a surrogate key', () => {
    expect(nothing.classify('tax_id', ['AB-1234-XL', 'CD-5678-XM']).identifier).toBeUndefined();
    expect(nothing.classify('tax_id', ['12 345 678', '98 765 432']).identifier).toBeUndefined();
    expect(nothing.classify('passport_key', ['1234567', '7654321']).identifier).toBeUndefined();
  });

  it('does not take versions in a version column, or bare years, for dates or addresses', () => {
    const analyzer = new ScriptedAnalyzer([
      { pattern: /^(?:\d{1,3}\.){3}\d{1,3}$/, entityType: 'IP_ADDRESS', validated: true },
      { pattern: /^\d{4}$/, entityType: 'DATE_TIME' },
    ]);
    const classifier = new FieldClassifier(analyzer);
    expect(classifier.classify('build', ['1.2.3.4', '2.0.0.1', '2.0.1.0'])).toEqual({ entityType: null, confidence: 1, mode: 'none' });
    expect(classifier.classify('year', [1987, 2001, '1999'])).toEqual({ entityType: null, confidence: 1, mode: 'none' });
    expect(classifier.classify('birth_year', [1987, 2001, '1999'])).toMatchObject({ entityType: 'DATE_TIME', mode: 'whole_value' });
    expect(classifier.classify('gateway', ['1.2.3.4', '2.0.0.1', '2.0.1.0'])).toMatchObject({ entityType: 'IP_ADDRESS', mode: 'whole_value' });
  });

  it('reads bare digits in a phone-named field as phone numbers', () => {
    expect(nothing.classify('mobile', [4155550123, '4155550124', '+14155550125'])).toMatchObject({ entityType: 'PHONE_NUMBER', mode: 'whole_value' });
  });
});
