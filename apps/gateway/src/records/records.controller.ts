import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IngestionRunResponse, PushRecordsResponse } from './dto/push-records-response.dto';
import { RunParams, SourceParams } from './dto/source-params.dto';
import { RecordsService } from './records.service';

@ApiTags('records')
@ApiBearerAuth()
@Controller('api/v1')
export class RecordsController {
  constructor(private readonly records: RecordsService) {}

  @Post('sources/:sourceId/records')
  @HttpCode(202)
  @ApiBody({ schema: { type: 'array', items: { type: 'object' } }, description: 'The records, each a JSON object' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Makes a retried push the same run' })
  @ApiResponse({ status: 202, type: PushRecordsResponse })
  push(
    @Param() params: SourceParams,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<PushRecordsResponse> {
    return this.records.push(params.sourceId, body, idempotencyKey?.trim() || undefined);
  }

  @Get('runs/:runId')
  @ApiResponse({ status: 200, type: IngestionRunResponse })
  findRun(@Param() params: RunParams): Promise<IngestionRunResponse> {
    return this.records.findRun(params.runId);
  }
}
