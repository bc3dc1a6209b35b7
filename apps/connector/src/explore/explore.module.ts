import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ExploreConsumer } from './explore.consumer';
import { ExploreRecordEntity } from './explore-record.entity';
import { ExploreRecordRepository } from './explore-record.repository';
import { ExploreService } from './explore.service';

@Module({
  imports: [TypeOrmModule.forFeature([ExploreRecordEntity])],
  controllers: [ExploreConsumer],
  providers: [ExploreService, ExploreRecordRepository],
  exports: [ExploreRecordRepository],
})
export class ExploreModule {}
