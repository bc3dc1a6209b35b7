import { DetokenizeAuditEntry, DetokenizeAuditRepository } from '../detokenize-audit.repository';
import { VaultTokenEntity } from '../vault-token.entity';
import { NewVaultToken, VaultTokenRepository } from '../vault-token.repository';

/** In-memory stand-ins for the vault repositories, with the same semantics (ON CONFLICT DO NOTHING). */
export class InMemoryVaultTokens {
  readonly rows = new Map<string, VaultTokenEntity>();
  readonly insertIfAbsent = jest.fn(async (rows: NewVaultToken[]) => {
    for (const row of rows) {
      const clash = [...this.rows.values()].some((existing) => existing.namespace === row.namespace && existing.valueHmac === row.valueHmac);
      if (!clash && !this.rows.has(row.token)) this.rows.set(row.token, { ...row, createdAt: new Date() });
    }
  });
  readonly tokensByHmac = jest.fn(async (namespace: string, hmacs: string[]) => {
    const found = new Map<string, string>();
    for (const row of this.rows.values()) if (row.namespace === namespace && hmacs.includes(row.valueHmac)) found.set(row.valueHmac, row.token);
    return found;
  });
  readonly findByToken = jest.fn(async (token: string) => this.rows.get(token) ?? null);

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
