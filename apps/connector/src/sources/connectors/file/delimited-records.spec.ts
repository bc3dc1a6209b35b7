import { DelimitedRecordSplitter, DelimitedUnit } from './delimited-records';

const COMMA = 0x2c;
const QUOTE = 0x22;

/** Feeds the text in chunks of `chunkBytes` (every split point is exercised with 1) and describes each unit. */
function split(text: string | Buffer, options: { delimiter?: number; maxRecordBytes?: number; chunkBytes?: number } = {}) {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const splitter = new DelimitedRecordSplitter({ delimiter: options.delimiter, quote: QUOTE, maxRecordBytes: options.maxRecordBytes ?? 1000 });
  const units: DelimitedUnit[] = [];
  const chunk = options.chunkBytes ?? 1;
  for (let start = 0; start < bytes.length; start += chunk) units.push(...splitter.push(bytes.subarray(start, start + chunk)));
  units.push(...splitter.end());
  return {
    units: units.map((unit) =>
      unit.kind === 'record'
        ? { line: unit.line, start: unit.start, end: unit.end, fields: unit.fields.map((field) => field.toString('utf8')) }
        : { line: unit.line, start: unit.start, end: unit.end, reason: unit.reason, raw: unit.raw?.toString('utf8') ?? null },
    ),
    position: splitter.position(),
  };
}

describe('DelimitedRecordSplitter', () => {
  for (const chunkBytes of [1, 3, 1024]) {
    it(`splits CSV records with quotes, escaped quotes, embedded line breaks and CRLF (chunks of ${chunkBytes} bytes)`, () => {
      const text = 'name,note\r\nAda,"says ""hi"", twice"\r\n"Grace","two\nlines"\nKatherine,\n';
      expect(split(text, { delimiter: COMMA, chunkBytes })).toEqual({
        units: [
          { line: 1, start: 0, end: 11, fields: ['name', 'note'] },
          { line: 2, start: 11, end: 37, fields: ['Ada', 'says "hi", twice'] },
          { line: 3, start: 37, end: 57, fields: ['Grace', 'two\nlines'] },
          { line: 5, start: 57, end: 68, fields: ['Katherine', ''] },
        ],
        position: { offset: 68, line: 6 },
      });
    });
  }

  it('reads a last record without a line end, and skips blank lines while counting them', () => {
    expect(split('a,b\n\n1,2', { delimiter: COMMA }).units).toEqual([
      { line: 1, start: 0, end: 4, fields: ['a', 'b'] },
      { line: 3, start: 5, end: 8, fields: ['1', '2'] },
    ]);
  });

  it('reports broken quoting with the record line and its bytes, and resumes on the next line', () => {
    const text = 'a,b\nok,1\n"bad"x,2\nab"c,3\nfine,4\n"never closed,5\n';
    expect(split(text, { delimiter: COMMA }).units).toEqual([
      { line: 1, start: 0, end: 4, fields: ['a', 'b'] },
      { line: 2, start: 4, end: 9, fields: ['ok', '1'] },
      { line: 3, start: 9, end: 18, reason: 'a closing quote is followed by a character other than the delimiter or a line end', raw: '"bad"x,2\n' },
      { line: 4, start: 18, end: 25, reason: 'a quote appears inside an unquoted field', raw: 'ab"c,3\n' },
      { line: 5, start: 25, end: 32, fields: ['fine', '4'] },
      { line: 6, start: 32, end: 48, reason: 'a quoted field is not closed before the end of the file', raw: '"never closed,5\n' },
    ]);
  });

  it('refuses a record over the size limit, keeping memory bounded, and goes on with the next line', () => {
    const long = 'x'.repeat(100);
    const text = `a,b\n${long},1\n"${long}\n${long}",2\nok,3\n`;
    expect(split(text, { delimiter: COMMA, maxRecordBytes: 50, chunkBytes: 7 }).units).toEqual([
      { line: 1, start: 0, end: 4, fields: ['a', 'b'] },
      { line: 2, start: 4, end: 107, reason: 'the record is longer than 50 bytes (MAX_RECORD_BYTES)', raw: null },
      { line: 3, start: 107, end: 209, reason: 'the record is longer than 50 bytes (MAX_RECORD_BYTES)', raw: null },
      // The rest of the oversized quoted field is a line of its own, too long as well.
      { line: 4, start: 209, end: 313, reason: 'the record is longer than 50 bytes (MAX_RECORD_BYTES)', raw: null },
      { line: 5, start: 313, end: 318, fields: ['ok', '3'] },
    ]);
  });

  it('counts Latin-1 and multi-byte UTF-8 characters as the bytes they are', () => {
    const latin1 = Buffer.from('nom;ville\nJosé;Orléans\n', 'latin1');
    const result = split(latin1, { delimiter: 0x3b });
    expect(result.units[1]).toMatchObject({ line: 2, start: 10, end: 23 });
    expect(split('name\nJosé\n', { delimiter: COMMA }).units[1]).toEqual({ line: 2, start: 5, end: 11, fields: ['José'] });
  });

  it('splits JSON Lines into one record per line, CRLF or LF, skipping blank lines', () => {
    expect(split('{"a":1}\r\n\n  \n{"b":2}', {}).units).toEqual([
      { line: 1, start: 0, end: 9, fields: ['{"a":1}'] },
      { line: 4, start: 13, end: 20, fields: ['{"b":2}'] },
    ]);
  });

  it('starts at a checkpointed offset and line', () => {
    const splitter = new DelimitedRecordSplitter({ delimiter: COMMA, quote: QUOTE, maxRecordBytes: 100 }, 500, 40);
    expect(splitter.push(Buffer.from('1,2\n'))).toEqual([{ kind: 'record', line: 40, start: 500, end: 504, nextLine: 41, fields: [Buffer.from('1'), Buffer.from('2')], bytes: Buffer.from('1,2\n') }]);
    expect(splitter.position()).toEqual({ offset: 504, line: 41 });
  });
});
