import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { HeldRecordsHint } from '@atlas/contracts';
import { HeldRecordsHintResponse } from '../records/dto/push-records-response.dto';

/** The answers of the connector's sources, runs and uploads as the gateway relays them (apps/connector/src/sources). */
export class SourceResponse {
  @ApiProperty({ example: 'people' }) sourceId: string;
  @ApiProperty({ example: 'file', description: 'A registered source type (GET /api/v1/connectors)' }) type: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "The source's config, as its type's spec defines it" }) config: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String, description: 'Cron expression (UTC); null: runs start on request only' }) schedule: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export const SOURCE_RUN_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;

export class SourceRunResponse {
  @ApiProperty({ format: 'uuid' }) runId: string;
  @ApiProperty() sourceId: string;
  @ApiProperty({ enum: SOURCE_RUN_STATES }) state: (typeof SOURCE_RUN_STATES)[number];
  @ApiProperty({ description: 'Records and malformed rows read' }) recordsRead: number;
  @ApiProperty({ description: 'Records published into the pipeline' }) recordsPublished: number;
  @ApiProperty({ description: 'Malformed or refused records sent to the dead-letter topic' }) recordsDeadLettered: number;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true, description: "The connector's state (and the counts) every record before which is stored in Explore" })
  checkpoint: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the run failed (never a record value)' }) error: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) startedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) endedAt: string | null;
}

/** One run of a source as GET /api/v1/source-runs/{runId} answers it: with the `held` hint when its records wait for a contract. */
export class SourceRunWithHintResponse extends SourceRunResponse {
  @ApiPropertyOptional({
    type: HeldRecordsHintResponse,
    description: 'Present when the source has no active contract: its records are held in quarantine until one is activated (best effort)',
  })
  held?: HeldRecordsHint;
}

export class UploadResponse {
  @ApiProperty({ description: 'Where the file was stored, relative to CONNECTOR_FILE_DIRECTORY' }) path: string;
  @ApiProperty({ description: 'Bytes stored' }) bytes: number;
  @ApiProperty({ type: SourceRunResponse, description: 'The run that reads the file' }) run: SourceRunResponse;
}

export class SourceCheckResponse {
  @ApiProperty({ description: "True when the source's config reaches its data" }) ok: boolean;
  @ApiProperty({ description: 'What was checked, or what is wrong; never a secret or a record value' }) message: string;
}

export class DiscoveredStreamResponse {
  @ApiProperty() name: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "The JSON Schema inferred from a sample of the stream's records" }) schema: Record<string, unknown>;
  @ApiProperty({ description: 'Records the schema was inferred from' }) sampledRecords: number;
}

export class SourceDiscoveryResponse {
  @ApiProperty({ type: [DiscoveredStreamResponse] }) streams: DiscoveredStreamResponse[];
}
