import { Transform } from 'class-transformer';
import { IsArray, Matches } from 'class-validator';
import { BaseEnvironment, PermissionKeySet, splitList } from './base-environment';

/** The variable listing the keys that grant subjects:manage on the services holding a subject's records. */
export const SUBJECT_API_KEYS_VARIABLE = 'ATLAS_SUBJECT_API_KEYS';

/**
 * Variables of a service serving the internal routes of data-subject requests (connector, quality,
 * pii-detection): those routes read raw personal data and erase records, so they need subjects:manage,
 * which only the keys of ATLAS_SUBJECT_API_KEYS grant (never an ordinary service credential of ATLAS_SERVICE_API_KEYS).
 */
export class SubjectServiceEnvironment extends BaseEnvironment {
  /** API keys granting subjects:manage (comma-separated, at least 24 characters each); the gateway calls with the first. Empty: nobody can. */
  @Transform(splitList)
  @IsArray({ message: 'ATLAS_SUBJECT_API_KEYS must be a comma-separated list of keys' })
  @Matches(/^\S{24,}$/, { each: true, message: 'each key in ATLAS_SUBJECT_API_KEYS must be at least 24 characters without spaces' })
  ATLAS_SUBJECT_API_KEYS: string[] = [];

  override permissionKeySets(): PermissionKeySet[] {
    return [{ permission: 'subjects:manage', variable: SUBJECT_API_KEYS_VARIABLE, keys: this.ATLAS_SUBJECT_API_KEYS }];
  }
}
