import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeController } from '@nestjs/swagger';
import { RequirePermission } from '@atlas/auth';
import { EXPLORE_DRY_RUN_ROUTES, latestExploreRecordsRequestValidator, LatestExploreRecordsResult, MAX_EXPLORE_DRY_RUN_PAYLOAD_BYTES } from '@atlas/contracts';
import { validatedBody } from '@atlas/platform';
import { ExploreSampleRepository } from './explore-sample.repository';

/**
 * Internal API of contract dry-runs over Explore: a source's last N raw records, for the gateway to
 * have pii-detection protect them before quality judges them. Only the services' own credential
 * reaches this port (a client key gets 401); the route also needs `contracts:read`, the dry-run's permission.
 */
@ApiExcludeController()
@ApiBearerAuth()
@Controller()
export class ExploreSampleController {
  constructor(private readonly samples: ExploreSampleRepository) {}

  /** Raw payloads: never cached, never logged. */
  @Post(EXPLORE_DRY_RUN_ROUTES.latestRecords)
  @HttpCode(200)
  @RequirePermission('contracts:read')
  @Header('Cache-Control', 'no-store')
  latest(@Body() body: unknown): Promise<LatestExploreRecordsResult> {
    const request = validatedBody(latestExploreRecordsRequestValidator, body, 'dry_run_request_invalid');
    return this.samples.latest(request.sourceId, request.last, MAX_EXPLORE_DRY_RUN_PAYLOAD_BYTES);
  }
}
