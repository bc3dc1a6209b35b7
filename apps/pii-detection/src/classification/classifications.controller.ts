import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@atlas/auth';
import { ClassificationsQuery, CursorPage } from '@atlas/platform';
import { PutColumnClassificationRequest } from './classification.dto';
import { ClassificationService, ColumnClassificationView } from './classification.service';

@ApiTags('classifications')
@ApiBearerAuth()
@Controller('api/v1/pii/classifications')
export class ClassificationsController {
  constructor(private readonly classifications: ClassificationService) {}

  /** How each column of a source is classified, with the evidence and who decided; never values. */
  @Get()
  @ApiResponse({ status: 200, description: '{ items: [{ sourceId, field, class, entityType, confidence, evidence, decidedBy, updatedAt }], nextCursor }, by field path' })
  list(@Query() query: ClassificationsQuery): Promise<CursorPage<ColumnClassificationView>> {
    return this.classifications.list(query);
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
