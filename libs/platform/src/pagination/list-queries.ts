import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { LIST_SORTS, SOURCE_ID_PATTERN } from '@atlas/contracts';
import { CursorPageQuery, SortQuery } from './cursor-page';

type Sorts = readonly [string, ...string[]];

/**
 * The query class of a list (`?limit=&cursor=&sort=`) over its entry in LIST_SORTS, the first sort
 * the default. The gateway and the service serving the list extend the same class with the list's
 * filters, so the two sides cannot disagree on a bound.
 */
export function SortedPageQuery<const Orders extends Sorts>(orders: Orders, description?: string) {
  class SortedQuery extends CursorPageQuery {
    @SortQuery(orders, description)
    sort: Orders[number] = orders[0];
  }
  return SortedQuery;
}

export const LINEAGE_SEARCH_FILTERS = ['DATASET', 'JOB'] as const;

const SOURCE_ID_MESSAGE = 'sourceId must be 1-63 lowercase letters, digits, "_" or "-", starting with a letter or digit';

/** `GET /api/v1/quality/results`: a source's check results, the latest evaluated first. */
export class CheckResultsQuery extends SortedPageQuery(LIST_SORTS.checkResults, 'Latest evaluated first (then run, contract, version and check, descending)') {
  @ApiProperty({ example: 'orders' })
  @Matches(new RegExp(SOURCE_ID_PATTERN), { message: SOURCE_ID_MESSAGE })
  sourceId: string;

  @ApiPropertyOptional({ example: 'orders.amount.maximum', description: 'Only this check' })
  @IsOptional()
  @IsString()
  @MaxLength(1024, { message: 'checkId must be at most 1024 characters' })
  checkId?: string;
}

/** `GET /api/v1/quality/runs/{runId}/windows`: the windows of a run's aggregate checks. */
export class RunWindowsQuery extends SortedPageQuery(LIST_SORTS.runWindows, 'By contract, version and check, then window start') {}

/** `GET /api/v1/quality/anomalies`: the points of a source's anomaly detection checks, the latest first. */
export class AnomalyPointsQuery extends SortedPageQuery(LIST_SORTS.anomalyPoints, "Latest point first (its window's latest ingestion; then run, contract, version, check and window, descending)") {
  @ApiProperty({ example: 'orders' })
  @Matches(new RegExp(SOURCE_ID_PATTERN), { message: SOURCE_ID_MESSAGE })
  sourceId: string;

  @ApiPropertyOptional({ example: 'orders-volume', description: 'Only this check' })
  @IsOptional()
  @IsString()
  @MaxLength(1024, { message: 'checkId must be at most 1024 characters' })
  checkId?: string;

  @ApiPropertyOptional({ default: false, description: 'Only the anomalous points' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'anomalous must be true or false' })
  anomalous: boolean = false;
}

/** `GET /api/v1/contracts`: stored contracts by id, each with its versions and where it is active. */
export class ContractsQuery extends SortedPageQuery(LIST_SORTS.contracts, 'By contract id') {}

/** `GET /api/v1/policies`: the newest version of every protection policy, by policy id. */
export class PoliciesQuery extends SortedPageQuery(LIST_SORTS.policies, 'By policy id') {}

/** `GET /api/v1/pii/classifications`: how each column of one source is classified, by field. */
export class ClassificationsQuery extends SortedPageQuery(LIST_SORTS.classifications, 'By field path') {
  @ApiProperty({ example: 'people', description: 'The source whose columns to list' })
  @Matches(new RegExp(SOURCE_ID_PATTERN), { message: SOURCE_ID_MESSAGE })
  sourceId: string;
}

/** `GET /api/v1/lineage/runs/{runId}/events`: a run's OpenLineage events and its stage runs', oldest first. */
export class RunEventsQuery extends SortedPageQuery(LIST_SORTS.runEvents, 'Oldest event first (then event id)') {}

/** The Marquez-compatible listings of namespaces, datasets and jobs, by name. */
export class LineageNamesQuery extends SortedPageQuery(LIST_SORTS.lineageNames, 'By name') {}

/** The Marquez-compatible listings of dataset and job versions, newest first. */
export class LineageVersionsQuery extends SortedPageQuery(LIST_SORTS.lineageVersions, 'Newest first (then version id)') {}

/** The Marquez-compatible listing of a job's runs, newest first. */
export class LineageRunsQuery extends SortedPageQuery(LIST_SORTS.lineageRuns, 'Newest first (then run id)') {}

/**
 * Marquez's `GET /api/v1/search` (here `/api/v1/lineage/search`): datasets and jobs whose name holds
 * the text, case-insensitively, paged by cursor like every list.
 */
export class LineageSearchQuery extends SortedPageQuery(LIST_SORTS.lineageSearch, 'By name (then namespace, type), or most recently seen first (then name, namespace, type, descending)') {
  @ApiProperty({ description: 'Text the name must contain (case-insensitive; no wildcards)', example: 'customers', minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1, { message: 'q must be 1-200 characters' })
  @MaxLength(200, { message: 'q must be 1-200 characters' })
  q: string;

  @ApiPropertyOptional({ enum: LINEAGE_SEARCH_FILTERS, description: 'Only datasets or only jobs' })
  @IsOptional()
  @IsIn(LINEAGE_SEARCH_FILTERS, { message: 'filter must be DATASET or JOB' })
  filter?: (typeof LINEAGE_SEARCH_FILTERS)[number];

  @ApiPropertyOptional({ description: 'Only this namespace', maxLength: 1024 })
  @IsOptional()
  @IsString()
  @MaxLength(1024, { message: 'namespace must be at most 1024 characters' })
  namespace?: string;
}
