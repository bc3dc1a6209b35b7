import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@atlas/auth';
import { ProblemDetails } from '../identity/endpoint-permission';
import { ApiCursorPage, CursorPage } from '@atlas/platform';
import { FindingCountPage, FindingCountResponse, FindingsQuery } from './dto/findings-query.dto';
import { FindingsService } from './findings.service';

@ApiTags('pii')
@ApiBearerAuth()
@ProblemDetails()
@Controller('api/v1/pii')
export class FindingsController {
  constructor(private readonly findings: FindingsService) {}

  /** Personal data found, by dataset (source), field and entity type. Counts only, never values. */
  @Get('findings')
  @RequirePermission('findings:read')
  @ApiCursorPage()
  @ApiResponse({ status: 200, type: FindingCountPage, description: '{items, nextCursor}: findings counted per source, field and entity type, in that order' })
  report(@Query() query: FindingsQuery): Promise<CursorPage<FindingCountResponse>> {
    return this.findings.report(query);
  }
}
