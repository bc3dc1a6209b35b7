import { Module } from '@nestjs/common';
import { LineageClient } from './lineage-client';
import { LineageIngestService } from './lineage-ingest.service';
import { LineageController } from './lineage.controller';

@Module({
  controllers: [LineageController],
  providers: [LineageIngestService, LineageClient],
})
export class LineageModule {}
