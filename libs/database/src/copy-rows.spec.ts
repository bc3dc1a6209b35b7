import type { EntityManager } from 'typeorm';
import { copyRowsInto, copyTextChunks, copyTextLine, copyTextValue } from './copy-rows';

describe('COPY text encoding', () => {
  it('escapes exactly backslash, tab, line feed and carriage return, and writes NULL as \\N', () => {
    expect(copyTextValue(null)).toBe('\\N');
    expect(copyTextValue('')).toBe('');
    expect(copyTextValue('\\N')).toBe('\\\\N');
    expect(copyTextValue('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyTextValue('Zoë "quoted", ; | 😀 \u0001 \u007f')).toBe('Zoë "quoted", ; | 😀 \u0001 \u007f');
    // JSON keeps its own escapes: each backslash doubled, so PostgreSQL reads the JSON text back as written.
    expect(copyTextValue(JSON.stringify({ note: 'line1\nline2 "q" \\ tab\t' }))).toBe('{"note":"line1\\\\nline2 \\\\"q\\\\" \\\\\\\\ tab\\\\t"}');
    expect(copyTextValue('2026-11-30T10:00:00.000Z')).toBe('2026-11-30T10:00:00.000Z');
  });

  it('refuses NUL, which PostgreSQL text cannot hold', () => {
    expect(() => copyTextValue('a\u0000b')).toThrow(new RangeError('a NUL character cannot be copied into PostgreSQL'));
  });

  it('joins a row with tabs and ends it with a line feed', () => {
    expect(copyTextLine(['00000000-0000-4000-8000-000000000001', '42', null, 'true', '{"a":[1,2]}', 'x\ty'])).toBe('00000000-0000-4000-8000-000000000001\t42\t\\N\ttrue\t{"a":[1,2]}\tx\\ty\n');
  });

  it('sends rows in chunks that end at line ends', () => {
    const rows = Array.from({ length: 3000 }, (_unused, index) => [String(index), 'v'.repeat(60)]);
    const chunks = [...copyTextChunks(rows)];
    // 196,890 characters: three chunks of just over 64 KiB, then the rest.
    expect(chunks.map((chunk) => chunk.length)).toEqual([65550, 65538, 65538, 264]);
    expect(chunks.every((chunk) => chunk.endsWith('\n'))).toBe(true);
    expect(chunks.join('')).toBe(rows.map((row) => `${row[0]}\t${row[1]}\n`).join(''));
    expect([...copyTextChunks([])]).toEqual([]);
  });

  it('runs only inside the caller transaction', async () => {
    const outside = { queryRunner: undefined } as unknown as EntityManager;
    await expect(copyRowsInto(outside, 't', ['a'], [['1']])).rejects.toThrow('COPY runs inside the caller transaction (an EntityManager from DataSource.transaction)');
  });
});
