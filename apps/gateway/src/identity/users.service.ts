import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { ApiKeyCaller } from '@atlas/auth';
import { CURSOR_SHAPES, CursorPage, cursorKey, cursorPageOf, sortDirection, textKey } from '@atlas/platform';
import { AuditLogRepository } from './audit-log.repository';
import { CreateUserBody, UserResponse, userResponse, UsersQuery } from './dto/user.dto';
import { IdentityErrors } from './identity-errors';
import { hashPassword } from './password-hashing';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { UsersRepository } from './users.repository';

/** Users management for admins; every change is audited. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly audit: AuditLogRepository,
  ) {}

  async create(caller: ApiKeyCaller, body: CreateUserBody): Promise<UserResponse> {
    const email = body.email.trim().toLowerCase();
    const user = await this.users.create({ id: uuidv7(), email, role: body.role, canReveal: body.canReveal, passwordHash: await hashPassword(body.password) });
    if (!user) {
      await this.audit.record({ actor: caller.actor, action: 'user.create', targetType: 'user', outcome: 'failed', details: { reason: 'user_exists' } });
      throw IdentityErrors.userExists();
    }
    await this.audit.record({ actor: caller.actor, action: 'user.create', targetType: 'user', targetId: user.id, outcome: 'succeeded', details: { role: user.role, canReveal: user.canReveal } });
    return userResponse(user);
  }

  async list(query: UsersQuery): Promise<CursorPage<UserResponse>> {
    const scope = `users:${query.sort}`;
    const after = cursorKey(query.cursor, scope, textKey(CURSOR_SHAPES.uuid))?.[0] as string | undefined;
    const rows = await this.users.list(after, query.limit + 1, sortDirection(query.sort).descending);
    return cursorPageOf(rows, query.limit, scope, (row) => [row.id], userResponse);
  }

  /** Disables the user and ends their sessions (refresh tokens revoked; access tokens stop at the next request). */
  async disable(caller: ApiKeyCaller, id: string): Promise<UserResponse> {
    if (caller.identity.kind === 'user' && caller.identity.id === id) throw IdentityErrors.cannotDisableSelf();
    const user = await this.users.disable(id);
    if (!user) throw IdentityErrors.userNotFound();
    const revokedTokens = await this.refreshTokens.revokeUser(id);
    await this.audit.record({ actor: caller.actor, action: 'user.disable', targetType: 'user', targetId: id, outcome: 'succeeded', details: { revokedTokens } });
    return userResponse(user);
  }
}
