import { Body, Controller, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@atlas/auth';
import { CursorPage, PoliciesQuery } from '@atlas/platform';
import { PolicyParams, PolicyVersionParams, PutPolicyRequest } from './policy.dto';
import { PolicyService, PolicyVersionView, PolicyView } from './policy.service';

@ApiTags('policies')
@ApiBearerAuth()
@Controller('api/v1/policies')
export class PoliciesController {
  constructor(private readonly policies: PolicyService) {}

  /** Adds the next version of the policy; earlier versions stay as they were. Needs pii:admin: a policy can switch protection off. */
  @Put(':policyId')
  @RequirePermission('pii:admin')
  @HttpCode(201)
  @ApiBody({ type: PutPolicyRequest })
  @ApiResponse({ status: 201, description: 'The new version' })
  @ApiResponse({ status: 400, description: 'Every problem of the body, listed' })
  @ApiResponse({ status: 403, description: 'A valid key without pii:admin (PII_ADMIN_API_KEYS)' })
  @ApiResponse({ status: 409, description: 'The source is governed by another policy' })
  put(@Param() params: PolicyParams, @Body() body: unknown): Promise<PolicyVersionView> {
    return this.policies.putPolicy(params.policyId, body);
  }

  @Get()
  @ApiResponse({ status: 200, description: '{ items: [the newest version of every policy], nextCursor }, by policy id' })
  list(@Query() query: PoliciesQuery): Promise<CursorPage<PolicyVersionView>> {
    return this.policies.listPolicies(query);
  }

  @Get(':policyId/versions/:version')
  @ApiResponse({ status: 200, description: 'That version as stored' })
  @ApiResponse({ status: 404, description: 'No such policy or version' })
  version(@Param() params: PolicyVersionParams): Promise<PolicyVersionView> {
    return this.policies.getVersion(params.policyId, params.version);
  }

  @Get(':policyId')
  @ApiResponse({ status: 200, description: 'The latest version and the list of versions' })
  get(@Param() params: PolicyParams): Promise<PolicyView> {
    return this.policies.getPolicy(params.policyId);
  }
}
