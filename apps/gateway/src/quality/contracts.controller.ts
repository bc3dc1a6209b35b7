import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyCaller, Caller } from '@atlas/auth';
import { ApiCursorPage, ContractsQuery } from '@atlas/platform';
import { ProblemDetails, RequiresPermission } from '../identity/endpoint-permission';
import { AuditedChanges } from '../internal-services/audited-changes';
import { queryString, servicePath } from '../internal-services/internal-service-client';
import { InternalServices } from '../internal-services/internal-services';
import { relay, RelayResponse } from '../internal-services/relay';
import { ContractActivationResponse, ContractDeactivationResponse, ContractSummaryResponse, ContractValidationResponse, ContractVersionResponse, DryRunResponse } from './contract-responses.dto';
import { dryRunRequestOf, ExploreDryRun } from './explore-dry-run';
import { ContractParams, ContractSourceParams, ContractVersionParams, DRY_RUN_BODY, ODCS_BODY } from './quality.dto';

const CONTRACT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;

/** `<id>@<version>` of a posted contract, for the audit log, when both are well-formed. */
export function contractTarget(document: unknown): string | undefined {
  const { id, version } = (typeof document === 'object' && document !== null ? document : {}) as { id?: unknown; version?: unknown };
  return typeof id === 'string' && CONTRACT_ID.test(id) && typeof version === 'string' && VERSION.test(version) ? `${id}@${version}` : undefined;
}

/** ODCS data contracts: the quality service's API under the permission model. */
@ApiTags('contracts')
@ProblemDetails()
@Controller('api/v1/contracts')
export class ContractsController {
  constructor(
    private readonly services: InternalServices,
    private readonly changes: AuditedChanges,
    private readonly exploreDryRun: ExploreDryRun,
  ) {}

  @Get()
  @ApiCursorPage({ description: 'contracts by id, each with its versions and the sources each version checks' })
  @RequiresPermission('contracts:read', 'Stored contracts by id, each with its versions and the sources each version checks ({items, nextCursor})')
  async list(@Query() query: ContractsQuery): Promise<unknown> {
    return (await this.services.quality.call({ path: '/api/v1/contracts' + queryString({ limit: query.limit, cursor: query.cursor, sort: query.sort }) })).body;
  }

  @Post()
  @RequiresPermission('contracts:write', 'Store a contract version, inactive until activated (audited)')
  @ApiBody(ODCS_BODY)
  @ApiResponse({ status: 201, type: ContractVersionResponse, description: 'The new version, its compiled checks and what Atlas does not evaluate' })
  @ApiResponse({ status: 200, type: ContractVersionResponse, description: 'The same document was stored already under this version' })
  @ApiResponse({ status: 400, description: 'contract_invalid: every problem of the document, each with its JSON path (problems)' })
  @ApiResponse({ status: 409, description: 'That version exists with another document' })
  async create(@Caller() caller: ApiKeyCaller, @Body() body: unknown, @Res({ passthrough: true }) response: RelayResponse): Promise<unknown> {
    const change = { action: 'contract.create', targetType: 'contract-version', targetId: contractTarget(body) };
    return relay(response, await this.changes.make(caller, change, () => this.services.quality.call({ method: 'POST', path: '/api/v1/contracts', body })));
  }

  @Post('validate')
  @HttpCode(200)
  @RequiresPermission('contracts:read', 'Validate a contract (stores nothing): {valid, problems} and, when valid, the compiled checks')
  @ApiResponse({ status: 200, type: ContractValidationResponse })
  @ApiBody(ODCS_BODY)
  async validate(@Body() body: unknown): Promise<unknown> {
    return (await this.services.quality.call({ method: 'POST', path: '/api/v1/contracts/validate', body })).body;
  }

  @Get(':contractId')
  @RequiresPermission('contracts:read', 'The versions of one contract and where it is active')
  @ApiResponse({ status: 200, type: ContractSummaryResponse })
  @ApiResponse({ status: 404, description: 'No such contract' })
  async get(@Param() params: ContractParams): Promise<unknown> {
    return (await this.services.quality.call({ path: servicePath`/api/v1/contracts/${params.contractId}` })).body;
  }

  @Get(':contractId/versions/:version')
  @RequiresPermission('contracts:read', 'One version: the document, its compiled checks, what is not evaluated, the sources it checks')
  @ApiResponse({ status: 200, type: ContractVersionResponse })
  @ApiResponse({ status: 404, description: 'No such version' })
  async getVersion(@Param() params: ContractVersionParams): Promise<unknown> {
    return (await this.services.quality.call({ path: servicePath`/api/v1/contracts/${params.contractId}/versions/${params.version}` })).body;
  }

  @Post(':contractId/versions/:version/activate')
  @HttpCode(200)
  @RequiresPermission('contracts:write', 'Activate a version: it checks the records of its sources from now on (audited)')
  @ApiResponse({ status: 200, type: ContractActivationResponse, description: "The version, and the replay of each of its sources' held records through it" })
  @ApiResponse({ status: 409, description: 'A source is governed by another contract' })
  async activate(@Caller() caller: ApiKeyCaller, @Param() params: ContractVersionParams): Promise<unknown> {
    const change = { action: 'contract.activate', targetType: 'contract-version', targetId: `${params.contractId}@${params.version}` };
    const path = servicePath`/api/v1/contracts/${params.contractId}/versions/${params.version}/activate`;
    return (await this.changes.make(caller, change, () => this.services.quality.call({ method: 'POST', path }))).body;
  }

  @Post('sources/:sourceId/deactivate')
  @HttpCode(200)
  @RequiresPermission('contracts:write', "Deactivate a source's contract: its records are held (no_active_contract) until a version is activated again (audited)")
  @ApiResponse({ status: 200, type: ContractDeactivationResponse })
  @ApiResponse({ status: 404, description: 'no_active_contract: no contract governs the source' })
  async deactivate(@Caller() caller: ApiKeyCaller, @Param() params: ContractSourceParams): Promise<unknown> {
    const change = { action: 'contract.deactivate', targetType: 'source', targetId: params.sourceId };
    const path = servicePath`/api/v1/contracts/sources/${params.sourceId}/deactivate`;
    return (await this.changes.make(caller, change, () => this.services.quality.call({ method: 'POST', path }))).body;
  }

  @Post(':contractId/versions/:version/dry-run')
  @HttpCode(200)
  @RequiresPermission(
    'contracts:read',
    "Judge records with a version, those the caller sends or the source's last N Explore records (protected first, judged as the stream would): each record's verdict and every check's outcome (nothing stored or published)",
  )
  @ApiBody(DRY_RUN_BODY)
  @ApiResponse({ status: 200, type: DryRunResponse })
  @ApiResponse({ status: 400, description: 'dry_run_invalid: the body is neither form, or both; explore.last out of 1-1000; sourceId not a schema object of the version' })
  @ApiResponse({ status: 404, description: 'No such version; explore_records_not_found: the source has no records in Explore' })
  async dryRun(@Param() params: ContractVersionParams, @Body() body: unknown): Promise<unknown> {
    const request = dryRunRequestOf(body);
    if (request.kind === 'explore') return this.exploreDryRun.run(params.contractId, params.version, request);
    return (await this.services.quality.call({ method: 'POST', path: servicePath`/api/v1/contracts/${params.contractId}/versions/${params.version}/dry-run`, body })).body;
  }
}
