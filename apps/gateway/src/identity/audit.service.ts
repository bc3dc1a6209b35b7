import { Injectable } from '@nestjs/common';
import { AuditLogRepository } from './audit-log.repository';
import { decodeCursor, Page, PageQuery, pageOf } from './cursor-page';
import { AuditEntryResponse, auditEntryResponse } from './dto/audit.dto';

const AUDIT_ID_SHAPE = /^[1-9]\d{0,18}$/;

/** Reads the audit log for admins (entries are written by the services that make the changes). */
@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditLogRepository) {}

  async list(query: PageQuery): Promise<Page<AuditEntryResponse>> {
    const rows = await this.audit.list(decodeCursor(query.cursor, AUDIT_ID_SHAPE), query.limit + 1);
    return pageOf(rows, query.limit, (row) => row.id, auditEntryResponse);
  }
}
