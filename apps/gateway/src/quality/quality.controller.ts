import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyCaller, Caller } from '@atlas/auth';
import { AnomalyPointsQuery, ApiCursorPage, CheckResultsQuery, RunWindowsQuery } from '@atlas/platform';
import { ProblemDetails, RequiresPermission } from '../identity/endpoint-permission';
import { AuditedChanges } from '../internal-services/audited-changes';
import { queryString, servicePath } from '../internal-services/internal-service-client';
import { InternalServices } from '../internal-services/internal-services';
import { HeldReplayResponse, QuarantinedRecordResponse, RecordReplayResponse, ReplaySelectionResponse, RunResultsResponse, RunScoreResponse } from './quality-responses.dto';
import { HeldCountsQuery, HeldReplayParams, HeldReplaysQuery, QualityRunParams, QuarantinedRecordParams, QuarantineListQuery, ReplayBody, ScoresQuery } from './quality.dto';
import { ApiRelayedObject } from '../internal-services/relayed-answer';

/** Check results, scores, the quarantine and replays: the quality service's API under the permission model. */
@ApiTags('quality')
@ProblemDetails()
@Controller('api/v1')
export class QualityController {
  constructor(
    private readonly services: InternalServices,
    private readonly changes: AuditedChanges,
  ) {}

  @Get('quality/runs/:runId/results')
  @RequiresPermission('quality:read', 'Every check over a run: outcome, measured value, thresholds, rows tested and failed, sample failing record ids')
  @ApiResponse({ status: 200, type: RunResultsResponse })
  @ApiResponse({ status: 404, description: 'quality judged no record of this run' })
  async runResults(@Param() params: QualityRunParams): Promise<unknown> {
    return (await this.services.quality.call({ path: servicePath`/api/v1/quality/runs/${params.runId}/results` })).body;
  }

  @Get('quality/runs/:runId/windows')
  @ApiCursorPage({ description: "windows of the run's aggregate checks (counts, outcome, measured value, thresholds) by check then window start" })
  @RequiresPermission('quality:read', "The windows of a run's aggregate checks by check then window start: counts, outcome (provisional while open), measured value, thresholds ({items, nextCursor})")
  @ApiResponse({ status: 404, description: 'quality judged no record of this run' })
  async runWindows(@Param() params: QualityRunParams, @Query() query: RunWindowsQuery): Promise<unknown> {
    const { cursor, limit, sort } = query;
    return (await this.services.quality.call({ path: servicePath`/api/v1/quality/runs/${params.runId}/windows` + queryString({ cursor, limit, sort }) })).body;
  }

  @Get('quality/runs/:runId/score')
  @RequiresPermission('quality:read', 'The quality score of a run, overall and per dimension')
  @ApiResponse({ status: 200, type: RunScoreResponse })
  @ApiResponse({ status: 404, description: 'quality judged no record of this run' })
  async runScore(@Param() params: QualityRunParams): Promise<unknown> {
    return (await this.services.quality.call({ path: servicePath`/api/v1/quality/runs/${params.runId}/score` })).body;
  }

  @Get('quality/scores')
  @RequiresPermission('quality:read', "A source's score over its recent runs, each run's score newest first, and the trend")
  @ApiRelayedObject('{sourceId, dataset (the score over the runs listed), trend, runs (newest first)}', ['runs'])
  async scores(@Query() query: ScoresQuery): Promise<unknown> {
    return (await this.services.quality.call({ path: '/api/v1/quality/scores' + queryString({ sourceId: query.sourceId, runs: query.runs }) })).body;
  }

  @Get('quality/results')
  @ApiCursorPage({ description: 'check results over runs (outcome, measured value, thresholds, rows tested and failed), the latest evaluated first' })
  @RequiresPermission('quality:read', "The history of a source's check results, the latest evaluated first ({items, nextCursor}; ?checkId= for one check)")
  async history(@Query() query: CheckResultsQuery): Promise<unknown> {
    const { sourceId, checkId, cursor, limit, sort } = query;
    return (await this.services.quality.call({ path: '/api/v1/quality/results' + queryString({ sourceId, checkId, cursor, limit, sort }) })).body;
  }

  @Get('quality/anomalies')
  @ApiCursorPage({ description: 'anomaly points (value, expected, band, robust score, anomalous), the latest first' })
  @RequiresPermission('quality:read', "The evaluated windows of a source's anomaly detection checks, the latest first: value, expected, lower and upper band, robust score, anomalous ({items, nextCursor})")
  async anomalies(@Query() query: AnomalyPointsQuery): Promise<unknown> {
    const { sourceId, checkId, anomalous, cursor, limit, sort } = query;
    return (await this.services.quality.call({ path: '/api/v1/quality/anomalies' + queryString({ sourceId, checkId, anomalous, cursor, limit, sort }) })).body;
  }

  @Get('quarantine/records')
  @ApiCursorPage({ description: 'quarantined records (no payloads) in quarantine order' })
  @RequiresPermission('quarantine:read', 'Quarantined records in quarantine order, without payloads ({items, nextCursor})')
  async quarantined(@Query() query: QuarantineListQuery): Promise<unknown> {
    const { sourceId, runId, checkId, status, cursor, limit, sort } = query;
    return (await this.services.quality.call({ path: '/api/v1/quarantine/records' + queryString({ sourceId, runId, checkId, status, cursor, limit, sort }) })).body;
  }

  @Get('quarantine/records/:recordId')
  @RequiresPermission('quarantine:read', 'One quarantined record: its protected (masked) payload, every failed check, what was not evaluated')
  @ApiResponse({ status: 200, type: QuarantinedRecordResponse })
  @ApiResponse({ status: 404, description: 'quarantined_record_not_found' })
  async quarantinedRecord(@Param() params: QuarantinedRecordParams): Promise<unknown> {
    return (await this.services.quality.call({ path: servicePath`/api/v1/quarantine/records/${params.recordId}` })).body;
  }

  @Post('quarantine/records/:recordId/replay')
  @HttpCode(200)
  @RequiresPermission('quarantine:replay', "Judge a quarantined record again with its source's current contract (audited)")
  @ApiResponse({ status: 200, type: RecordReplayResponse, description: 'released (published to Chart), quarantined (new reasons) or already_released' })
  @ApiResponse({ status: 404, description: 'quarantined_record_not_found' })
  @ApiResponse({ status: 409, description: 'quarantined_record_not_replayable' })
  async replayRecord(@Caller() caller: ApiKeyCaller, @Param() params: QuarantinedRecordParams): Promise<unknown> {
    const change = { action: 'quarantine.replay', targetType: 'quarantined-record', targetId: params.recordId };
    const path = servicePath`/api/v1/quarantine/records/${params.recordId}/replay`;
    return (await this.changes.make(caller, change, () => this.services.quality.call({ method: 'POST', path }))).body;
  }

  @Post('quarantine/replay')
  @HttpCode(200)
  @RequiresPermission('quarantine:replay', "Replay a source's quarantined records (optionally of a run or a failed check) (audited)")
  @ApiResponse({ status: 200, type: ReplaySelectionResponse })
  async replay(@Caller() caller: ApiKeyCaller, @Body() body: ReplayBody): Promise<unknown> {
    const change = { action: 'quarantine.replay-selection', targetType: 'source', targetId: body.sourceId };
    return (await this.changes.make(caller, change, () => this.services.quality.call({ method: 'POST', path: '/api/v1/quarantine/replay', body }))).body;
  }

  @Get('quarantine/held')
  @ApiCursorPage({ description: 'held records counted per source, by source id' })
  @RequiresPermission('quarantine:read', 'Records held because their source has no active contract (reason no_active_contract), counted per source ({items: [{sourceId, heldRecords, firstHeldAt, lastHeldAt}], nextCursor})')
  async held(@Query() query: HeldCountsQuery): Promise<unknown> {
    const { sourceId, cursor, limit, sort } = query;
    return (await this.services.quality.call({ path: '/api/v1/quarantine/held' + queryString({ sourceId, cursor, limit, sort }) })).body;
  }

  @Get('quarantine/held-replays')
  @ApiCursorPage({ description: 'replays of held records, newest first' })
  @RequiresPermission('quarantine:read', 'Replays of held records started by contract activations, newest first ({items, nextCursor}); ?sourceId= for one source')
  async heldReplays(@Query() query: HeldReplaysQuery): Promise<unknown> {
    const { sourceId, cursor, limit, sort } = query;
    return (await this.services.quality.call({ path: '/api/v1/quarantine/held-replays' + queryString({ sourceId, cursor, limit, sort }) })).body;
  }

  @Get('quarantine/held-replays/:replayId')
  @RequiresPermission('quarantine:read', 'One replay of held records: state, held records then and now, judged, released, still quarantined')
  @ApiResponse({ status: 200, type: HeldReplayResponse })
  @ApiResponse({ status: 404, description: 'held_replay_not_found' })
  async heldReplay(@Param() params: HeldReplayParams): Promise<unknown> {
    return (await this.services.quality.call({ path: servicePath`/api/v1/quarantine/held-replays/${params.replayId}` })).body;
  }
}
