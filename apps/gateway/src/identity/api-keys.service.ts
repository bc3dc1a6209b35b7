import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { ApiKeyCaller } from '@atlas/auth';
import { CURSOR_SHAPES, CursorPage, cursorKey, cursorPageOf, sortDirection, textKey } from '@atlas/platform';
import { ApiKeysRepository } from './api-keys.repository';
import { AuditLogRepository } from './audit-log.repository';
import { ApiKeyResponse, apiKeyResponse, ApiKeysQuery, CreateApiKeyBody, CreatedApiKeyResponse } from './dto/api-key.dto';
import { IdentityErrors } from './identity-errors';
import { API_KEY_PREFIX, newSecret, secretHash } from './secret-tokens';

/** Keys live at most this long: a forgotten key stops working on its own. */
export const LONGEST_API_KEY_LIFETIME_DAYS = 366;

/** How many characters of a key the listing shows: the prefix and 6 characters of its random part. */
const SHOWN_KEY_CHARACTERS = API_KEY_PREFIX.length + 6;

/** API keys for producers and machines; every change is audited. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly apiKeys: ApiKeysRepository,
    private readonly audit: AuditLogRepository,
  ) {}

  async create(caller: ApiKeyCaller, body: CreateApiKeyBody, now = new Date()): Promise<CreatedApiKeyResponse> {
    const expiresAt = new Date(body.expiresAt);
    if (expiresAt.getTime() <= now.getTime()) throw IdentityErrors.expiryInvalid('expiresAt must be in the future');
    if (expiresAt.getTime() > now.getTime() + LONGEST_API_KEY_LIFETIME_DAYS * 86400_000) {
      throw IdentityErrors.expiryInvalid(`expiresAt must be at most ${LONGEST_API_KEY_LIFETIME_DAYS} days ahead`);
    }
    const key = newSecret(API_KEY_PREFIX);
    const row = await this.apiKeys.create({
      id: uuidv7(),
      name: body.name,
      role: body.role,
      canReveal: body.canReveal,
      keyHash: secretHash(key),
      keyPrefix: key.slice(0, SHOWN_KEY_CHARACTERS),
      createdBy: caller.actor,
      expiresAt,
    });
    await this.audit.record({
      actor: caller.actor,
      action: 'api-key.create',
      targetType: 'api-key',
      targetId: row.id,
      outcome: 'succeeded',
      details: { role: row.role, canReveal: row.canReveal, expiresAt: row.expiresAt.toISOString() },
    });
    return { ...apiKeyResponse(row), key };
  }

  async list(query: ApiKeysQuery): Promise<CursorPage<ApiKeyResponse>> {
    const scope = `api-keys:${query.sort}`;
    const after = cursorKey(query.cursor, scope, textKey(CURSOR_SHAPES.uuid))?.[0] as string | undefined;
    const rows = await this.apiKeys.list(after, query.limit + 1, sortDirection(query.sort).descending);
    return cursorPageOf(rows, query.limit, scope, (row) => [row.id], apiKeyResponse);
  }

  async revoke(caller: ApiKeyCaller, id: string): Promise<ApiKeyResponse> {
    const row = await this.apiKeys.revoke(id);
    if (!row) throw IdentityErrors.apiKeyNotFound();
    await this.audit.record({ actor: caller.actor, action: 'api-key.revoke', targetType: 'api-key', targetId: id, outcome: 'succeeded' });
    return apiKeyResponse(row);
  }
}
