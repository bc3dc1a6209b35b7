import { ApiProperty } from '@nestjs/swagger';
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

export class AuditPage {
  @ApiProperty({ type: [AuditEntryResponse] }) items: AuditEntryResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export function auditEntryResponse(row: AuditRow): AuditEntryResponse {
  return { ...row, at: row.at.toISOString() };
}
