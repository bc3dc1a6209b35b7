import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsEmailAddress } from './email-address';
import { Role, ROLES } from '@atlas/auth';
import { LIST_SORTS, ListSort } from '@atlas/contracts';
import { CursorPageQuery, SortQuery } from '@atlas/platform';
import { UserRow } from '../users.repository';

export class CreateUserBody {
  @ApiProperty({ example: 'ada@example.com' })
  @IsEmailAddress({ message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 12, maxLength: 128, description: '12 to 128 characters' })
  @Matches(/^[\s\S]{12,128}$/, { message: 'password must be 12 to 128 characters' })
  password: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role: Role;

  @ApiPropertyOptional({ default: false, description: 'Grants pii:reveal (detokenize, unseal), which no role implies' })
  @IsOptional()
  @IsBoolean()
  canReveal: boolean = false;
}

export class UserIdParams {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class UserResponse {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty() canReveal: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) disabledAt: string | null;
}

/** Users by creation (their ids are UUIDv7, so the id is the creation order and the unique key). */
export class UsersQuery extends CursorPageQuery {
  @SortQuery(LIST_SORTS.users)
  sort: ListSort<'users'> = LIST_SORTS.users[0];
}

export class UserPage {
  @ApiProperty({ type: [UserResponse] }) items: UserResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

/** A user as the API shows it: never the password hash. */
export function userResponse(user: UserRow): UserResponse {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    canReveal: user.canReveal,
    createdAt: user.createdAt.toISOString(),
    disabledAt: user.disabledAt?.toISOString() ?? null,
  };
}
