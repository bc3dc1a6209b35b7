import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  AnomalyPointsQuery,
  CheckResultsQuery,
  ClassificationsQuery,
  ContractsQuery,
  LineageNamesQuery,
  LineageRunsQuery,
  LineageSearchQuery,
  LineageVersionsQuery,
  PoliciesQuery,
  RunEventsQuery,
  RunWindowsQuery,
} from '@atlas/platform';
import { DatasetRowsQuery, DatasetsQuery } from './datasets/datasets.dto';
import { FindingsQuery } from './findings/dto/findings-query.dto';
import { ApiKeysQuery } from './identity/dto/api-key.dto';
import { AuditQuery } from './identity/dto/audit.dto';
import { UsersQuery } from './identity/dto/user.dto';
import { HeldCountsQuery, HeldReplaysQuery, QuarantineListQuery } from './quality/quality.dto';
import { SourceRunsQuery, SourcesQuery } from './sources/sources.dto';
import { SubjectRequestsQuery } from './subjects/dto/subject-request.dto';

type QueryClass = new () => object;

function parse(type: QueryClass, query: Record<string, string>): { value: Record<string, unknown>; problems: string[] } {
  const value = plainToInstance(type, query) as Record<string, unknown>;
  return { value: { ...value }, problems: validateSync(value).flatMap((error) => Object.values(error.constraints ?? {})) };
}

/** Every list of the public API, with the sorts it allows (the first is the default). */
const LISTS: Array<[string, QueryClass, string[]]> = [
  ['GET /api/v1/users', UsersQuery, ['createdAt', '-createdAt']],
  ['GET /api/v1/api-keys', ApiKeysQuery, ['createdAt', '-createdAt']],
  ['GET /api/v1/audit', AuditQuery, ['-at', 'at']],
  ['GET /api/v1/subject-requests', SubjectRequestsQuery, ['-createdAt', 'createdAt']],
  ['GET /api/v1/sources', SourcesQuery, ['createdAt', '-createdAt', 'sourceId']],
  ['GET /api/v1/source-runs', SourceRunsQuery, ['-createdAt', 'createdAt']],
  ['GET /api/v1/datasets', DatasetsQuery, ['datasetId']],
  ['GET /api/v1/datasets/{id}/rows', DatasetRowsQuery, ['key']],
  ['GET /api/v1/quarantine/records', QuarantineListQuery, ['quarantinedAt']],
  ['GET /api/v1/quarantine/held', HeldCountsQuery, ['sourceId']],
  ['GET /api/v1/quarantine/held-replays', HeldReplaysQuery, ['-requestedAt']],
  ['GET /api/v1/pii/findings', FindingsQuery, ['sourceId']],
  ['GET /api/v1/contracts', ContractsQuery, ['contractId']],
  ['GET /api/v1/policies', PoliciesQuery, ['policyId']],
  ['GET /api/v1/lineage/runs/{id}/events', RunEventsQuery, ['eventTime']],
  ['GET /api/v1/quality/runs/{id}/windows', RunWindowsQuery, ['checkId']],
  ['GET /api/v1/namespaces (and its datasets, jobs)', LineageNamesQuery, ['name']],
  ['GET /api/v1/namespaces/…/versions', LineageVersionsQuery, ['-createdAt']],
  ['GET /api/v1/namespaces/…/runs', LineageRunsQuery, ['-createdAt']],
];

/** Lists with a required filter: their query with it, and the filter's value. */
const FILTERED_LISTS: Array<[string, QueryClass, string[], Record<string, string>]> = [
  ['GET /api/v1/quality/results', CheckResultsQuery, ['-lastEvaluatedAt'], { sourceId: 'orders' }],
  ['GET /api/v1/quality/anomalies', AnomalyPointsQuery, ['-at'], { sourceId: 'orders' }],
  ['GET /api/v1/pii/classifications', ClassificationsQuery, ['field'], { sourceId: 'people' }],
  ['GET /api/v1/lineage/search', LineageSearchQuery, ['NAME', 'UPDATE_AT'], { q: 'orders' }],
];

describe.each(LISTS)('the query of %s', (_list, type, sorts) => {
  it('defaults to 50 items in its first sort', () => {
    expect(parse(type, {})).toEqual({ value: { limit: 50, sort: sorts[0] }, problems: [] });
  });

  it('takes 1-500 items, an opaque cursor and each allowed sort', () => {
    for (const sort of sorts) expect(parse(type, { limit: '500', cursor: 'WzEsImEiXQ', sort })).toEqual({ value: { limit: 500, cursor: 'WzEsImEiXQ', sort }, problems: [] });
    expect(parse(type, { limit: '1' }).problems).toEqual([]);
  });

  it('names what is wrong without quoting it', () => {
    expect(parse(type, { limit: '0' }).problems).toEqual(['limit must be 1-500']);
    expect(parse(type, { limit: '501' }).problems).toEqual(['limit must be 1-500']);
    expect(parse(type, { sort: 'secret' }).problems).toEqual(['sort must be one of the orders this list allows (the enum of sort in the OpenAPI document)']);
    expect(parse(type, { cursor: "x' OR 1=1" }).problems).toEqual(['cursor is not one this list returned (pass nextCursor unchanged)']);
  });
});

describe.each(FILTERED_LISTS)('the query of %s', (_list, type, sorts, required) => {
  const defaults = type === AnomalyPointsQuery ? { anomalous: false } : {};

  it('defaults to 50 items in its first sort, and takes 1-500 items, a cursor and each allowed sort', () => {
    expect(parse(type, required)).toEqual({ value: { limit: 50, sort: sorts[0], ...defaults, ...required }, problems: [] });
    for (const sort of sorts) expect(parse(type, { ...required, limit: '500', cursor: 'WzEsImEiXQ', sort }).problems).toEqual([]);
  });

  it('names what is wrong without quoting it, and requires its filter', () => {
    expect(parse(type, { ...required, limit: '501' }).problems).toEqual(['limit must be 1-500']);
    expect(parse(type, { ...required, sort: 'secret' }).problems).toEqual(['sort must be one of the orders this list allows (the enum of sort in the OpenAPI document)']);
    expect(parse(type, { ...required, cursor: "x' OR 1=1" }).problems).toEqual(['cursor is not one this list returned (pass nextCursor unchanged)']);
    const missing = parse(type, {}).problems;
    expect(missing.length > 0 && missing.every((problem) => problem.startsWith(`${Object.keys(required)[0]} must`))).toBe(true);
  });
});

describe('list filters', () => {
  it('are named after the item field they match', () => {
    expect(parse(SourceRunsQuery, { sourceId: 'people' }).value).toEqual({ limit: 50, sort: '-createdAt', sourceId: 'people' });
    expect(parse(QuarantineListQuery, { sourceId: 'orders', runId: '0190b8a4-6666-7000-8000-000000000001', status: 'all', checkId: 'orders.amount.minimum' }).problems).toEqual([]);
    expect(parse(HeldReplaysQuery, { sourceId: 'Not Valid' }).problems).toEqual(['sourceId must be 1-63 lowercase letters, digits, "_" or "-", starting with a letter or digit']);
    expect(parse(CheckResultsQuery, { sourceId: 'orders', checkId: 'x'.repeat(1025) }).problems).toEqual(['checkId must be at most 1024 characters']);
    expect(parse(AnomalyPointsQuery, { sourceId: 'orders', anomalous: 'true' }).value).toEqual({ limit: 50, sort: '-at', sourceId: 'orders', anomalous: true });
    expect(parse(AnomalyPointsQuery, { sourceId: 'orders', anomalous: 'yes' }).problems).toEqual(['anomalous must be true or false']);
    expect(parse(FindingsQuery, { runId: 'not-a-run' }).problems).toEqual(['runId must be a UUID']);
    expect(parse(LineageSearchQuery, { q: 'orders', filter: 'TABLE' }).problems).toEqual(['filter must be DATASET or JOB']);
  });
});
