import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IngestionRunPublisher } from '@atlas/ingestion';
import { InternalServicesModule } from '../internal-services/internal-services.module';
import { IngestionRunEntity } from './ingestion-run.entity';
import { IngestionRunRepository } from './ingestion-run.repository';
import { RecordsController } from './records.controller';
import { RecordsService } from './records.service';

@Module({
  imports: [TypeOrmModule.forFeature([IngestionRunEntity]), InternalServicesModule],
  controllers: [RecordsController],
  providers: [RecordsService, IngestionRunRepository, IngestionRunPublisher],
})
export class RecordsModule {}
