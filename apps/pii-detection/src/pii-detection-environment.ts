import { Transform } from 'class-transformer';
import { IsArray, Matches } from 'class-validator';
import { BaseEnvironment, splitList } from '@atlas/config';

/** 32 bytes in standard base64: 43 characters, the last one carrying 4 zero bits, then `=`. */
const BASE64_32_BYTES = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

export class PiiDetectionEnvironment extends BaseEnvironment {
  override HTTP_PORT = 3002;

  /** HMAC key of the `hash` operator; changing it changes every hash (joins break across the change). */
  @Matches(BASE64_32_BYTES, { message: 'PII_HASH_KEY must be 32 random bytes in base64 (44 characters; generate with: openssl rand -base64 32)' })
  PII_HASH_KEY: string;

  /** Key of the token vault (and of the `encrypt` operator, through a derived key). Losing it makes tokens irreversible. */
  @Matches(BASE64_32_BYTES, { message: 'PII_VAULT_KEY must be 32 random bytes in base64 (44 characters; generate with: openssl rand -base64 32)' })
  PII_VAULT_KEY: string;

  /** API keys allowed to detokenize (comma-separated, at least 24 characters each); empty: nobody can. Not ATLAS_API_KEYS. */
  @Transform(splitList)
  @IsArray({ message: 'PII_DETOKENIZE_API_KEYS must be a comma-separated list of keys' })
  @Matches(/^\S{24,}$/, { each: true, message: 'each key in PII_DETOKENIZE_API_KEYS must be at least 24 characters without spaces' })
  PII_DETOKENIZE_API_KEYS: string[] = [];
}
