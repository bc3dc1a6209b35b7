import { ApiProperty } from '@nestjs/swagger';
import { ApiKeyCaller, CallerKind, Permission, PERMISSIONS, Role } from '@atlas/auth';

/** Who the caller is and what it may do: what a client (the dashboard) needs to hide what would be refused. */
export class CallerProfileResponse {
  @ApiProperty({ enum: ['user', 'api-key', 'environment-key'] })
  kind: CallerKind;

  @ApiProperty({ description: "The user's or API key's id; an environment key's fingerprint" })
  id: string;

  @ApiProperty({ nullable: true, type: String, description: 'The role of a user or API key; null for environment keys' })
  role: Role | null;

  @ApiProperty({ type: [String], description: 'Every permission the credentials grant, in the order of the permission map' })
  permissions: Permission[];
}

export function profileOf(caller: ApiKeyCaller): CallerProfileResponse {
  return { kind: caller.identity.kind, id: caller.identity.id, role: caller.identity.role ?? null, permissions: PERMISSIONS.filter((permission) => caller.has(permission)) };
}
