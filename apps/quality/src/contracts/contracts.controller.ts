import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyCaller, Caller } from '@atlas/auth';
import type { DryRunView } from './contract-dry-run';
import { ContractParams, ContractVersionParams, DryRunBody, OdcsContractBody } from './contract.dto';
import { ActivationView, ContractService, ContractSummary, ContractVersionView, ValidationView } from './contract.service';

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('api/v1/contracts')
export class ContractsController {
  constructor(private readonly contracts: ContractService) {}

  @Get()
  @ApiResponse({ status: 200, description: 'Every contract with its versions and the sources each version checks' })
  list(): Promise<ContractSummary[]> {
    return this.contracts.list();
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

  @Post(':contractId/versions/:version/dry-run')
  @HttpCode(200)
  @ApiBody({ type: DryRunBody })
  @ApiResponse({ status: 200, description: 'Each record\'s verdict with every check\'s outcome; nothing is stored or published' })
  dryRun(@Param() params: ContractVersionParams, @Body() body: unknown): Promise<DryRunView> {
    return this.contracts.dryRun(params.contractId, params.version, body);
  }
}
