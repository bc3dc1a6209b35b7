import { DetokenizeAuditEntry, DetokenizeAuditRepository } from '../detokenize-audit.repository';
import { VaultTokenEntity } from '../vault-token.entity';
import { NewVaultToken, VaultLookup, VaultTokenRepository } from '../vault-token.repository';

/** In-memory stand-ins for the vault repositories, with the same semantics (ON CONFLICT DO NOTHING). */
export class InMemoryVaultTokens {
  readonly rows = new Map<string, VaultTokenEntity>();
  /** vault_token_keys: token → wrapped data key. */
  readonly keys = new Map<string, string>();
  readonly insertIfAbsent = jest.fn(async (rows: NewVaultToken[]) => {
    for (const { wrappedKey, ...row } of rows) {
      const clash = [...this.rows.values()].some((existing) => existing.namespace === row.namespace && existing.valueHmac === row.valueHmac);
      if (!clash && !this.rows.has(row.token)) {
        this.rows.set(row.token, { ...row, keyScope: 'token', createdAt: new Date() });
        this.keys.set(row.token, wrappedKey);
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
    return row ? { ...row, wrappedKey: this.keys.get(token) ?? null } : null;
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
      if (this.rows.delete(token)) shredded++;
    }
    return shredded;
  });

  asRepository(): VaultTokenRepository {
    return this as unknown as VaultTokenRepository;
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
