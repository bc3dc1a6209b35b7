import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyCaller, Caller } from '@atlas/auth';
import { ApiCursorPage, CursorPage } from '@atlas/platform';
import { ProblemDetails, RequiresPermission } from '../identity/endpoint-permission';
import { CreateSubjectRequestBody, SubjectRequestDetailResponse, SubjectRequestPage, SubjectRequestParams, SubjectRequestResponse, SubjectRequestsQuery } from './dto/subject-request.dto';
import { CreatedSubjectRequest, SubjectRequestsService } from './subject-requests.service';

@ApiTags('subject-requests')
@ProblemDetails()
@Controller('api/v1/subject-requests')
export class SubjectRequestsController {
  constructor(private readonly subjects: SubjectRequestsService) {}

  @Post()
  @RequiresPermission('subjects:manage', 'Create a data-subject request: access (export, also needs pii:reveal), rectification (`corrections`: field → new value) or erasure')
  @Header('Cache-Control', 'no-store')
  @ApiResponse({
    status: 201,
    description:
      'The request with what was found and covered; access: `export` holds the records (raw Explore payloads, protected Navigate and quarantine payloads) and vault tokens; ' +
      'erasure and rectification: each step done, or `lastError` and status in_progress when a service failed (it resumes at that step); ' +
      'rectification: `fields` names the corrected fields (the values are never answered)',
  })
  @ApiResponse({ status: 400, description: 'validation_failed (also: corrections missing for a rectification, or given for another type), reason_contains_identifier, reason_contains_correction' })
  @ApiServiceUnavailableResponse({ description: 'dependency_unavailable: a service could not be asked to locate the records; nothing was stored' })
  @ApiResponse({ status: 504, description: 'upstream_timeout: a service did not answer within SUBJECT_SERVICE_TIMEOUT_MS while locating the records; nothing was stored' })
  create(@Caller() caller: ApiKeyCaller, @Body() body: CreateSubjectRequestBody): Promise<CreatedSubjectRequest> {
    return this.subjects.create(caller, body);
  }

  @Get()
  @ApiCursorPage()
  @RequiresPermission('subjects:manage', 'List data-subject requests ({items, nextCursor}; ?sort=-createdAt (newest first, default)|createdAt)')
  @ApiResponse({ status: 200, type: SubjectRequestPage })
  list(@Query() query: SubjectRequestsQuery): Promise<CursorPage<SubjectRequestResponse>> {
    return this.subjects.list(query);
  }

  @Get(':id')
  @RequiresPermission('subjects:manage', 'One data-subject request: status, due date, steps and audit trail')
  @ApiResponse({ status: 200, type: SubjectRequestDetailResponse })
  @ApiResponse({ status: 404, description: 'subject_request_not_found' })
  get(@Param() params: SubjectRequestParams): Promise<SubjectRequestDetailResponse> {
    return this.subjects.get(params.id);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @RequiresPermission('subjects:manage', 'Run the remaining steps of an unfinished erasure or rectification now')
  @ApiResponse({ status: 200, type: SubjectRequestResponse })
  @ApiResponse({ status: 404, description: 'subject_request_not_found' })
  @ApiServiceUnavailableResponse({ description: 'dependency_unavailable: a step failed again (recorded; it resumes later)' })
  resume(@Caller() caller: ApiKeyCaller, @Param() params: SubjectRequestParams): Promise<SubjectRequestResponse> {
    return this.subjects.resume(caller, params.id);
  }
}
