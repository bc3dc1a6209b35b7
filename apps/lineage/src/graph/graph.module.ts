import { Module } from '@nestjs/common';
import { CatalogController } from './catalog.controller';
import { CatalogRepository } from './catalog.repository';
import { CatalogService } from './catalog.service';
import { ColumnLineageRepository } from './column-lineage.repository';
import { ColumnLineageService } from './column-lineage.service';
import { GraphController } from './graph.controller';
import { GraphQueryRepository } from './graph-query.repository';
import { GraphService } from './graph.service';
import { LineageStoreRepository } from './lineage-store.repository';
import { PiiPropagationRepository } from './pii-propagation.repository';
import { PiiPropagationService } from './pii-propagation.service';
import { SearchController } from './search.controller';
import { SearchRepository } from './search.repository';

@Module({
  controllers: [GraphController, CatalogController, SearchController],
  providers: [GraphService, GraphQueryRepository, CatalogRepository, CatalogService, LineageStoreRepository, PiiPropagationService, PiiPropagationRepository, ColumnLineageService, ColumnLineageRepository, SearchRepository],
  exports: [LineageStoreRepository],
})
export class GraphModule {}
