import { Transform } from 'class-transformer';
import { IsArray, Matches } from 'class-validator';
import { BASE64_32_BYTES, PermissionKeySet, splitList, SubjectServiceEnvironment } from '@atlas/config';

export class PiiDetectionEnvironment extends SubjectServiceEnvironment {
  override HTTP_PORT = 3002;

  /** HMAC key of the `hash` operator; changing it changes every hash (joins break across the change). */
  @Matches(BASE64_32_BYTES, { message: 'PII_HASH_KEY must be 32 random bytes in base64 (44 characters; generate with: openssl rand -base64 32)' })
  PII_HASH_KEY: string;

  /** Key of the token vault (and, through derived keys, of `encrypt` and of dead-letter sealing). Losing it makes tokens irreversible. */
  @Matches(BASE64_32_BYTES, { message: 'PII_VAULT_KEY must be 32 random bytes in base64 (44 characters; generate with: openssl rand -base64 32)' })
  PII_VAULT_KEY: string;

  /** API keys granting pii:reveal: detokenize and unseal dead letters (comma-separated, at least 24 characters each); empty: nobody can. */
  @Transform(splitList)
  @IsArray({ message: 'PII_DETOKENIZE_API_KEYS must be a comma-separated list of keys' })
  @Matches(/^\S{24,}$/, { each: true, message: 'each key in PII_DETOKENIZE_API_KEYS must be at least 24 characters without spaces' })
  PII_DETOKENIZE_API_KEYS: string[] = [];

  /** API keys granting pii:admin: change policies and classifications, /anonymize with hash, encrypt or tokenize; empty: nobody can. */
  @Transform(splitList)
  @IsArray({ message: 'PII_ADMIN_API_KEYS must be a comma-separated list of keys' })
  @Matches(/^\S{24,}$/, { each: true, message: 'each key in PII_ADMIN_API_KEYS must be at least 24 characters without spaces' })
  PII_ADMIN_API_KEYS: string[] = [];

  override permissionKeySets(): PermissionKeySet[] {
    return [
      ...super.permissionKeySets(),
      { permission: 'pii:admin', variable: 'PII_ADMIN_API_KEYS', keys: this.PII_ADMIN_API_KEYS },
      { permission: 'pii:reveal', variable: 'PII_DETOKENIZE_API_KEYS', keys: this.PII_DETOKENIZE_API_KEYS },
    ];
  }
}
