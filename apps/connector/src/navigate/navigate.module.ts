import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NavigateConsumer } from './navigate.consumer';
import { NavigateRecordEntity } from './navigate-record.entity';
import { NavigateRecordRepository } from './navigate-record.repository';
import { NavigateService } from './navigate.service';
import { RecordProvenanceController, RecordProvenanceService } from './record-provenance';
import { DatasetsController } from './typed/datasets.controller';
import { DatasetsService } from './typed/datasets.service';
import { TypedDatasetRepository } from './typed/typed-dataset.repository';
import { TypedNavigateEraser } from './typed/typed-navigate.eraser';
import { TypedNavigateRectifier } from './typed/typed-navigate.rectifier';
import { TypedNavigateWriter } from './typed/typed-navigate.writer';

@Module({
  imports: [TypeOrmModule.forFeature([NavigateRecordEntity])],
  controllers: [NavigateConsumer, DatasetsController, RecordProvenanceController],
  providers: [NavigateService, RecordProvenanceService, NavigateRecordRepository, TypedDatasetRepository, TypedNavigateWriter, TypedNavigateEraser, TypedNavigateRectifier, DatasetsService],
  // Subject requests erase and rectify a record's typed rows with its jsonb row.
  exports: [TypedNavigateEraser, TypedNavigateRectifier],
})
export class NavigateModule {}
