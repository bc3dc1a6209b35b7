import { classificationOfClass, columnClassOf, MAX_STORED_FIELD_BYTES, storedFieldName } from './column-class';

describe('column classes', () => {
  it('maps classifications to stored classes and back', () => {
    expect(columnClassOf({ entityType: 'EMAIL_ADDRESS', confidence: 1, mode: 'whole_value' })).toBe('personal');
    expect(columnClassOf({ entityType: null, confidence: 0.5, mode: 'free_text' })).toBe('free_text');
    expect(columnClassOf({ entityType: null, confidence: 1, mode: 'none', identifier: true })).toBe('identifier');
    expect(columnClassOf({ entityType: null, confidence: 1, mode: 'none', ignoredEntityTypes: ['DATE_TIME'] })).toBe('non_personal');
    const base = { entityType: null, ignoredEntityTypes: [], confidence: 0.9 };
    expect(classificationOfClass({ ...base, columnClass: 'personal', entityType: 'PERSON' })).toEqual({ entityType: 'PERSON', confidence: 0.9, mode: 'whole_value' });
    expect(classificationOfClass({ ...base, columnClass: 'identifier' })).toEqual({ entityType: null, confidence: 0.9, mode: 'none', identifier: true });
    expect(classificationOfClass({ ...base, columnClass: 'non_personal', ignoredEntityTypes: ['DATE_TIME'] })).toEqual({ entityType: null, confidence: 0.9, mode: 'none', ignoredEntityTypes: ['DATE_TIME'] });
  });

  it('keeps short field paths and bounds long ones with a hash, distinct per path', () => {
    expect(storedFieldName('contact.emails[]')).toBe('contact.emails[]');
    const long = `a.${'x'.repeat(5000)}`;
    const other = `a.${'x'.repeat(4999)}y`;
    expect(Buffer.byteLength(storedFieldName(long))).toBeLessThanOrEqual(MAX_STORED_FIELD_BYTES);
    expect(storedFieldName(long)).toMatch(/^a\.x+…#[0-9a-f]{16}$/);
    expect(storedFieldName(long)).not.toBe(storedFieldName(other));
    expect(storedFieldName(long)).toBe(storedFieldName(`a.${'x'.repeat(5000)}`));
    expect(Buffer.byteLength(storedFieldName('é'.repeat(300)))).toBeLessThanOrEqual(MAX_STORED_FIELD_BYTES);
  });
});
