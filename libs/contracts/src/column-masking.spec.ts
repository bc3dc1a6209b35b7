import { maskedByTopLevelField, topLevelField } from './column-masking';
import { PiiFinding } from './record-envelope';

function finding(field: string, operator = 'replace'): PiiFinding {
  return { field, entityType: 'EMAIL_ADDRESS', start: 0, end: 5, score: 1, operator };
}

describe('topLevelField', () => {
  it.each([
    ['email', 'email'],
    ['contact.email', 'contact'],
    ['contact.phones[2]', 'contact'],
    ['emails[0]', 'emails'],
    // An empty key is written `[""]` in paths; its top-level field is the empty key.
    ['[""]', ''],
    ['[""].email', ''],
    ['<EMAIL_ADDRESS>#2.plan', '<EMAIL_ADDRESS>#2'],
  ])('maps %s to %s', (path, expected) => {
    expect(topLevelField(path)).toBe(expected);
  });
});

describe('maskedByTopLevelField', () => {
  it('lists every top-level field of the batch, marking those a finding changed', () => {
    const masked = maskedByTopLevelField([
      { payload: { id: 1, contact: {} }, findings: [finding('contact.emails[1]')] },
      { payload: { id: 2, city: 'Lyon' }, findings: [] },
    ]);
    expect(Object.fromEntries(masked)).toEqual({ id: false, contact: true, city: false });
  });

  it('does not count findings kept as they were', () => {
    const masked = maskedByTopLevelField([{ payload: { notes: 'x' }, findings: [finding('notes', 'keep')] }]);
    expect(masked.get('notes')).toBe(false);
  });

  it('marks removed fields as masked', () => {
    const masked = maskedByTopLevelField([{ payload: { ssn: 'x', id: 1 }, findings: [], removedFields: ['ssn'] }]);
    expect(masked.get('ssn')).toBe(true);
    expect(masked.get('id')).toBe(false);
  });

  it('names the fields of the payload it is given: protected keys stay protected', () => {
    const masked = maskedByTopLevelField([{ payload: { id: 1, '<EMAIL_ADDRESS>': { plan: 'x' }, '': 'y' }, findings: [finding('<EMAIL_ADDRESS>'), finding('[""]')] }]);
    expect(Object.fromEntries(masked)).toEqual({ id: false, '<EMAIL_ADDRESS>': true, '': true });
  });

  it('keeps a field masked once any record masked it', () => {
    const masked = maskedByTopLevelField([
      { payload: { email: 'x' }, findings: [finding('email')] },
      { payload: { email: 'y' }, findings: [] },
    ]);
    expect(masked.get('email')).toBe(true);
  });
});
