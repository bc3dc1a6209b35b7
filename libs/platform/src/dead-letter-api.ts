import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { LIST_SORTS, ListSort, SOURCE_ID_PATTERN } from '@atlas/contracts';
import { CursorPageQuery, SortQuery } from './pagination';

/** Largest id a dead letter can have (a bigint identity read as a JS number). */
export const MAX_DEAD_LETTER_ID = Number.MAX_SAFE_INTEGER;
const SERVICE_NAME = /^[a-z][a-z-]{0,62}$/;

/**
 * The dead-letter API, the same on the connector (which stores them) and the gateway (which serves
 * them and checks queries at the door).
 */
export class DeadLettersQuery extends CursorPageQuery {
  @ApiPropertyOptional({ description: 'Only the dead letters of this source', pattern: SOURCE_ID_PATTERN })
  @IsOptional()
  @Matches(new RegExp(SOURCE_ID_PATTERN), { message: 'sourceId must be 1-63 lowercase letters, digits, "_" or "-"' })
  sourceId?: string;

  @ApiPropertyOptional({ description: 'Only the dead letters of this run' })
  @IsOptional()
  @MaxLength(200, { message: 'runId must be at most 200 characters' })
  @Matches(/^[A-Za-z0-9._:-]+$/, { message: 'runId must be letters, digits, ".", "_", ":" or "-"' })
  runId?: string;

  @ApiPropertyOptional({ description: 'Only the dead letters of this service (connector, pii-detection, quality, lineage, gateway)' })
  @IsOptional()
  @Matches(SERVICE_NAME, { message: 'service must be a service name (lowercase letters and "-")' })
  service?: string;

  @SortQuery(LIST_SORTS.deadLetters, 'Order of arrival ("-" first: newest first)')
  sort: ListSort<'deadLetters'> = LIST_SORTS.deadLetters[0];
}

export class DeadLetterParams {
  @ApiProperty({ description: 'The id a list of dead letters gives', minimum: 1 })
  @Type(() => Number)
  @IsInt({ message: 'deadLetterId must be a whole number' })
  @Min(1, { message: 'deadLetterId must be a positive whole number' })
  @Max(MAX_DEAD_LETTER_ID, { message: 'deadLetterId is too large' })
  deadLetterId: number;
}

export class DeadLetterSourceResponse {
  @ApiProperty({ description: 'The topic the record was read from, or source:<id> for a record a run could not read' }) topic: string;
  @ApiProperty() partition: number;
  @ApiProperty({ description: 'Kafka offset (or the row read in the run), a decimal string' }) offset: string;
  @ApiPropertyOptional({ description: "The record's index in its run" }) index?: number;
  @ApiPropertyOptional() sourceId?: string;
  @ApiPropertyOptional() runId?: string;
  @ApiPropertyOptional({ description: 'Where the record was read in its source (file and line, page and index ...)' }) location?: string;
}

export class DeadLetterResponse {
  @ApiProperty() deadLetterId: number;
  @ApiProperty({ description: 'Why the record could not be processed (never quotes a value)' }) reason: string;
  @ApiProperty({ description: 'The service that dead-lettered it' }) service: string;
  @ApiProperty({ format: 'date-time' }) failedAt: string;
  @ApiProperty({ type: DeadLetterSourceResponse }) source: DeadLetterSourceResponse;
  @ApiProperty({ description: 'Whether the original value was kept (sealed: only an audited unseal with pii:reveal opens it)' }) originalValueKept: boolean;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
}

export class DeadLetterPage {
  @ApiProperty({ type: [DeadLetterResponse] }) items: DeadLetterResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= (same sort and filters) for the next page; null on the last page' }) nextCursor: string | null;
}

export class UnsealedDeadLetter {
  @ApiProperty({ type: DeadLetterSourceResponse }) source: DeadLetterSourceResponse;
  @ApiProperty({ description: 'The original message value, byte for byte, in base64. Handle as personal data: never store or log it.' }) originalValueBase64: string;
}
