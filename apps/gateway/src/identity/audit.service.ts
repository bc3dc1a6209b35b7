import { Injectable } from '@nestjs/common';
import { AuditLogRepository } from './audit-log.repository';
import { CURSOR_SHAPES, CursorPage, cursorKey, cursorPageOf, sortDirection, textKey } from '@atlas/platform';
import { AuditEntryResponse, auditEntryResponse, AuditQuery } from './dto/audit.dto';

/** Reads the audit log for admins (entries are written by the services that make the changes). */
@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditLogRepository) {}

  async list(query: AuditQuery): Promise<CursorPage<AuditEntryResponse>> {
    const scope = `audit:${query.sort}`;
    const after = cursorKey(query.cursor, scope, textKey(CURSOR_SHAPES.positiveInteger))?.[0] as string | undefined;
    const rows = await this.audit.list(after, query.limit + 1, sortDirection(query.sort).descending);
    return cursorPageOf(rows, query.limit, scope, (row) => [row.id], auditEntryResponse);
  }
}
