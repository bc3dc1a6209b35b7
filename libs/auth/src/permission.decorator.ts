import { SetMetadata } from '@nestjs/common';
import { Permission } from './permissions';

export type { Permission } from './permissions';

export const REQUIRED_PERMISSION_KEY = 'atlas:requiredPermission';

/**
 * Marks an endpoint as needing a permission (see ./permissions.ts for the map) in addition to valid
 * credentials. Environment key sets grant them too: PII_ADMIN_API_KEYS `pii:admin`,
 * PII_DETOKENIZE_API_KEYS `pii:reveal`, ATLAS_SUBJECT_API_KEYS `subjects:manage`; an ordinary
 * environment key (ATLAS_SERVICE_API_KEYS on a service, ATLAS_API_KEYS at the gateway) holds ENVIRONMENT_API_KEY_PERMISSIONS.
 */
export const RequirePermission = (permission: Permission) => SetMetadata(REQUIRED_PERMISSION_KEY, permission);
