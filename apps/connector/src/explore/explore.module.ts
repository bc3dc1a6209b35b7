import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ExploreSampleController } from './dry-run/explore-sample.controller';
import { ExploreSampleRepository } from './dry-run/explore-sample.repository';
import { ExploreConsumer } from './explore.consumer';
import { ExploreRecordIdEntity } from './explore-record-id.entity';
import { ExploreRecordEntity } from './explore-record.entity';
import { ExploreRecordRepository } from './explore-record.repository';
import { ExploreService } from './explore.service';
import { ProfileController } from './profile/profile.controller';
import { ProfileService } from './profile/profile.service';
import { RunProfileRepository } from './profile/run-profile.repository';
import { ExplorePartitionRepository } from './retention/explore-partition.repository';
import { ExploreRetention } from './retention/explore-retention.service';

@Module({
  imports: [TypeOrmModule.forFeature([ExploreRecordEntity, ExploreRecordIdEntity])],
  controllers: [ExploreConsumer, ProfileController, ExploreSampleController],
  providers: [ExploreSampleRepository, ExploreService, ExploreRecordRepository, RunProfileRepository, ProfileService, ExplorePartitionRepository, ExploreRetention],
  exports: [ExploreRecordRepository],
})
export class ExploreModule {}
