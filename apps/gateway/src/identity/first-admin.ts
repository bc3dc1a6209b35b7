import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { GatewayEnvironment } from '../gateway-environment';
import { AuditLogRepository } from './audit-log.repository';
import { hashPassword } from './password-hashing';
import { UsersRepository } from './users.repository';

/**
 * Creates the first admin from ATLAS_ADMIN_EMAIL and the secret ATLAS_ADMIN_PASSWORD at start-up,
 * when no user has that e-mail. Idempotent: a later start (or a second replica) changes nothing,
 * even if the password secret changed since; the password is then managed like any user's.
 */
@Injectable()
export class FirstAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger(FirstAdmin.name);

  constructor(
    private readonly environment: GatewayEnvironment,
    private readonly users: UsersRepository,
    private readonly audit: AuditLogRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const password = this.environment.ATLAS_ADMIN_PASSWORD;
    if (!password) {
      this.logger.warn('ATLAS_ADMIN_PASSWORD is not set: no first admin is created');
      return;
    }
    const email = this.environment.ATLAS_ADMIN_EMAIL.toLowerCase();
    if (await this.users.findByEmail(email)) return;
    const created = await this.users.create({ id: uuidv7(), email, role: 'admin', canReveal: false, passwordHash: await hashPassword(password) });
    // Another replica may have created it in between (the insert does nothing then).
    if (!created) return;
    await this.audit.record({ actor: 'system', action: 'user.create', targetType: 'user', targetId: created.id, outcome: 'succeeded', details: { role: 'admin', reason: 'first_admin' } });
    this.logger.log('created the first admin from ATLAS_ADMIN_EMAIL and ATLAS_ADMIN_PASSWORD');
  }
}
