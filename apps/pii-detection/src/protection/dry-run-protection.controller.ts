import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeController } from '@nestjs/swagger';
import { RequirePermission } from '@atlas/auth';
import { EXPLORE_DRY_RUN_ROUTES, protectRecordsRequestValidator, ProtectRecordsResult } from '@atlas/contracts';
import { validatedBody } from '@atlas/platform';
import { DryRunProtectionService } from './dry-run-protection.service';

/**
 * Internal API of contract dry-runs over Explore: the gateway posts a source's raw Explore records
 * (read from the connector) and gets them back protected, as quality would receive them. Only the
 * services' own credential reaches this port; the route also needs `contracts:read`, the dry-run's permission.
 */
@ApiExcludeController()
@ApiBearerAuth()
@Controller()
export class DryRunProtectionController {
  constructor(private readonly protection: DryRunProtectionService) {}

  /** The body holds raw payloads: never logged, never part of an error. */
  @Post(EXPLORE_DRY_RUN_ROUTES.protectRecords)
  @HttpCode(200)
  @RequirePermission('contracts:read')
  @Header('Cache-Control', 'no-store')
  protect(@Body() body: unknown): Promise<ProtectRecordsResult> {
    return this.protection.protect(validatedBody(protectRecordsRequestValidator, body, 'dry_run_request_invalid'));
  }
}
