import { Module } from '@nestjs/common';
import { CatalogController } from './catalog.controller';
import { CatalogRepository } from './catalog.repository';
import { ColumnLineageRepository } from './column-lineage.repository';
import { ColumnLineageService } from './column-lineage.service';
import { GraphController } from './graph.controller';
import { GraphQueryRepository } from './graph-query.repository';
import { GraphService } from './graph.service';
import { LineageStoreRepository } from './lineage-store.repository';
import { PiiPropagationRepository } from './pii-propagation.repository';
import { PiiPropagationService } from './pii-propagation.service';

@Module({
  controllers: [GraphController, CatalogController],
  providers: [GraphService, GraphQueryRepository, CatalogRepository, LineageStoreRepository, PiiPropagationService, PiiPropagationRepository, ColumnLineageService, ColumnLineageRepository],
  exports: [LineageStoreRepository],
})
export class GraphModule {}
