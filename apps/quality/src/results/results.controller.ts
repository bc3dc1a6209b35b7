import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AnomalyPointsQuery, CheckResultsQuery, CursorPage, RunWindowsQuery } from '@atlas/platform';
import { RunResultsParams, ScoresQuery } from './results.dto';
import { AnomalyPointView, CheckResultView, DatasetScoreView, ResultsService, RunResultsView, RunScoreView, WindowResultView } from './results.service';

@ApiTags('quality results')
@ApiBearerAuth()
@Controller('api/v1/quality')
export class ResultsController {
  constructor(private readonly results: ResultsService) {}

  @Get('runs/:runId/results')
  @ApiResponse({ status: 200, description: 'Every check over the run: outcome, measured value, thresholds, rows tested and failed, sample failing record ids' })
  @ApiResponse({ status: 404, description: 'quality judged no record of this run' })
  ofRun(@Param() params: RunResultsParams): Promise<RunResultsView> {
    return this.results.ofRun(params.runId);
  }

  @Get('runs/:runId/windows')
  @ApiResponse({ status: 200, description: '{items, nextCursor}: the windows of the run\'s aggregate checks by check then window start: counts, outcome (provisional while open), measured value, thresholds' })
  @ApiResponse({ status: 404, description: 'quality judged no record of this run' })
  windowsOfRun(@Param() params: RunResultsParams, @Query() query: RunWindowsQuery): Promise<CursorPage<WindowResultView>> {
    return this.results.windowsOfRun(params.runId, query);
  }

  @Get('runs/:runId/score')
  @ApiResponse({ status: 200, description: 'The quality score of the run, overall and per dimension (formula in docs/architecture.md)' })
  @ApiResponse({ status: 404, description: 'quality judged no record of this run' })
  scoreOfRun(@Param() params: RunResultsParams): Promise<RunScoreView> {
    return this.results.scoreOfRun(params.runId);
  }

  @Get('scores')
  @ApiResponse({ status: 200, description: 'The score of a source (dataset) over its recent runs, each run\'s score newest first, and the trend' })
  scores(@Query() query: ScoresQuery): Promise<DatasetScoreView> {
    return this.results.scoresOfSource(query.sourceId, query.runs);
  }

  @Get('results')
  @ApiResponse({ status: 200, description: "{items, nextCursor}: the history of a source's check results, the latest evaluated first" })
  history(@Query() query: CheckResultsQuery): Promise<CursorPage<CheckResultView>> {
    return this.results.history(query);
  }

  @Get('anomalies')
  @ApiResponse({ status: 200, description: "{items, nextCursor}: the evaluated windows of a source's anomaly detection checks, the latest first: value, expected, lower and upper band, robust score, anomalous" })
  anomalies(@Query() query: AnomalyPointsQuery): Promise<CursorPage<AnomalyPointView>> {
    return this.results.anomalies(query);
  }
}
