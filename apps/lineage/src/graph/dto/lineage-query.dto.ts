import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const MAX_DEPTH = 20;
export const MAX_NODES = 10000;

export class LineageQuery {
  @ApiProperty({ description: 'dataset:{namespace}:{name} or job:{namespace}:{name}', example: 'dataset:kafka://localhost:9092:atlas.ingest.records.v1' })
  @IsString()
  @MaxLength(4096)
  nodeId: string;

  @ApiProperty({ required: false, default: 2, maximum: MAX_DEPTH, description: 'Edges to follow both ways, unless upstreamDepth or downstreamDepth says otherwise' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_DEPTH)
  depth = 2;

  @ApiProperty({ required: false, maximum: MAX_DEPTH, description: 'Edges to follow against their direction (towards sources)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_DEPTH)
  upstreamDepth?: number;

  @ApiProperty({ required: false, maximum: MAX_DEPTH, description: 'Edges to follow along their direction (towards consumers)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_DEPTH)
  downstreamDepth?: number;

  @ApiProperty({ required: false, default: 500, maximum: MAX_NODES, description: 'Most nodes returned, closest first; `truncated` says whether more were reachable' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_NODES)
  maxNodes = 500;

  @ApiProperty({ required: false, format: 'date-time', description: 'The graph as it was at this time (edges, nodes, schema versions and runs first seen by then)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}

export class NamespaceParams {
  @ApiProperty({ description: 'URL-encoded, e.g. kafka%3A%2F%2Flocalhost%3A9092' })
  @IsString()
  @MaxLength(4096)
  namespace: string;
}

export class JobParams extends NamespaceParams {
  @ApiProperty()
  @IsString()
  @MaxLength(4096)
  job: string;
}

export class DatasetParams extends NamespaceParams {
  @ApiProperty()
  @IsString()
  @MaxLength(4096)
  dataset: string;
}

export class PiiPropagationQueryDto {
  @ApiProperty({ example: 'kafka://localhost:9092' })
  @IsString()
  @MaxLength(4096)
  namespace: string;

  @ApiProperty({ example: 'atlas.explore.records.v1' })
  @IsString()
  @MaxLength(4096)
  name: string;

  @ApiProperty({ example: 'email' })
  @IsString()
  @MaxLength(4096)
  field: string;

  @ApiProperty({ required: false, default: 10, maximum: MAX_DEPTH, description: 'Column edges to follow downstream' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_DEPTH)
  depth = 10;

  @ApiProperty({ required: false, default: 1000, maximum: MAX_NODES })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_NODES)
  maxColumns = 1000;
}

export const MAX_COLUMN_EDGES = 5000;

export class ColumnLineageQueryDto {
  @ApiProperty({ description: 'dataset:{namespace}:{name}', example: 'dataset:kafka://atlas:atlas.explore.records.v1/people' })
  @IsString()
  @MaxLength(4096)
  nodeId: string;

  @ApiProperty({ required: false, default: 1000, maximum: MAX_COLUMN_EDGES, description: 'Most column edges returned; `truncated` says whether there were more' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_COLUMN_EDGES)
  maxEdges = 1000;

  @ApiProperty({ required: false, format: 'date-time', description: 'Only the column edges first seen by this time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}
