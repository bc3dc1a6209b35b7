import { Injectable } from '@nestjs/common';
import { SubjectMatchKeysResult } from '@atlas/contracts';
import { hash } from '../anonymization/operators';
import { ProtectionKeys } from '../anonymization/protection-keys';
import { TokenVault } from '../vault/token-vault';

/** Every `hash` output (full, or truncated to at least 16 hex characters) starts with this prefix of the full HMAC. */
export const HASH_PREFIX_LENGTH = 16;

/**
 * What protection turned a data subject's identifier into, so the gateway can find their protected
 * records: the keyed hashes (prefixes) and the vault tokens of its spellings. Never stores or logs the identifier.
 */
@Injectable()
export class SubjectKeysService {
  constructor(
    private readonly keys: ProtectionKeys,
    private readonly vault: TokenVault,
  ) {}

  async matchKeys(values: readonly string[]): Promise<SubjectMatchKeysResult> {
    const distinct = [...new Set(values)];
    const hashPrefixes = distinct.flatMap((value) =>
      (['sha256', 'sha512'] as const).map((hashType) => hash(value, this.keys.hashKey, { hashType }).slice(0, HASH_PREFIX_LENGTH)),
    );
    return { hashPrefixes, tokens: await this.vault.tokensOfValues(distinct) };
  }

  shred(tokens: readonly string[]): Promise<number> {
    return this.vault.shred([...new Set(tokens)]);
  }
}
