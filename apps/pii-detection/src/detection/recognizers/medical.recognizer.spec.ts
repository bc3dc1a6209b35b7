import { found } from './pattern-detection.spec-helper';

describe('MEDICAL_LICENSE', () => {
  it('finds DEA numbers with a valid checksum', () => {
    expect(found('Prescriber DEA AB1234563 signed', 'MEDICAL_LICENSE')).toEqual(['AB1234563']);
    expect(found('registration BJ6125341.', 'MEDICAL_LICENSE')).toEqual(['BJ6125341']);
  });
  it('drops bad checksums and invalid first letters', () => {
    expect(found('DEA AB1234564 and IB1234563', 'MEDICAL_LICENSE')).toEqual([]);
  });
});

describe('UK_NHS', () => {
  it('finds mod-11-valid NHS numbers with context', () => {
    expect(found('NHS number 943 476 5919', 'UK_NHS')).toEqual(['943 476 5919']);
    expect(found('4010232137', 'UK_NHS', 'nhs_no')).toEqual(['4010232137']);
  });
  it('drops bad checksums and needs context for the phone-like shape', () => {
    expect(found('NHS number 943 476 5918', 'UK_NHS')).toEqual([]);
    expect(found('call 943-476-5919', 'UK_NHS')).toEqual([]);
  });
});
