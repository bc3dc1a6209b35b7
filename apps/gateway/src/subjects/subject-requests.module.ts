import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { InternalServicesModule } from '../internal-services/internal-services.module';
import { SubjectErasureRunner } from './subject-erasure.runner';
import { SubjectLocator } from './subject-locator';
import { SubjectRequestsController } from './subject-requests.controller';
import { SubjectRequestsRepository } from './subject-requests.repository';
import { SubjectRequestsService } from './subject-requests.service';
import { SubjectServices } from './subject-services';

/** Data-subject requests (/api/v1/subject-requests): access exports and resumable erasures across the services. */
@Module({
  imports: [InternalServicesModule, IdentityModule],
  controllers: [SubjectRequestsController],
  providers: [SubjectRequestsService, SubjectRequestsRepository, SubjectLocator, SubjectErasureRunner, SubjectServices],
})
export class SubjectRequestsModule {}
