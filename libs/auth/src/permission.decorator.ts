import { SetMetadata } from '@nestjs/common';

export const REQUIRED_PERMISSION_KEY = 'atlas:requiredPermission';

/**
 * Permissions beyond "holds an Atlas API key". Until the gateway brings users and roles, each is
 * granted by its own key set in the environment (see the permission guard): an ordinary ingest key
 * never carries them.
 *  - `pii:admin`: change protection policies and column classifications, and call /anonymize with
 *    the production keys (hash, encrypt, tokenize).
 *  - `pii:reveal`: detokenize vault tokens and decrypt dead letters; every use is audited.
 */
export type Permission = 'pii:admin' | 'pii:reveal';

/** Marks an endpoint as needing a permission in addition to a valid API key. */
export const RequirePermission = (permission: Permission) => SetMetadata(REQUIRED_PERMISSION_KEY, permission);
