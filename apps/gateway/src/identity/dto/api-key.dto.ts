import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { Role, ROLES } from '@atlas/auth';
import { LIST_SORTS, ListSort } from '@atlas/contracts';
import { CursorPageQuery, SortQuery } from '@atlas/platform';
import { ApiKeyRow } from '../api-keys.repository';

export class CreateApiKeyBody {
  @ApiProperty({ example: 'crm-nightly-export', description: '1 to 100 printable characters' })
  @Matches(/^[\x20-\x7e]{1,100}$/, { message: 'name must be 1 to 100 printable ASCII characters' })
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role: Role;

  @ApiProperty({ example: '2027-06-30T00:00:00Z', description: 'When the key stops working: in the future, at most 366 days ahead' })
  @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO 8601 date-time' })
  expiresAt: string;

  @ApiPropertyOptional({ default: false, description: 'Grants pii:reveal, which no role implies' })
  @IsOptional()
  @IsBoolean()
  canReveal: boolean = false;
}

export class ApiKeyIdParams {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class ApiKeyResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty() canReveal: boolean;
  @ApiProperty({ description: 'The first characters of the key, to tell keys apart' }) keyPrefix: string;
  @ApiProperty({ description: 'Who created it (user:<id>, api-key:<id> or environment-key:<fingerprint>)' }) createdBy: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ nullable: true, type: String }) revokedAt: string | null;
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({ description: 'The key itself: shown this once, stored only as its SHA-256' })
  key: string;
}

/** Keys by creation (their ids are UUIDv7, so the id is the creation order and the unique key). */
export class ApiKeysQuery extends CursorPageQuery {
  @SortQuery(LIST_SORTS.apiKeys)
  sort: ListSort<'apiKeys'> = LIST_SORTS.apiKeys[0];
}

export class ApiKeyPage {
  @ApiProperty({ type: [ApiKeyResponse] }) items: ApiKeyResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export function apiKeyResponse(key: ApiKeyRow): ApiKeyResponse {
  return {
    id: key.id,
    name: key.name,
    role: key.role,
    canReveal: key.canReveal,
    keyPrefix: key.keyPrefix,
    createdBy: key.createdBy,
    createdAt: key.createdAt.toISOString(),
    expiresAt: key.expiresAt.toISOString(),
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}
