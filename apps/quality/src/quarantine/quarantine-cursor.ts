import { BadRequestException } from '@nestjs/common';

/** A position in the quarantine listing: the quarantine time (microseconds, UTC) and record id of the last row served. */
export interface QuarantineCursor {
  quarantinedAt: string;
  recordId: string;
}

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Opaque to clients: base64url of the JSON pair. Microseconds are kept (a JS Date would drop them and repeat rows). */
export function encodeCursor(cursor: QuarantineCursor): string {
  return Buffer.from(JSON.stringify([cursor.quarantinedAt, cursor.recordId]), 'utf8').toString('base64url');
}

/** Refuses (400) anything this API did not hand out, without echoing it. */
export function decodeCursor(text: string): QuarantineCursor {
  let pair: unknown;
  try {
    pair = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    pair = undefined;
  }
  if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string' || !TIME.test(pair[0]) || !UUID.test(pair[1])) {
    throw new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'cursor_invalid', message: 'cursor is not one this API returned (pass nextCursor unchanged)' });
  }
  return { quarantinedAt: pair[0], recordId: pair[1] };
}
