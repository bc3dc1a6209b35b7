import { Module } from '@nestjs/common';
import { ProtectionConsumer } from './protection.consumer';
import { ProtectionService } from './protection.service';

@Module({
  controllers: [ProtectionConsumer],
  providers: [ProtectionService],
})
export class ProtectionModule {}
