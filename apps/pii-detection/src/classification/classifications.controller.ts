import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@atlas/auth';
import { PutColumnClassificationRequest } from './classification.dto';
import { ClassificationService, ColumnClassificationView } from './classification.service';

@ApiTags('classifications')
@ApiBearerAuth()
@Controller('api/v1/pii/classifications')
export class ClassificationsController {
  constructor(private readonly classifications: ClassificationService) {}

  /** How each column of a source is classified, with the evidence and who decided; never values. */
  @Get()
  @ApiQuery({ name: 'sourceId', required: true })
  @ApiResponse({ status: 200, description: '{ sourceId, classifications: [{ sourceId, field, class, entityType, confidence, evidence, decidedBy, updatedAt }] }' })
  list(@Query('sourceId') sourceId: unknown): Promise<{ sourceId: string; classifications: ColumnClassificationView[] }> {
    return this.classifications.list(sourceId);
  }

  /** Confirms or overrides a column's classification: it wins over the sampler from now on. */
  @Put(':sourceId/:field')
  @RequirePermission('pii:admin')
  @ApiBody({ type: PutColumnClassificationRequest })
  @ApiResponse({ status: 200, description: 'The stored classification' })
  @ApiResponse({ status: 400, description: 'Every problem of the request, listed' })
  @ApiResponse({ status: 403, description: 'The key lacks the pii:admin permission' })
  put(@Param('sourceId') sourceId: string, @Param('field') field: string, @Body() body: unknown): Promise<ColumnClassificationView> {
    return this.classifications.decide(sourceId, field, body);
  }
}
