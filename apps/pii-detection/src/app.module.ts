import { Module } from '@nestjs/common';
import { PlatformModule } from '@atlas/platform';
import { PiiDetectionEnvironment } from './pii-detection-environment';
import { ProtectionModule } from './protection/protection.module';

@Module({
  imports: [
    PlatformModule.forRoot({ serviceName: 'pii-detection', environment: PiiDetectionEnvironment, entities: [] }),
    ProtectionModule,
  ],
})
export class AppModule {}
