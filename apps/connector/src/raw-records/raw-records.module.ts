import { Module } from '@nestjs/common';
import { IngestionRunPublisher } from '@atlas/ingestion';
import { RawRecordRunRepository } from './raw-record-run.repository';
import { RawRecordRunSweeper } from './raw-record-run-sweeper';
import { RawRecordsConsumer } from './raw-records.consumer';
import { RawRecordsService } from './raw-records.service';

@Module({
  controllers: [RawRecordsConsumer],
  providers: [RawRecordsService, IngestionRunPublisher, RawRecordRunRepository, RawRecordRunSweeper],
})
export class RawRecordsModule {}
