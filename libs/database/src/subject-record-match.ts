/** What a subject's records are recognised by (see SubjectRecordMatch in @atlas/contracts). */
export interface SubjectMatchTerms {
  contains: readonly string[];
  containsIgnoringCase: readonly string[];
  recordIds: readonly string[];
}

/** A LIKE pattern finding `needle` anywhere: `%`, `_` and the escape character `\` are escaped. */
export function likeContaining(needle: string): string {
  return `%${needle.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * The WHERE condition matching a subject's rows of a per-record table (`record_id`, jsonb `payload`):
 * a known record id, or a needle in the payload's JSON text. Needles are searched as they appear in
 * that text (callers pass JSON-escaped strings). Binds three parameters from `firstParameter`.
 * A full scan of the table: linear in its size, one pass for every needle.
 */
export function subjectMatchCondition(terms: SubjectMatchTerms, firstParameter = 1): { sql: string; parameters: unknown[] } {
  const [ids, exact, ignoringCase] = [firstParameter, firstParameter + 1, firstParameter + 2];
  return {
    sql: `(record_id = ANY($${ids}::uuid[]) OR payload::text LIKE ANY($${exact}::text[]) OR payload::text ILIKE ANY($${ignoringCase}::text[]))`,
    parameters: [[...terms.recordIds], terms.contains.map(likeContaining), terms.containsIgnoringCase.map(likeContaining)],
  };
}
