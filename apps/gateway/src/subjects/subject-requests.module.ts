import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { InternalServicesModule } from '../internal-services/internal-services.module';
import { SubjectLocator } from './subject-locator';
import { SubjectRectifier } from './subject-rectifier';
import { SubjectRequestRunner } from './subject-request.runner';
import { SubjectRequestsController } from './subject-requests.controller';
import { SubjectRequestsRepository } from './subject-requests.repository';
import { SubjectRequestsService } from './subject-requests.service';
import { SubjectServices } from './subject-services';

/** Data-subject requests (/api/v1/subject-requests): access exports, and resumable erasures and rectifications across the services. */
@Module({
  imports: [InternalServicesModule, IdentityModule],
  controllers: [SubjectRequestsController],
  providers: [SubjectRequestsService, SubjectRequestsRepository, SubjectLocator, SubjectRequestRunner, SubjectRectifier, SubjectServices],
})
export class SubjectRequestsModule {}
