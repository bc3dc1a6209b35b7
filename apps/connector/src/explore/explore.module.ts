import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ExploreConsumer } from './explore.consumer';
import { ExploreRecordEntity } from './explore-record.entity';
import { ExploreRecordRepository } from './explore-record.repository';
import { ExploreService } from './explore.service';
import { ProfileController } from './profile/profile.controller';
import { ProfileService } from './profile/profile.service';
import { RunProfileRepository } from './profile/run-profile.repository';

@Module({
  imports: [TypeOrmModule.forFeature([ExploreRecordEntity])],
  controllers: [ExploreConsumer, ProfileController],
  providers: [ExploreService, ExploreRecordRepository, RunProfileRepository, ProfileService],
  exports: [ExploreRecordRepository],
})
export class ExploreModule {}
