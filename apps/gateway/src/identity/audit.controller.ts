import { Controller, Get, Query } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiCursorPage, CursorPage } from '@atlas/platform';
import { AuditService } from './audit.service';
import { AuditEntryResponse, AuditPage, AuditQuery } from './dto/audit.dto';
import { ProblemDetails, RequiresPermission } from './endpoint-permission';

@ApiTags('audit')
@ProblemDetails()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiCursorPage()
  @RequiresPermission('audit:read', 'Read the audit log ({items, nextCursor}; ?sort=-at (newest first, default)|at)')
  @ApiResponse({ status: 200, type: AuditPage })
  list(@Query() query: AuditQuery): Promise<CursorPage<AuditEntryResponse>> {
    return this.audit.list(query);
  }
}
