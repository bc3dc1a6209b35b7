import { Module } from '@nestjs/common';
import { InternalServicesModule } from '../internal-services/internal-services.module';
import { PiiController } from './pii.controller';

/** Classifications, policies and the Presidio-compatible API, served from pii-detection. */
@Module({
  imports: [InternalServicesModule],
  controllers: [PiiController],
})
export class PiiModule {}
