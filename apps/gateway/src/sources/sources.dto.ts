import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { LIST_SORTS, ListSort, SOURCE_ID_PATTERN } from '@atlas/contracts';
import { CursorPageQuery, SortQuery } from '@atlas/platform';

const SOURCE_ID = new RegExp(SOURCE_ID_PATTERN);
const SOURCE_ID_MESSAGE = 'sourceId must be 1-63 lowercase letters, digits, "_" or "-"';

/** The connector's own bounds, checked here first so a malformed request never leaves the gateway. */
export class CreateSourceBody {
  @ApiProperty({ example: 'people', pattern: SOURCE_ID_PATTERN })
  @Matches(SOURCE_ID, { message: SOURCE_ID_MESSAGE })
  sourceId: string;

  @ApiProperty({ example: 'file', description: 'A registered source type (GET /api/v1/connectors)' })
  @IsString()
  @MaxLength(64)
  type: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: "Matches the type's spec (checked by the connector)", example: { path: 'people.csv', format: 'csv' } })
  @IsObject()
  config: Record<string, unknown>;

  @ApiPropertyOptional({ example: '0 * * * *', description: 'Cron expression, stored with the source' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  schedule?: string;
}

export class SourceIdParams {
  @ApiProperty({ example: 'people', pattern: SOURCE_ID_PATTERN })
  @Matches(SOURCE_ID, { message: SOURCE_ID_MESSAGE })
  sourceId: string;
}

export class SourceRunParams {
  @ApiProperty({ format: 'uuid' })
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'runId must be a UUID' })
  runId: string;
}

export class ProfileQuery {
  @ApiProperty({ required: false, format: 'uuid', description: "A run of the source; by default its latest profiled run" })
  @IsOptional()
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'runId must be a UUID' })
  runId?: string;
}

export class ContractDraftQuery extends ProfileQuery {
  @ApiPropertyOptional({ enum: ['json', 'yaml'], default: 'json', description: 'yaml: the same document as application/yaml, to edit and post back as JSON' })
  @IsOptional()
  @IsIn(['json', 'yaml'], { message: 'format must be json or yaml' })
  format?: 'json' | 'yaml';
}

export class SourcesQuery extends CursorPageQuery {
  @SortQuery(LIST_SORTS.sources)
  sort: ListSort<'sources'> = LIST_SORTS.sources[0];
}

export class SourceRunsQuery extends CursorPageQuery {
  @ApiPropertyOptional({ description: 'Only the runs of this source' })
  @IsOptional()
  @Matches(SOURCE_ID, { message: SOURCE_ID_MESSAGE })
  sourceId?: string;

  @SortQuery(LIST_SORTS.sourceRuns)
  sort: ListSort<'sourceRuns'> = LIST_SORTS.sourceRuns[0];
}

export class UploadQuery {
  @ApiProperty({ example: 'people.csv', description: 'File name (letters, digits, ".", "_", "-")' })
  @IsString()
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ enum: ['csv', 'jsonl'], description: 'Default: from the name (.jsonl) or csv' })
  @IsOptional()
  @IsIn(['csv', 'jsonl'])
  format?: 'csv' | 'jsonl';

  @ApiPropertyOptional({ example: ';' })
  @IsOptional()
  @IsString()
  @MaxLength(1)
  delimiter?: string;

  @ApiPropertyOptional({ enum: ['utf-8', 'latin1'] })
  @IsOptional()
  @IsIn(['utf-8', 'latin1'])
  encoding?: 'utf-8' | 'latin1';
}
