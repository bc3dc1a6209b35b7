import { found } from './pattern-detection.spec-helper';

describe('DATE_TIME', () => {
  it('finds ISO, numeric, written dates and times', () => {
    expect(found('Created 1993-01-04 14:56:41 by admin', 'DATE_TIME')).toEqual(['1993-01-04 14:56:41']);
    expect(found('DOB 3/23/1940, renewed 23.03.2021', 'DATE_TIME')).toEqual(['3/23/1940', '23.03.2021']);
    expect(found('Born on 12 March 1990 in Leeds', 'DATE_TIME')).toEqual(['12 March 1990']);
    expect(found('Meeting on Jan 5, 2024 at 3:30 pm', 'DATE_TIME')).toEqual(['Jan 5, 2024', '3:30 pm']);
    expect(found("We'll meet Thursday", 'DATE_TIME')).toEqual(['Thursday']);
  });
  it('rejects impossible dates and bare numbers', () => {
    expect(found('on 2/30/2020 and 13/13/2020 and 2023-02-29', 'DATE_TIME')).toEqual([]);
    expect(found('for 8 years', 'DATE_TIME')).toEqual([]);
    expect(found('There are 1999 reasons', 'DATE_TIME')).toEqual([]);
  });
  it('a year alone needs context', () => {
    expect(found('born in 1999', 'DATE_TIME')).toEqual(['1999']);
    expect(found('1999', 'DATE_TIME', 'birth_year')).toEqual(['1999']);
  });
});
