import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { LIST_SORTS, ListSort, SOURCE_ID_PATTERN } from '@atlas/contracts';
import { CursorPageQuery, SortQuery } from '@atlas/platform';
import { RunState } from '../run.entity';

const SOURCE_ID_MESSAGE = 'sourceId must be 1-63 lowercase letters, digits, "_" or "-"';
export class CreateSourceRequest {
  @ApiProperty({ example: 'people', pattern: SOURCE_ID_PATTERN })
  @Matches(new RegExp(SOURCE_ID_PATTERN), { message: SOURCE_ID_MESSAGE })
  sourceId: string;

  @ApiProperty({ example: 'file', description: 'A registered source type (GET /api/v1/connectors)' })
  @IsString()
  @MaxLength(64)
  type: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: "Matches the type's spec", example: { path: 'people.csv', format: 'csv' } })
  @IsObject()
  config: Record<string, unknown>;

  @ApiProperty({ required: false, example: '0 * * * *', description: 'Cron expression (5 fields, or 6 with seconds first; UTC): the connector starts a run at each tick, refused while a run of the source is active' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  schedule?: string;
}

export class SourceParams {
  @ApiProperty({ example: 'people', pattern: SOURCE_ID_PATTERN })
  @Matches(new RegExp(SOURCE_ID_PATTERN), { message: SOURCE_ID_MESSAGE })
  sourceId: string;
}

export class RunParams {
  @ApiProperty({ format: 'uuid' })
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'runId must be a UUID' })
  runId: string;
}

export class SourcesQuery extends CursorPageQuery {
  @SortQuery(LIST_SORTS.sources)
  sort: ListSort<'sources'> = LIST_SORTS.sources[0];
}

export class RunsQuery extends CursorPageQuery {
  @ApiProperty({ required: false, description: 'Only the runs of this source' })
  @IsOptional()
  @Matches(new RegExp(SOURCE_ID_PATTERN), { message: SOURCE_ID_MESSAGE })
  sourceId?: string;

  @SortQuery(LIST_SORTS.sourceRuns)
  sort: ListSort<'sourceRuns'> = LIST_SORTS.sourceRuns[0];
}

export class SourceResponse {
  @ApiProperty() sourceId: string;
  @ApiProperty() type: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) config: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) schedule: string | null;
  @ApiProperty() createdAt: string;
}

export class RunResponse {
  @ApiProperty() runId: string;
  @ApiProperty() sourceId: string;
  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] })
  @IsIn(['queued', 'running', 'succeeded', 'failed', 'cancelled'])
  state: RunState;
  @ApiProperty({ description: 'Records and malformed rows read' }) recordsRead: number;
  @ApiProperty({ description: 'Records published into the pipeline' }) recordsPublished: number;
  @ApiProperty({ description: 'Malformed or refused records sent to the dead-letter topic' }) recordsDeadLettered: number;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true, description: 'The connector state every record before which is stored in Explore' })
  checkpoint: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) startedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) endedAt: string | null;
}

export class TicksQuery {
  @ApiProperty({ required: false, default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class ScheduleTickResponse {
  @ApiProperty({ description: 'The tick of the schedule (UTC)' }) tickAt: string;
  @ApiProperty({ description: 'The connector replica that claimed it (host:pid)' }) claimedBy: string;
  @ApiProperty({ enum: ['started', 'overlap'], nullable: true, description: 'started a run, or refused it because a run of the source was active' }) outcome: 'started' | 'overlap' | null;
  @ApiProperty({ nullable: true, type: String }) runId: string | null;
}

export class UploadQuery {
  @ApiProperty({ example: 'people.csv', description: 'File name (letters, digits, ".", "_", "-")' })
  @IsString()
  @MaxLength(100)
  name: string;

  @ApiProperty({ required: false, enum: ['csv', 'jsonl'], description: 'Default: from the name (.jsonl) or csv' })
  @IsOptional()
  @IsIn(['csv', 'jsonl'])
  format?: 'csv' | 'jsonl';

  @ApiProperty({ required: false, example: ';' })
  @IsOptional()
  @IsString()
  @MaxLength(1)
  delimiter?: string;

  @ApiProperty({ required: false, enum: ['utf-8', 'latin1'] })
  @IsOptional()
  @IsIn(['utf-8', 'latin1'])
  encoding?: 'utf-8' | 'latin1';
}

export class UploadResponse {
  @ApiProperty({ description: 'Where the file was stored, relative to CONNECTOR_FILE_DIRECTORY' }) path: string;
  @ApiProperty() bytes: number;
  @ApiProperty({ type: RunResponse }) run: RunResponse;
}
