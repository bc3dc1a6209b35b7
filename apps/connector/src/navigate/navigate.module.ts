import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NavigateConsumer } from './navigate.consumer';
import { NavigateRecordEntity } from './navigate-record.entity';
import { NavigateRecordRepository } from './navigate-record.repository';
import { NavigateService } from './navigate.service';
import { DatasetsController } from './typed/datasets.controller';
import { DatasetsService } from './typed/datasets.service';
import { TypedDatasetRepository } from './typed/typed-dataset.repository';
import { TypedNavigateWriter } from './typed/typed-navigate.writer';

@Module({
  imports: [TypeOrmModule.forFeature([NavigateRecordEntity])],
  controllers: [NavigateConsumer, DatasetsController],
  providers: [NavigateService, NavigateRecordRepository, TypedDatasetRepository, TypedNavigateWriter, DatasetsService],
})
export class NavigateModule {}
