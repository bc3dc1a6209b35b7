import { DeadLetterUnsealAuditEntry, DeadLetterUnsealAuditRepository } from '../dead-letter-unseal-audit.repository';

/** In-memory stand-in for the unseal audit repository (unit tests only). */
export class InMemoryUnsealAudit {
  readonly entries: DeadLetterUnsealAuditEntry[] = [];
  readonly record = jest.fn(async (entry: DeadLetterUnsealAuditEntry) => {
    this.entries.push(entry);
  });

  asRepository(): DeadLetterUnsealAuditRepository {
    return this as unknown as DeadLetterUnsealAuditRepository;
  }
}
