import { Counter } from 'prom-client';

/**
 * Vault use: tokenize (outcome created or reused, per value), shred (per token), detokenize and dead-letter unseal
 * (outcome = the audited reason: granted, not_permitted, invalid_token …). Never a token or a value.
 */
export const vaultOperationsTotal = new Counter({
  name: 'atlas_vault_operations_total',
  help: 'Vault operations, by operation (tokenize, detokenize, unseal, shred, rewrap) and outcome',
  labelNames: ['operation', 'outcome'] as const,
});
