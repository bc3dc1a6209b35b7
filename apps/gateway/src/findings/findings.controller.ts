import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@atlas/auth';
import { ProblemDetails } from '../identity/endpoint-permission';
import { FindingCountResponse, FindingsQuery } from './dto/findings-query.dto';
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
  @ApiResponse({ status: 200, type: [FindingCountResponse] })
  async report(@Query() query: FindingsQuery): Promise<{ findings: FindingCountResponse[] }> {
    return { findings: await this.findings.report(query) };
  }
}
