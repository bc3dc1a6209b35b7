import { Module } from '@nestjs/common';
import { FindingsConsumer } from './findings.consumer';
import { FindingsController } from './findings.controller';
import { FindingsService } from './findings.service';
import { PiiFindingRecordRepository } from './pii-finding-record.repository';

@Module({
  controllers: [FindingsConsumer, FindingsController],
  providers: [FindingsService, PiiFindingRecordRepository],
})
export class FindingsModule {}
