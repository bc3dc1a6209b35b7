import { isValidDeaNumber, isValidItin, isValidNhsNumber, isValidSsn } from './us-ids';

describe('US / UK identifier validators', () => {
  it('SSN: accepts ordinary numbers', () => {
    expect(isValidSsn('536-32-3065')).toBe(true);
    expect(isValidSsn('078-05-1121')).toBe(true);
  });
  it.each(['000-12-3456', '666-12-3456', '912-70-1234', '123-00-4567', '123-45-0000', '111-11-1111', '123-45-6789', '078-05-1120', '12-345-678'])(
    'SSN: rejects %s',
    (v) => {
      expect(isValidSsn(v)).toBe(false);
    },
  );
  it('ITIN: 9xx with the group ranges', () => {
    expect(isValidItin('912-70-1234')).toBe(true);
    expect(isValidItin('900-94-0001')).toBe(true);
    expect(isValidItin('912-69-1234')).toBe(false);
    expect(isValidItin('912-93-1234')).toBe(false);
    expect(isValidItin('812-70-1234')).toBe(false);
  });
  it('DEA: checksum', () => {
    expect(isValidDeaNumber('AB1234563')).toBe(true);
    expect(isValidDeaNumber('BJ6125341')).toBe(true);
    expect(isValidDeaNumber('AB1234564')).toBe(false);
    expect(isValidDeaNumber('IB1234563')).toBe(false); // I is not a registrant type
  });
  it('NHS: mod-11', () => {
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
    expect(isValidNhsNumber('4010232137')).toBe(true);
    expect(isValidNhsNumber('943 476 5918')).toBe(false);
    expect(isValidNhsNumber('1111111111')).toBe(false);
  });
});
