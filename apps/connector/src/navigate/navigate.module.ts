import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NavigateConsumer } from './navigate.consumer';
import { NavigateRecordEntity } from './navigate-record.entity';
import { NavigateRecordRepository } from './navigate-record.repository';
import { NavigateService } from './navigate.service';

@Module({
  imports: [TypeOrmModule.forFeature([NavigateRecordEntity])],
  controllers: [NavigateConsumer],
  providers: [NavigateService, NavigateRecordRepository],
})
export class NavigateModule {}
