import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IngestionRunEntity } from './ingestion-run.entity';
import { IngestionRunRepository } from './ingestion-run.repository';
import { RecordsController } from './records.controller';
import { RecordsService } from './records.service';

@Module({
  imports: [TypeOrmModule.forFeature([IngestionRunEntity])],
  controllers: [RecordsController],
  providers: [RecordsService, IngestionRunRepository],
})
export class RecordsModule {}
