const LF = 0x0a;
const CR = 0x0d;

export interface DelimitedFormat {
  /** Field separator (one ASCII character) for CSV; absent for JSON Lines, where a line is one record. */
  delimiter?: number;
  /** Quote character (one ASCII character) for CSV. */
  quote?: number;
  /** A record longer than this (in bytes) is refused and skipped. */
  maxRecordBytes: number;
}

/**
 * One unit read from the byte stream, positioned by its first line (1-based) and its byte range;
 * `nextLine` is the line reading resumes on after it.
 */
export type DelimitedUnit =
  | { kind: 'record'; line: number; start: number; end: number; nextLine: number; fields: Buffer[]; bytes: Buffer }
  | { kind: 'malformed'; line: number; start: number; end: number; nextLine: number; reason: string; raw: Buffer | null };

type Attempt =
  | { status: 'incomplete' }
  | { status: 'record'; next: number; fields: Buffer[] }
  | { status: 'blank'; next: number }
  | { status: 'malformed'; next: number; reason: string };

/**
 * Splits a byte stream into records (RFC 4180 CSV, or lines), working on bytes: delimiters,
 * quotes and line feeds are ASCII, which never occur inside a multi-byte UTF-8 sequence or a
 * Latin-1 byte, so positions are exact byte offsets whatever the encoding. Memory is bounded by
 * `maxRecordBytes` plus one chunk. A malformed record is reported with its first line and skipped:
 * parsing resumes on the next line, so one broken quote costs one record, not the rest of the file.
 */
export class DelimitedRecordSplitter {
  private pending: Buffer = Buffer.alloc(0);
  /** Byte offset (in the file) of `pending[0]`. */
  private pendingOffset: number;
  /** Line number of `pending[0]`. */
  private pendingLine: number;
  /** Set while the rest of an oversized line is skipped (its bytes are not kept). */
  private skipping: { line: number; start: number } | undefined;

  constructor(
    private readonly format: DelimitedFormat,
    startOffset = 0,
    startLine = 1,
  ) {
    this.pendingOffset = startOffset;
    this.pendingLine = startLine;
  }

  /** The byte offset and line where the next unit starts: a position reading can resume from. */
  position(): { offset: number; line: number } {
    return { offset: this.pendingOffset, line: this.pendingLine };
  }

  /** Feeds a chunk; returns the units it completes. */
  push(chunk: Buffer): DelimitedUnit[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    return this.drain(false);
  }

  /** The end of the input: whatever remains is a last record (or a malformed one). */
  end(): DelimitedUnit[] {
    return this.drain(true);
  }

  private drain(final: boolean): DelimitedUnit[] {
    const units: DelimitedUnit[] = [];
    let position = 0;
    for (;;) {
      if (this.skipping) {
        const newline = this.pending.indexOf(LF, position);
        if (newline < 0 && !final) {
          this.consume(this.pending.length - position, 0);
          position = this.pending.length;
          break;
        }
        const end = newline < 0 ? this.pending.length : newline + 1;
        const { line, start } = this.skipping;
        this.skipping = undefined;
        this.consume(end - position, newline < 0 ? 0 : 1);
        units.push({ kind: 'malformed', line, start, end: this.pendingOffset, nextLine: this.pendingLine, reason: this.oversizedReason(), raw: null });
        position = end;
        continue;
      }
      if (position >= this.pending.length) break;
      const attempt = this.attempt(position, final);
      const line = this.pendingLine;
      const start = this.pendingOffset;
      if (attempt.status === 'incomplete') {
        if (this.pending.length - position <= this.format.maxRecordBytes) break;
        // Too long to be a record: refused, and reading resumes after its first line.
        const newline = this.pending.indexOf(LF, position);
        if (newline >= 0 && newline - position + 1 <= this.format.maxRecordBytes) {
          const raw = Buffer.from(this.pending.subarray(position, newline + 1));
          this.consume(newline + 1 - position, 1);
          units.push({ kind: 'malformed', line, start, end: this.pendingOffset, nextLine: this.pendingLine, reason: this.oversizedReason(), raw });
          position = newline + 1;
        } else {
          this.skipping = { line, start };
        }
        continue;
      }
      const bytes = this.pending.subarray(position, attempt.next);
      if (attempt.status === 'record' && bytes.length > this.format.maxRecordBytes) {
        this.consume(bytes.length, countLineFeeds(this.pending, position, attempt.next));
        units.push({ kind: 'malformed', line, start, end: this.pendingOffset, nextLine: this.pendingLine, reason: this.oversizedReason(), raw: null });
        position = attempt.next;
        continue;
      }
      const raw = attempt.status === 'malformed' ? Buffer.from(bytes) : null;
      this.consume(attempt.next - position, countLineFeeds(this.pending, position, attempt.next));
      if (attempt.status === 'record') units.push({ kind: 'record', line, start, end: this.pendingOffset, nextLine: this.pendingLine, fields: attempt.fields, bytes });
      if (attempt.status === 'malformed') units.push({ kind: 'malformed', line, start, end: this.pendingOffset, nextLine: this.pendingLine, reason: attempt.reason, raw });
      position = attempt.next;
    }
    this.pending = this.pending.subarray(position);
    return units;
  }

  private oversizedReason(): string {
    return `the record is longer than ${this.format.maxRecordBytes} bytes (MAX_RECORD_BYTES)`;
  }

  private consume(bytes: number, lineFeeds: number): void {
    this.pendingOffset += bytes;
    this.pendingLine += lineFeeds;
  }

  private attempt(start: number, final: boolean): Attempt {
    return this.format.delimiter === undefined ? this.attemptLine(start, final) : this.attemptCsv(start, final, this.format.delimiter, this.format.quote ?? 0x22);
  }

  private attemptLine(start: number, final: boolean): Attempt {
    const buffer = this.pending;
    const newline = buffer.indexOf(LF, start);
    if (newline < 0 && !final) return { status: 'incomplete' };
    const next = newline < 0 ? buffer.length : newline + 1;
    const contentEnd = newline < 0 ? buffer.length : newline > start && buffer[newline - 1] === CR ? newline - 1 : newline;
    const content = buffer.subarray(start, contentEnd);
    if (isBlank(content)) return { status: 'blank', next };
    return { status: 'record', next, fields: [content] };
  }

  private attemptCsv(start: number, final: boolean, delimiter: number, quote: number): Attempt {
    const buffer = this.pending;
    const fields: Buffer[] = [];
    let index = start;
    if (isLineEnd(buffer, index)) {
      const newline = buffer.indexOf(LF, index);
      if (newline < 0) return final ? { status: 'blank', next: buffer.length } : { status: 'incomplete' };
      return { status: 'blank', next: newline + 1 };
    }
    for (;;) {
      if (buffer[index] === quote) {
        // Quoted field: runs to the closing quote; a doubled quote is one quote character.
        const parts: Buffer[] = [];
        let segmentStart = index + 1;
        let cursor = index + 1;
        for (;;) {
          const closing = buffer.indexOf(quote, cursor);
          if (closing < 0) {
            return final ? this.malformed(start, final, 'a quoted field is not closed before the end of the file') : { status: 'incomplete' };
          }
          if (closing + 1 >= buffer.length && !final) return { status: 'incomplete' };
          if (buffer[closing + 1] === quote) {
            parts.push(buffer.subarray(segmentStart, closing + 1));
            segmentStart = closing + 2;
            cursor = closing + 2;
            continue;
          }
          parts.push(buffer.subarray(segmentStart, closing));
          index = closing + 1;
          break;
        }
        fields.push(parts.length === 1 ? parts[0] : Buffer.concat(parts));
        if (index < buffer.length && buffer[index] !== delimiter && buffer[index] !== LF && buffer[index] !== CR) {
          return this.malformed(start, final, 'a closing quote is followed by a character other than the delimiter or a line end');
        }
      } else {
        let cursor = index;
        while (cursor < buffer.length && buffer[cursor] !== delimiter && buffer[cursor] !== LF && buffer[cursor] !== CR) {
          if (buffer[cursor] === quote) return this.malformed(start, final, 'a quote appears inside an unquoted field');
          cursor++;
        }
        if (cursor >= buffer.length && !final) return { status: 'incomplete' };
        fields.push(buffer.subarray(index, cursor));
        index = cursor;
      }
      if (index >= buffer.length) return final ? { status: 'record', next: buffer.length, fields } : { status: 'incomplete' };
      if (buffer[index] === delimiter) {
        index++;
        if (index >= buffer.length && !final) return { status: 'incomplete' };
        if (index >= buffer.length) {
          fields.push(Buffer.alloc(0));
          return { status: 'record', next: buffer.length, fields };
        }
        continue;
      }
      // A line end closes the record: LF or CRLF.
      if (buffer[index] === CR) {
        if (index + 1 >= buffer.length && !final) return { status: 'incomplete' };
        if (buffer[index + 1] === LF) return { status: 'record', next: index + 2, fields };
        return this.malformed(start, final, 'a carriage return is not followed by a line feed');
      }
      return { status: 'record', next: index + 1, fields };
    }
  }

  /** A malformed record: skipped up to the end of its first line. */
  private malformed(start: number, final: boolean, reason: string): Attempt {
    const newline = this.pending.indexOf(LF, start);
    // Its line end may still be in the next chunk.
    if (newline < 0 && !final) return { status: 'incomplete' };
    return { status: 'malformed', next: newline < 0 ? this.pending.length : newline + 1, reason };
  }
}

function isLineEnd(buffer: Buffer, index: number): boolean {
  return buffer[index] === LF || (buffer[index] === CR && buffer[index + 1] === LF);
}

function isBlank(content: Buffer): boolean {
  for (const byte of content) if (byte !== 0x20 && byte !== 0x09 && byte !== CR) return false;
  return true;
}

function countLineFeeds(buffer: Buffer, from: number, to: number): number {
  let count = 0;
  for (let index = buffer.indexOf(LF, from); index >= 0 && index < to; index = buffer.indexOf(LF, index + 1)) count++;
  return count;
}
