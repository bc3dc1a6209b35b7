/**
 * What a subject request searches and erases, and what it does not: answered with every request
 * (and written in docs/architecture.md), so nobody reads "nothing found" as "nothing anywhere".
 */
export const SUBJECT_REQUEST_COVERAGE = {
  covered: [
    'connector.explore_records (raw): the identifier as written (as given and normalised; e-mail addresses in any case)',
    'connector.navigate_records (protected): the keyed hashes (every hash operator output) and vault tokens of the identifier, the identifier where protection left it, and the record ids found in Explore',
    'quality.quarantined_records (protected): as Navigate',
    'pii_detection.vault_tokens: the tokens of the identifier in every namespace, and the other tokens of the subject’s rows that no other row holds (crypto-shredded: key and ciphertext deleted)',
  ],
  notCovered: [
    'atlas.dead-letter.v1 and connector.dead_letters: dead letters keep the original bytes sealed to the vault key (opened only through the audited pii:reveal unseal endpoint); they are neither searched nor erased, and expire with the topic retention (30 days)',
    'Kafka record topics (raw, ingest, explore, protected, chart): immutable logs, expire with their retention (7 days)',
    'database backups: raw Explore rows in a backup stay until the backup expires; vault values are unreadable once pii_detection.vault_token_keys holds no copy of the key',
    'values protected by replace, redact, mask or encrypt in records whose Explore row is gone, and the identifier spelled otherwise (another phone formatting)',
    'records still in flight when the request located the subject: run another request once the pipeline is idle',
  ],
} as const;
