import { Transform } from 'class-transformer';
import { IsArray, Matches, Validate, ValidateIf, ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { parseVaultKeyRing } from './anonymization/vault-key-ring';
import { BASE64_32_BYTES, PermissionKeySet, splitList, SubjectServiceEnvironment } from '@atlas/config';

const blankIsAbsent = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** PII_VAULT_KEYS / PII_VAULT_KEY together make the vault key ring; the message names the problem, never a key. */
@ValidatorConstraint({ name: 'vaultKeyRing' })
class VaultKeyRingConstraint implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    return this.problem(args) === undefined;
  }

  defaultMessage(args: ValidationArguments): string {
    return this.problem(args) ?? '';
  }

  private problem(args: ValidationArguments): string | undefined {
    const environment = args.object as PiiDetectionEnvironment;
    // A lone PII_VAULT_KEY is checked by its own rule (so the error names it).
    if (environment.PII_VAULT_KEYS === undefined && environment.PII_VAULT_KEY !== undefined) return undefined;
    try {
      parseVaultKeyRing(environment.PII_VAULT_KEYS, environment.PII_VAULT_KEY);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  }
}

export class PiiDetectionEnvironment extends SubjectServiceEnvironment {
  override HTTP_PORT = 3002;

  /** HMAC key of the `hash` operator; changing it changes every hash (joins break across the change). */
  @Matches(BASE64_32_BYTES, { message: 'PII_HASH_KEY must be 32 random bytes in base64 (44 characters; generate with: openssl rand -base64 32)' })
  PII_HASH_KEY: string;

  /**
   * The vault key ring: `id:base64,id:base64`, the first the primary (new ciphertexts), the others
   * still opening what they sealed until the re-wrap moved it to the primary. Keys of the token
   * vault and, through derived keys, of `encrypt` and of dead-letter sealing. Losing a key makes
   * what it sealed irreversible.
   */
  @Transform(blankIsAbsent)
  @Validate(VaultKeyRingConstraint)
  PII_VAULT_KEYS?: string;

  /** A single vault key (deployments before rotation): the ring `default:<key>`. Set this or PII_VAULT_KEYS. */
  @Transform(blankIsAbsent)
  @ValidateIf((environment: PiiDetectionEnvironment) => environment.PII_VAULT_KEY !== undefined)
  @Matches(BASE64_32_BYTES, { message: 'PII_VAULT_KEY must be 32 random bytes in base64 (44 characters; generate with: openssl rand -base64 32)' })
  PII_VAULT_KEY?: string;

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
