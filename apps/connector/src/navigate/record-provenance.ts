import { Controller, Get, Injectable, NotFoundException, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { RequirePermission } from '@atlas/auth';
import type { NavigateRowProvenance } from '@atlas/contracts';
import { NavigateRecordEntity } from './navigate-record.entity';
import { NavigateRecordRepository } from './navigate-record.repository';

export class RecordParams {
  @ApiProperty({ format: 'uuid', description: 'The atlas record id of a Navigate row (recordId in the typed rows of GET /api/v1/datasets/{datasetId}/rows)' })
  @IsUUID('all', { message: 'recordId must be a UUID' })
  recordId: string;
}

export function rowProvenanceOf(row: Omit<NavigateRecordEntity, 'payload'>): NavigateRowProvenance {
  return {
    recordId: row.recordId,
    sourceId: row.sourceId,
    runId: row.runId,
    position: { index: row.positionIndex, location: row.sourceLocation },
    protection: { policyId: row.policyId, policyVersion: row.policyVersion },
    contract: { contractId: row.contractId, contractVersion: row.contractVersion },
    traceId: row.traceId,
    writtenAt: row.writtenAt.toISOString(),
  };
}

@Injectable()
export class RecordProvenanceService {
  constructor(private readonly records: NavigateRecordRepository) {}

  async provenanceOf(recordId: string): Promise<NavigateRowProvenance> {
    const row = await this.records.findProvenance(recordId);
    if (!row) throw new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'record_not_found', message: 'No Navigate row has this record id' });
    return rowProvenanceOf(row);
  }
}

/** A Navigate row's own provenance columns; the gateway joins them with the run-level lineage (GET /api/v1/lineage/records/{recordId}/provenance). */
@ApiTags('navigate')
@ApiBearerAuth()
@Controller('api/v1/navigate/records')
export class RecordProvenanceController {
  constructor(private readonly provenance: RecordProvenanceService) {}

  @Get(':recordId/provenance')
  @RequirePermission('datasets:read')
  @ApiResponse({ status: 404, description: 'record_not_found: no Navigate row has this record id' })
  provenanceOf(@Param() params: RecordParams): Promise<NavigateRowProvenance> {
    return this.provenance.provenanceOf(params.recordId);
  }
}
