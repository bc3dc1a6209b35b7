import { found } from './pattern-detection.spec-helper';

describe('US_SSN', () => {
  it('finds formatted SSNs (validated) and bare ones with context', () => {
    expect(found('My SSN is 536-32-3065.', 'US_SSN')).toEqual(['536-32-3065']);
    expect(found('ssn: 308-63-0237 on file', 'US_SSN')).toEqual(['308-63-0237']);
    expect(found('social security number 536323065', 'US_SSN')).toEqual(['536323065']);
    expect(found('536323065', 'US_SSN', 'ssn_last4')).toEqual(['536323065']);
  });
  it('applies the invalidation rules', () => {
    expect(found('SSN 000-12-3456, 666-12-3456, 123-00-4567, 123-45-0000, 111-11-1111, 078-05-1120, 123-45-6789', 'US_SSN')).toEqual([]);
    expect(found('SSN 912-34-5678', 'US_SSN')).toEqual([]);
  });
});

describe('US_ITIN', () => {
  it('finds ITINs (9xx, valid group)', () => {
    expect(found('ITIN 912-70-1234 issued', 'US_ITIN')).toEqual(['912-70-1234']);
    expect(found('taxpayer id 900 94 0001', 'US_ITIN')).toEqual(['900 94 0001']);
  });
  it('rejects wrong groups', () => {
    expect(found('ITIN 912-69-1234 and 912-93-1234', 'US_ITIN')).toEqual([]);
  });
});

describe('US_PASSPORT', () => {
  it('needs passport context', () => {
    expect(found('passport number 912803456', 'US_PASSPORT')).toEqual(['912803456']);
    expect(found('Passport: A12345678', 'US_PASSPORT')).toEqual(['A12345678']);
    expect(found('code A12345678 shipped', 'US_PASSPORT')).toEqual([]);
  });
});

describe('US_DRIVER_LICENSE', () => {
  it('finds state formats with context', () => {
    expect(found("My driver's license number is A56319335", 'US_DRIVER_LICENSE')).toEqual(['A56319335']);
    expect(found("My driver's license number is 425700624", 'US_DRIVER_LICENSE')).toEqual(['425700624']);
    expect(found('DL: M943688896309 (Michigan)', 'US_DRIVER_LICENSE')).toEqual(['M943688896309']);
    expect(found('LH329609T', 'US_DRIVER_LICENSE', 'drivers_license')).toEqual(['LH329609T']);
  });
  it('does not fall for the Presidio traps (A1, H1, INTRODUCTORY, substring "lic")', () => {
    expect(found('Use the A1 and H1 forms; INTRODUCTORY INTERVENTION, license D3', 'US_DRIVER_LICENSE')).toEqual([]);
    expect(found('duplicate public record A1234567 found', 'US_DRIVER_LICENSE')).toEqual([]);
    expect(found('driver license a5631933', 'US_DRIVER_LICENSE')).toEqual([]);
  });
});
