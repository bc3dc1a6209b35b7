import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { JsonObject } from '@atlas/ingestion';
import { DelimitedRecordSplitter, DelimitedUnit } from './delimited-records';

export interface FileFormat {
  format: 'csv' | 'jsonl';
  encoding: 'utf-8' | 'latin1';
  delimiter: string;
  quote: string;
  header: boolean;
}

/** Where reading resumes: a byte offset at a record boundary, its line, and the CSV header read before it. */
export interface FilePosition {
  offset: number;
  line: number;
  columns?: string[];
}

export type FileUnit =
  | { kind: 'record'; payload: JsonObject; line: number; next: FilePosition }
  | { kind: 'malformed'; reason: string; line: number; raw: Buffer | null; next: FilePosition };

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const CHUNK_BYTES = 64 * 1024;
/** How much of a file's start identifies it: a checkpoint is resumed only in a file that still starts the same. */
export const HEAD_BYTES = 64 * 1024;

/** sha256 of the file's first `length` bytes. */
export async function headDigest(path: string, length: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return createHash('sha256').update(buffer.subarray(0, bytesRead)).digest('hex');
  } finally {
    await handle.close();
  }
}

/** Header names made usable as keys: a blank one is `column_<n>`, a repeated one gets `_<k>`. */
export function columnNames(header: string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((raw, index) => {
    const base = raw.trim() === '' ? `column_${index + 1}` : raw;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}_${count}`;
  });
}

/** Decodes one record's fields, or undefined when its bytes are not valid in the file's encoding. */
function decoderFor(encoding: FileFormat['encoding']): (record: Buffer, fields: Buffer[]) => string[] | undefined {
  if (encoding === 'latin1') return (_record, fields) => fields.map((field) => field.toString('latin1'));
  // One native validation of the whole record, then plain conversions: far cheaper than a fatal decoder per field.
  return (record, fields) => (isUtf8(record) ? fields.map((field) => field.toString('utf8')) : undefined);
}

/**
 * Reads a CSV or JSON Lines file as a stream of records and malformed units, from `start` (a
 * checkpoint) or the beginning. Never holds more than one chunk and one record: a file of any size
 * reads in constant memory. Every unit says the position after it, for checkpoints.
 */
export async function* readFileUnits(path: string, format: FileFormat, maxRecordBytes: number, start: FilePosition | null, signal?: AbortSignal): AsyncGenerator<FileUnit> {
  let offset = start?.offset ?? 0;
  if (offset === 0 && format.encoding === 'utf-8') {
    const head = Buffer.alloc(3);
    const handle = await open(path, 'r');
    try {
      const { bytesRead } = await handle.read(head, 0, 3, 0);
      if (bytesRead === 3 && head.equals(UTF8_BOM)) offset = 3;
    } finally {
      await handle.close();
    }
  }
  const csv = format.format === 'csv';
  const splitter = new DelimitedRecordSplitter(
    { delimiter: csv ? format.delimiter.charCodeAt(0) : undefined, quote: format.quote.charCodeAt(0), maxRecordBytes },
    offset,
    start?.line ?? 1,
  );
  const decode = decoderFor(format.encoding);
  let columns = start?.columns ?? (csv && format.header ? undefined : []);
  const encodingReason = `the bytes are not valid ${format.encoding === 'utf-8' ? 'UTF-8 (is the file Latin-1? set encoding: latin1)' : format.encoding}`;

  const toUnit = (unit: DelimitedUnit): FileUnit | undefined => {
    const next: FilePosition = { offset: unit.end, line: unit.nextLine, ...(csv && columns ? { columns } : {}) };
    if (unit.kind === 'malformed') return { kind: 'malformed', reason: unit.reason, line: unit.line, raw: unit.raw, next };
    const texts = decode(unit.bytes, unit.fields);
    if (!texts) return { kind: 'malformed', reason: encodingReason, line: unit.line, raw: Buffer.from(unit.bytes), next };
    if (!csv) return jsonLineUnit(texts[0], unit.line, next);
    if (columns === undefined) {
      columns = columnNames(texts);
      return undefined;
    }
    if (columns.length === 0) columns = texts.map((_text, index) => `column_${index + 1}`);
    if (texts.length !== columns.length) {
      return { kind: 'malformed', reason: `the row has ${texts.length} fields where the header has ${columns.length}`, line: unit.line, raw: Buffer.from(unit.bytes), next };
    }
    const payload: JsonObject = {};
    columns.forEach((column, index) => (payload[column] = texts[index]));
    return { kind: 'record', payload, line: unit.line, next };
  };

  const stream = createReadStream(path, { start: offset, highWaterMark: CHUNK_BYTES });
  try {
    for await (const chunk of stream) {
      if (signal?.aborted) return;
      for (const unit of splitter.push(chunk as Buffer)) {
        const fileUnit = toUnit(unit);
        if (fileUnit) yield fileUnit;
      }
    }
    for (const unit of splitter.end()) {
      const fileUnit = toUnit(unit);
      if (fileUnit) yield fileUnit;
    }
  } finally {
    stream.destroy();
  }
}

function jsonLineUnit(text: string, line: number, next: FilePosition): FileUnit {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // Parse errors quote the input; only the position is kept.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    return { kind: 'malformed', reason: `the line is not valid JSON${position ? ` (at position ${position})` : ''}`, line, raw: Buffer.from(text), next };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'malformed', reason: 'the line does not hold a JSON object', line, raw: Buffer.from(text), next };
  }
  return { kind: 'record', payload: value as JsonObject, line, next };
}
