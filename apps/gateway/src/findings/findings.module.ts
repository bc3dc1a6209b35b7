import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FindingsConsumer } from './findings.consumer';
import { FindingsController } from './findings.controller';
import { FindingsService } from './findings.service';
import { PiiFindingEntity } from './pii-finding.entity';
import { PiiFindingRepository } from './pii-finding.repository';

@Module({
  imports: [TypeOrmModule.forFeature([PiiFindingEntity])],
  controllers: [FindingsConsumer, FindingsController],
  providers: [FindingsService, PiiFindingRepository],
})
export class FindingsModule {}
