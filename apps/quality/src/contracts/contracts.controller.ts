import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyCaller, Caller } from '@atlas/auth';
import { ContractsQuery, CursorPage } from '@atlas/platform';
import type { DryRunView } from './contract-dry-run';
import type { SourceContractStatus } from '@atlas/contracts';
import type { DeactivationView } from './contract.repository';
import { ContractParams, ContractSourceParams, ContractVersionParams, DryRunBody, OdcsContractBody } from './contract.dto';
import { ActivationView, ContractService, ContractSummary, ContractVersionView, ValidationView } from './contract.service';

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('api/v1/contracts')
export class ContractsController {
  constructor(private readonly contracts: ContractService) {}

  @Get()
  @ApiResponse({ status: 200, description: '{items, nextCursor}: stored contracts by id, each with its versions and the sources each version checks' })
  list(@Query() query: ContractsQuery): Promise<CursorPage<ContractSummary>> {
    return this.contracts.list(query);
  }

  /** Stores a new version (inactive until activated). The same document again is answered 200; another document under a stored version is 409. */
  @Post()
  @ApiBody({ type: OdcsContractBody })
  @ApiResponse({ status: 201, description: 'The new version, its compiled checks and what Atlas does not evaluate' })
  @ApiResponse({ status: 400, description: 'Every problem of the document, each with its JSON path' })
  @ApiResponse({ status: 409, description: 'That version exists with another document' })
  async create(@Body() body: unknown, @Res({ passthrough: true }) response: { status(code: number): unknown }): Promise<ContractVersionView> {
    const { created, view } = await this.contracts.createVersion(body);
    response.status(created ? 201 : 200);
    return view;
  }

  @Post('validate')
  @HttpCode(200)
  @ApiBody({ type: OdcsContractBody })
  @ApiResponse({ status: 200, description: '{valid, problems: [{path, message}]} and, when valid, the compiled checks and what is not evaluated' })
  validate(@Body() body: unknown): ValidationView {
    return this.contracts.validate(body);
  }

  @Get(':contractId')
  @ApiResponse({ status: 200, description: 'The versions of one contract and where it is active' })
  get(@Param() params: ContractParams): Promise<ContractSummary> {
    return this.contracts.getContract(params.contractId);
  }

  @Get(':contractId/versions/:version')
  @ApiResponse({ status: 200, description: 'The document, its compiled checks, what is not evaluated, and the sources it checks' })
  getVersion(@Param() params: ContractVersionParams): Promise<ContractVersionView> {
    return this.contracts.getVersion(params.contractId, params.version);
  }

  @Post(':contractId/versions/:version/activate')
  @HttpCode(200)
  @ApiResponse({ status: 200, description: "The version now checks the records of its sources; heldReplays: the replay of each source's held records (no_active_contract) through it" })
  @ApiResponse({ status: 409, description: 'A source is governed by another contract' })
  activate(@Param() params: ContractVersionParams, @Caller() caller: ApiKeyCaller): Promise<ActivationView> {
    return this.contracts.activate(params.contractId, params.version, caller.keyFingerprint);
  }

  @Get('sources/:sourceId')
  @ApiResponse({ status: 200, description: '{sourceId, activeContract: {contractId, version, activatedAt} | null, heldRecords}: what governs the source (null: its records are held until a contract is activated)' })
  sourceStatus(@Param() params: ContractSourceParams): Promise<SourceContractStatus> {
    return this.contracts.sourceStatus(params.sourceId);
  }

  @Post('sources/:sourceId/deactivate')
  @HttpCode(200)
  @ApiResponse({ status: 200, description: "The source's contract no longer checks its records: they are held (no_active_contract) until a version is activated again; unfinished replays of its held records are superseded" })
  @ApiResponse({ status: 404, description: 'no_active_contract: no contract governs the source' })
  deactivate(@Param() params: ContractSourceParams, @Caller() caller: ApiKeyCaller): Promise<DeactivationView> {
    return this.contracts.deactivate(params.sourceId, caller.keyFingerprint);
  }

  @Post(':contractId/versions/:version/dry-run')
  @HttpCode(200)
  @ApiBody({ type: DryRunBody })
  @ApiResponse({ status: 200, description: 'Each record\'s verdict with every check\'s outcome; nothing is stored or published' })
  dryRun(@Param() params: ContractVersionParams, @Body() body: unknown): Promise<DryRunView> {
    return this.contracts.dryRun(params.contractId, params.version, body);
  }
}
