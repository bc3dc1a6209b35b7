import { createAnalyzer } from './detection.factory';
import { detect, found } from './recognizers/pattern-detection.spec-helper';

// Masking what is not personal is a defect too: it destroys data people need.
describe('over-masking', () => {
  it('bare years are not dates, phones or anything else', () => {
    for (const text of ['1999', 'in 2024', 'Released in 2024, updated since 1999.', 'year 2023 revenue', 'FY2024 and 2025 plans', 'created 2021']) {
      expect([text, detect(text)]).toEqual([text, []]);
    }
  });

  it('a year after birth words, or in a birth field, is still a date', () => {
    expect(found('she was born in 1999', 'DATE_TIME')).toEqual(['1999']);
    expect(found('DOB: 1984', 'DATE_TIME')).toEqual(['1984']);
    expect(found('1999', 'DATE_TIME', 'birth_year')).toEqual(['1999']);
  });

  it('dotted version numbers are not dates, IPs or phones', () => {
    const versions = ['1.2.3', 'v2.10.4', '4.0.1-beta', 'version 10.4.2024', 'v1.2.3.4', 'build 2.3.45.678', '12.0.4.2 release', 'node 24.21.0', 'v6.10.12.2023', 'pkg@1.12.2023'];
    for (const version of versions) {
      expect([version, detect(`upgraded to ${version} today`)]).toEqual([version, []]);
      expect([version, detect(version, 'version')]).toEqual([version, []]);
    }
  });

  it('machine timestamps are not personal dates; birth dates written the same way are', () => {
    for (const text of ['2024-01-15T10:30:00Z', 'job ran 2024-01-15T10:30:00.123+01:00 ok', 'at 2023-11-02 08:15:42.931 INFO started', 'updated 2024-01-15T10:30:00Z']) {
      expect([text, detect(text)]).toEqual([text, []]);
    }
    expect(found('date of birth 1990-04-01T00:00:00Z', 'DATE_TIME')).toEqual(['1990-04-01T00:00:00Z']);
    expect(found('1990-04-01T00:00:00Z', 'DATE_TIME', 'dob')).toEqual(['1990-04-01T00:00:00Z']);
    // Dates and human-written date times stay dates.
    expect(found('When: 1993-01-04 14:56:41', 'DATE_TIME')).toEqual(['1993-01-04 14:56:41']);
    expect(found('on 2024-01-15', 'DATE_TIME')).toEqual(['2024-01-15']);
  });

  it('names, places and numbers in the same texts are untouched by the full analyzer too', () => {
    const analyzer = createAnalyzer();
    const text = 'Release v2.10.4 shipped in 2024; build 4.0.1-beta at 2024-01-15T10:30:00Z.';
    expect(analyzer.analyze(text)).toEqual([]);
  });
});
