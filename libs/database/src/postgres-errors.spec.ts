import { describePostgresError, postgresErrorSummary, postgresFailureKind } from './postgres-errors';

/** The shape of node-postgres' DatabaseError, with the parts that quote input. */
function databaseError(code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error('invalid input syntax for type uuid: "jane@example.com"'), {
    severity: 'ERROR',
    code,
    detail: 'Key (field)=(jane@example.com) already exists.',
    ...extra,
  });
}

describe('postgresFailureKind', () => {
  it.each([
    ['08006', 'transient'],
    ['08001', 'transient'],
    ['53300', 'transient'],
    ['57P01', 'transient'],
    ['57P02', 'transient'],
    ['57P03', 'transient'],
    ['40001', 'transient'],
    ['40P01', 'transient'],
    ['42P01', 'transient'],
    ['22P05', 'permanent'],
    ['22021', 'permanent'],
    ['22P02', 'permanent'],
    ['23505', 'permanent'],
    ['54000', 'permanent'],
    ['54001', 'permanent'],
    ['08P01', 'permanent'],
    ['XX000', 'unknown'],
    ['57014', 'unknown'],
  ])('%s is %s', (code, kind) => {
    expect(postgresFailureKind(code)).toBe(kind);
  });
});

describe('postgresErrorSummary', () => {
  it('keeps the code, condition and identifiers, never the message, detail, query or parameters', () => {
    const queryFailed = Object.assign(new Error('duplicate key value'), {
      query: 'INSERT INTO …',
      parameters: ['jane@example.com'],
      driverError: databaseError('23505', { schema: 'gateway', table: 'pii_findings', constraint: 'pii_findings_pkey' }),
    });
    const summary = postgresErrorSummary(queryFailed);
    expect(summary).toEqual({ code: '23505', condition: 'unique_violation', schema: 'gateway', table: 'pii_findings', constraint: 'pii_findings_pkey' });
    expect(describePostgresError(summary!)).toBe('postgres 23505 unique_violation (table gateway.pii_findings, constraint pii_findings_pkey)');
  });

  it('names a code that is not listed by its class', () => {
    expect(postgresErrorSummary(databaseError('22P06'))).toEqual({ code: '22P06', condition: 'data_exception' });
    expect(describePostgresError({ code: '22P05', condition: 'untranslatable_character' })).toBe('postgres 22P05 untranslatable_character');
  });

  it('does not take a Node system error or a plain object for a PostgreSQL error', () => {
    expect(postgresErrorSummary(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBeUndefined();
    expect(postgresErrorSummary({ code: '22P05' })).toBeUndefined();
    expect(postgresErrorSummary('22P05')).toBeUndefined();
  });
});
