import { Module } from '@nestjs/common';
import { IngestionRunPublisher } from '@atlas/ingestion';
import { RawRecordsConsumer } from './raw-records.consumer';
import { RawRecordsService } from './raw-records.service';

@Module({
  controllers: [RawRecordsConsumer],
  providers: [RawRecordsService, IngestionRunPublisher],
})
export class RawRecordsModule {}
