import { Controller, Get, Query } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuditService } from './audit.service';
import { Page, PageQuery } from './cursor-page';
import { AuditEntryResponse, AuditPage } from './dto/audit.dto';
import { ProblemDetails, RequiresPermission } from './endpoint-permission';

@ApiTags('audit')
@ProblemDetails()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequiresPermission('audit:read', 'Read the audit log, newest first (cursor pagination)')
  @ApiResponse({ status: 200, type: AuditPage })
  list(@Query() query: PageQuery): Promise<Page<AuditEntryResponse>> {
    return this.audit.list(query);
  }
}
