import { Module } from '@nestjs/common';
import { LineageController } from './lineage.controller';
import { LineageIngestService } from './lineage-ingest.service';
import { LineageServiceClient } from './lineage-service.client';

@Module({
  controllers: [LineageController],
  providers: [LineageIngestService, LineageServiceClient],
})
export class LineageModule {}
