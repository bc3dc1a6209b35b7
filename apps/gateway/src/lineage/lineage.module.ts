import { Module } from '@nestjs/common';
import { InternalServicesModule } from '../internal-services/internal-services.module';
import { LineageIngestService } from './lineage-ingest.service';
import { LineageCatalogController } from './lineage-catalog.controller';
import { LineageController } from './lineage.controller';
import { RecordProvenanceService } from './record-provenance';

@Module({
  imports: [InternalServicesModule],
  controllers: [LineageController, LineageCatalogController],
  providers: [LineageIngestService, RecordProvenanceService],
})
export class LineageModule {}
