import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeController } from '@nestjs/swagger';
import { RequirePermission } from '@atlas/auth';
import { EXPLORE_DRY_RUN_ROUTES, judgeProtectedRecordsRequestValidator } from '@atlas/contracts';
import { validatedBody } from '@atlas/platform';
import type { DryRunView } from './contract-dry-run';
import { ContractService } from './contract.service';

/**
 * Internal API of contract dry-runs over Explore: the gateway posts a source's last N Explore
 * records as pii-detection protected them (with their findings), and gets the stream's verdicts.
 * Only the services' own credential reaches this port; the route also needs `contracts:read`.
 */
@ApiExcludeController()
@ApiBearerAuth()
@Controller()
export class ProtectedDryRunController {
  constructor(private readonly contracts: ContractService) {}

  @Post(EXPLORE_DRY_RUN_ROUTES.judgeProtected)
  @HttpCode(200)
  @RequirePermission('contracts:read')
  judge(@Body() body: unknown): Promise<DryRunView> {
    return this.contracts.dryRunProtected(validatedBody(judgeProtectedRecordsRequestValidator, body, 'dry_run_request_invalid'));
  }
}
