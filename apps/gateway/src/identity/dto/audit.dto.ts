import { ApiProperty } from '@nestjs/swagger';
import { LIST_SORTS, ListSort } from '@atlas/contracts';
import { CursorPageQuery, SortQuery } from '@atlas/platform';
import { AuditRow } from '../audit-log.repository';

export class AuditEntryResponse {
  @ApiProperty() id: string;
  @ApiProperty() at: string;
  @ApiProperty({ description: 'user:<id>, api-key:<id>, environment-key:<fingerprint>, anonymous or system' }) actor: string;
  @ApiProperty({ example: 'user.created' }) action: string;
  @ApiProperty({ nullable: true, type: String }) targetType: string | null;
  @ApiProperty({ nullable: true, type: String }) targetId: string | null;
  @ApiProperty({ enum: ['succeeded', 'failed'] }) outcome: 'succeeded' | 'failed';
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
}

/** Entries by time (their ids grow with it: the unique key), newest first by default. */
export class AuditQuery extends CursorPageQuery {
  @SortQuery(LIST_SORTS.audit)
  sort: ListSort<'audit'> = LIST_SORTS.audit[0];
}

export class AuditPage {
  @ApiProperty({ type: [AuditEntryResponse] }) items: AuditEntryResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export function auditEntryResponse(row: AuditRow): AuditEntryResponse {
  return { ...row, at: row.at.toISOString() };
}
