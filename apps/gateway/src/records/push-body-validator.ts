import { HttpStatus } from '@nestjs/common';
import { firstProblemOf, isJsonObject, JsonObject, RecordLimits, RecordProblem, RecordRule, sizeProblemOf } from '@atlas/ingestion';

/** The limits a push body must keep; each is named after the variable that sets it. */
export interface PushLimits extends RecordLimits {
  MAX_RECORDS_PER_REQUEST: number;
}

export type { JsonObject, RecordProblem };
export type PushRule = RecordRule;
export { firstProblemOf };

export type PushBodyVerdict =
  | { accepted: true; records: JsonObject[]; recordBytes: number[] }
  | { accepted: false; status: HttpStatus; message: string; problems: RecordProblem[] };

export const MAX_LISTED_PROBLEMS = 20;

// Lengths, counts and sizes are "too large"; nesting and characters are malformed content.
const STATUS_OF_RULE: Record<RecordRule, HttpStatus> = {
  MAX_RECORD_BYTES: HttpStatus.PAYLOAD_TOO_LARGE,
  MAX_STRING_LENGTH: HttpStatus.PAYLOAD_TOO_LARGE,
  MAX_KEYS_PER_OBJECT: HttpStatus.PAYLOAD_TOO_LARGE,
  MAX_KEY_LENGTH: HttpStatus.PAYLOAD_TOO_LARGE,
  MAX_NESTING_DEPTH: HttpStatus.BAD_REQUEST,
  NUL_CHARACTER: HttpStatus.BAD_REQUEST,
  UNPAIRED_SURROGATE: HttpStatus.BAD_REQUEST,
};

function listed(indexes: number[]): string {
  const more = indexes.length > MAX_LISTED_PROBLEMS ? ` and ${indexes.length - MAX_LISTED_PROBLEMS} more` : '';
  return `${indexes.slice(0, MAX_LISTED_PROBLEMS).join(', ')}${more}`;
}

function refused(status: HttpStatus, message: string, problems: RecordProblem[] = []): PushBodyVerdict {
  return { accepted: false, status, message, problems };
}

/**
 * Decides a whole push before anything is published: the body's shape, then every record against
 * every limit. Nothing from the input is quoted back. Records are measured as JSON only once their
 * depth is known to be within the limit, so nothing recursive ever sees a too-deep value.
 */
export function validatePushBody(body: unknown, limits: PushLimits): PushBodyVerdict {
  if (!Array.isArray(body)) return refused(HttpStatus.BAD_REQUEST, 'The body must be a JSON array of record objects');
  if (body.length === 0) return refused(HttpStatus.BAD_REQUEST, 'The body holds no records');
  if (body.length > limits.MAX_RECORDS_PER_REQUEST) {
    return refused(
      HttpStatus.PAYLOAD_TOO_LARGE,
      `At most ${limits.MAX_RECORDS_PER_REQUEST} records per request (MAX_RECORDS_PER_REQUEST); split the push into several`,
    );
  }
  const notObjects = body.flatMap((record: unknown, index) => (isJsonObject(record) ? [] : [index]));
  if (notObjects.length > 0) {
    return refused(HttpStatus.BAD_REQUEST, `Every record must be a JSON object; not at index ${listed(notObjects)}. Nothing was accepted.`);
  }
  const records = body as JsonObject[];
  const problems: RecordProblem[] = [];
  const recordBytes: number[] = [];
  records.forEach((record, index) => {
    const problem = firstProblemOf(record, index, limits);
    if (problem) return void problems.push(problem);
    const bytes = Buffer.byteLength(JSON.stringify(record));
    recordBytes.push(bytes);
    const sizeProblem = sizeProblemOf(bytes, index, limits);
    if (sizeProblem) problems.push(sizeProblem);
  });
  if (problems.length === 0) return { accepted: true, records, recordBytes };
  const shown = problems.slice(0, MAX_LISTED_PROBLEMS);
  const more = problems.length > MAX_LISTED_PROBLEMS ? `; and ${problems.length - MAX_LISTED_PROBLEMS} more records` : '';
  const message = `Nothing was accepted: ${shown.map((problem) => `record ${problem.index}: ${problem.message}`).join('; ')}${more}.`;
  return refused(STATUS_OF_RULE[problems[0].rule], message, shown);
}
