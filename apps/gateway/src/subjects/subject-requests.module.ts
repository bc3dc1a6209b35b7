import { Module } from '@nestjs/common';
import { AuditLogRepository } from '../identity/audit-log.repository';
import { InternalServicesClient } from './internal-services.client';
import { SubjectErasureRunner } from './subject-erasure.runner';
import { SubjectLocator } from './subject-locator';
import { SubjectRequestsController } from './subject-requests.controller';
import { SubjectRequestsRepository } from './subject-requests.repository';
import { SubjectRequestsService } from './subject-requests.service';

/** Data-subject requests (/api/v1/subject-requests): access exports and resumable erasures across the services. */
@Module({
  controllers: [SubjectRequestsController],
  providers: [SubjectRequestsService, SubjectRequestsRepository, SubjectLocator, SubjectErasureRunner, InternalServicesClient, AuditLogRepository],
})
export class SubjectRequestsModule {}
