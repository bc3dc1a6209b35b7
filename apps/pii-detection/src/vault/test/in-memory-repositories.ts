import { DetokenizeAuditEntry, DetokenizeAuditRepository } from '../detokenize-audit.repository';
import { ProtectionKeys } from '../../anonymization/protection-keys';
import { TokenVault } from '../token-vault';
import { WrappedSecret } from '../vault-crypto';
import { VaultLookupKey } from '../vault-lookup-key';
import { KeyUsage, RewrapAuditEntry, RewrapBatch, RewrapTable, VaultKeyRotationRepository } from '../vault-key-rotation.repository';
import { VaultTokenEntity } from '../vault-token.entity';
import { NewVaultToken, VaultLookup, VaultTokenRepository } from '../vault-token.repository';

/** In-memory stand-ins for the vault repositories, with the same semantics (ON CONFLICT DO NOTHING). */
export class InMemoryVaultTokens {
  readonly rows = new Map<string, VaultTokenEntity>();
  /** vault_token_keys: token → wrapped data key. */
  readonly keys = new Map<string, string>();
  /** vault_token_keys.key_id: token → id of the vault key wrapping its data key. */
  readonly keyIds = new Map<string, string>();
  readonly insertIfAbsent = jest.fn(async (rows: NewVaultToken[]) => {
    for (const { wrappedKey, wrappingKeyId, ...row } of rows) {
      const clash = [...this.rows.values()].some((existing) => existing.namespace === row.namespace && existing.valueHmac === row.valueHmac);
      if (!clash && !this.rows.has(row.token)) {
        this.rows.set(row.token, { ...row, keyScope: 'token', keyId: null, createdAt: new Date() });
        this.keys.set(row.token, wrappedKey);
        this.keyIds.set(row.token, wrappingKeyId);
      }
    }
  });
  readonly tokensByHmac = jest.fn(async (namespace: string, hmacs: string[]) => {
    const found = new Map<string, string>();
    for (const row of this.rows.values()) if (row.namespace === namespace && hmacs.includes(row.valueHmac)) found.set(row.valueHmac, row.token);
    return found;
  });
  readonly findByToken = jest.fn(async (token: string) => {
    const row = this.rows.get(token);
    return row ? { ...row, wrappedKey: this.keys.get(token) ?? null, wrappingKeyId: this.keyIds.get(token) ?? null } : null;
  });
  readonly namespaces = jest.fn(async () => [...new Set([...this.rows.values()].map((row) => row.namespace))].sort());
  readonly tokensOf = jest.fn(async (lookups: readonly VaultLookup[]) =>
    [...this.rows.values()]
      .filter((row) => lookups.some((lookup) => lookup.namespace === row.namespace && lookup.valueHmac === row.valueHmac))
      .map((row) => row.token)
      .sort(),
  );
  readonly shred = jest.fn(async (tokens: readonly string[]) => {
    let shredded = 0;
    for (const token of tokens) {
      this.keys.delete(token);
      this.keyIds.delete(token);
      if (this.rows.delete(token)) shredded++;
    }
    return shredded;
  });

  asRepository(): VaultTokenRepository {
    return this as unknown as VaultTokenRepository;
  }
}

/** In-memory stand-in for VaultKeyRotationRepository over the same rows (batches are not isolated: tests run one at a time). */
export class InMemoryKeyRotation {
  lookup: WrappedSecret | null = null;
  readonly audit: RewrapAuditEntry[] = [];

  constructor(private readonly vault: InMemoryVaultTokens) {}

  readonly lookupKey = jest.fn(async () => this.lookup);
  readonly storeLookupKeyIfAbsent = jest.fn(async (secret: WrappedSecret) => (this.lookup ??= secret));
  readonly storedKeyIds = jest.fn(async () => [...new Set(this.secrets().map((secret) => secret.keyId))].sort());
  readonly usage = jest.fn(async (): Promise<KeyUsage[]> => {
    const usage = new Map<string, KeyUsage>();
    const of = (keyId: string) => usage.get(keyId) ?? usage.set(keyId, { keyId, tokenKeys: 0, vaultScopedValues: 0, lookupKey: false }).get(keyId)!;
    for (const keyId of this.vault.keyIds.values()) of(keyId).tokenKeys++;
    for (const row of this.vault.rows.values()) if (row.keyId !== null) of(row.keyId).vaultScopedValues++;
    if (this.lookup) of(this.lookup.keyId).lookupKey = true;
    return [...usage.values()].sort((a, b) => a.keyId.localeCompare(b.keyId));
  });
  readonly recordRewrap = jest.fn(async (entry: RewrapAuditEntry) => {
    this.audit.push(entry);
  });
  readonly inTransaction = jest.fn(async <T>(work: (batch: RewrapBatch) => Promise<T>) => work(this.batch() as unknown as RewrapBatch));

  asRepository(): VaultKeyRotationRepository {
    return this as unknown as VaultKeyRotationRepository;
  }

  private secrets(): WrappedSecret[] {
    const rows = [...this.vault.rows.values()].filter((row) => row.keyId !== null).map((row) => ({ wrapped: row.valueCiphertext, keyId: row.keyId! }));
    const keys = [...this.vault.keys.entries()].map(([token, wrapped]) => ({ wrapped, keyId: this.vault.keyIds.get(token)! }));
    return [...rows, ...keys, ...(this.lookup ? [this.lookup] : [])];
  }

  private batch() {
    const vault = this.vault;
    return {
      lookupKeyUnder: async (keyIds: readonly string[]) => (this.lookup && keyIds.includes(this.lookup.keyId) ? this.lookup : null),
      replaceLookupKey: async (secret: WrappedSecret) => {
        this.lookup = secret;
      },
      candidates: async (table: RewrapTable, keyIds: readonly string[], limit: number) => {
        const candidates =
          table === 'vault_token_keys'
            ? [...vault.keys.entries()].map(([token, wrapped]) => ({ token, wrapped, keyId: vault.keyIds.get(token)! }))
            : [...vault.rows.values()].filter((row) => row.keyId !== null).map((row) => ({ token: row.token, namespace: row.namespace, wrapped: row.valueCiphertext, keyId: row.keyId! }));
        return candidates
          .filter((candidate) => keyIds.includes(candidate.keyId))
          .sort((a, b) => a.keyId.localeCompare(b.keyId) || a.token.localeCompare(b.token))
          .slice(0, limit);
      },
      replace: async (table: RewrapTable, rows: ReadonlyArray<{ token: string } & WrappedSecret>) => {
        for (const row of rows) {
          if (table === 'vault_token_keys') {
            vault.keys.set(row.token, row.wrapped);
            vault.keyIds.set(row.token, row.keyId);
          } else {
            Object.assign(vault.rows.get(row.token)!, { valueCiphertext: row.wrapped, keyId: row.keyId });
          }
        }
      },
    };
  }
}

export class InMemoryAudit {
  readonly entries: DetokenizeAuditEntry[] = [];
  readonly record = jest.fn(async (entry: DetokenizeAuditEntry) => {
    this.entries.push(entry);
  });

  asRepository(): DetokenizeAuditRepository {
    return this as unknown as DetokenizeAuditRepository;
  }
}

/** A TokenVault over in-memory repositories, its lookup key stored in `rotation` (shared by vaults of one test). */
export function inMemoryTokenVault(keys: ProtectionKeys, tokens: InMemoryVaultTokens, audit = new InMemoryAudit(), rotation = new InMemoryKeyRotation(tokens)): TokenVault {
  return new TokenVault(keys, tokens.asRepository(), audit.asRepository(), new VaultLookupKey(keys, rotation.asRepository()));
}
