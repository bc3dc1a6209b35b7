import { Injectable } from '@nestjs/common';
import { TokenVault } from '../vault/token-vault';
import { anonymize, AnonymizeResult, AnonymizerSpan } from './anonymizer';
import { applySyncOperator, DEFAULT_TOKEN_NAMESPACE, DROP, Dropped, OperatorConfig, OperatorMap } from './operators';
import { ResolvedPolicy } from './policies/policy.types';
import { ProtectionKeys } from './protection-keys';

/** The anonymizer with Atlas's keys and vault wired in; what the pipeline and the Presidio API call. */
@Injectable()
export class AnonymizerService {
  constructor(
    private readonly keys: ProtectionKeys,
    private readonly vault: TokenVault,
  ) {}

  /** Protects the spans of a text with an operator per entity type (DEFAULT for the rest). */
  anonymize(text: string, spans: readonly AnonymizerSpan[], operators: OperatorMap): Promise<AnonymizeResult> {
    return anonymize(text, spans, operators, { keys: this.keys, tokenizer: this.vault });
  }

  /** Protects the spans of a text with a policy's entity rules; report `policy.policyId`/`policy.version` with the result. */
  anonymizeWithPolicy(text: string, spans: readonly AnonymizerSpan[], policy: ResolvedPolicy): Promise<AnonymizeResult> {
    return this.anonymize(text, spans, policy.rules);
  }

  /**
   * Applies a field rule to a whole field value (`fieldRules` of a policy). Returns DROP when the
   * field must be removed from the record; the caller deletes the key.
   */
  async protectWholeValue(value: string, entityType: string, rule: OperatorConfig): Promise<string | Dropped> {
    switch (rule.operator) {
      case 'drop':
        return DROP;
      case 'tokenize':
        return this.vault.tokenize(rule.params?.namespace ?? DEFAULT_TOKEN_NAMESPACE, entityType, value);
      default:
        return applySyncOperator(value, entityType, rule, this.keys);
    }
  }
}
