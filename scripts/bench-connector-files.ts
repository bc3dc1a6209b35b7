/**
 * The benchmark files of `npm run bench:connectors`: the FakeNameGenerator sample (30 columns, about
 * 275 bytes a row) repeated, with a unique `Number`, streamed to disk (never held in memory) until it
 * has `rows` rows or at least `bytes` bytes.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { sharedDataFile } from './repository-root';

export type BenchFileFormat = 'csv' | 'jsonl';

/** Writes the file; answers its rows and bytes. */
export async function writeBenchFile(scriptDirectory: string, path: string, size: { rows: number } | { bytes: number }, format: BenchFileFormat): Promise<{ rows: number; bytes: number }> {
  const [header, ...sample] = readFileSync(sharedDataFile(scriptDirectory, 'presidio-research', 'FakeNameGenerator.com_3000.csv'), 'utf8').replace(/^\ufeff/, '').trim().split('\n');
  const columns = header.split(',');
  const output = createWriteStream(path);
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!output.write(text)) await once(output, 'drain');
  };
  if (format === 'csv') await write(`${header}\n`);
  let rows = 0;
  const more = () => ('rows' in size ? rows < size.rows : bytes < size.bytes);
  for (; more(); rows++) {
    const row = sample[rows % sample.length];
    if (format === 'csv') await write(`${rows},${row.slice(row.indexOf(',') + 1)}\n`);
    else await write(`${JSON.stringify(Object.fromEntries(row.split(',').map((value, column) => [columns[column] ?? `column_${column}`, column === 0 ? rows : value])))}\n`);
  }
  output.end();
  await once(output, 'finish');
  return { rows, bytes };
}
