import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { FoundSubjectRecord, MAX_SUBJECT_NEEDLES, SubjectRecordMatch } from '@atlas/contracts';
import { ErasurePlan } from './erasure-steps';
import { SubjectServices } from './subject-services';
import { IdentifierType, identifierSpellings, inJsonText } from './subject-identifier';
import { FoundCounts } from './subject-requests.repository';

export interface LocatedSubject {
  plan: ErasurePlan;
  found: FoundCounts;
  /** With payloads only when asked for (an access export). */
  records: FoundSubjectRecord[];
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

/**
 * Finds every record of a subject: Explore by the identifier as written; Navigate and quarantine
 * by the keyed-hash prefixes and vault tokens pii-detection derives from it, by the identifier
 * where protection left it, and by the record ids found in Explore. The identifier lives only in
 * this call's memory.
 */
@Injectable()
export class SubjectLocator {
  constructor(private readonly services: SubjectServices) {}

  async locate(identifierType: IdentifierType, value: string, includePayloads: boolean): Promise<LocatedSubject> {
    const spellings = identifierSpellings(identifierType, value);
    const keys = await this.services.matchKeys(spellings);
    const written = spellings.map(inJsonText);
    const match: SubjectRecordMatch = {
      // E-mail addresses are compared without case; other identifiers exactly.
      contains: [...(identifierType === 'email' ? [] : written), ...keys.hashPrefixes, ...keys.tokens],
      containsIgnoringCase: identifierType === 'email' ? written : [],
      recordIds: [],
    };
    if (match.contains.length > MAX_SUBJECT_NEEDLES) {
      // Only with some hundred vault namespaces holding the identifier: refuse rather than search part of them.
      throw new UnprocessableEntityException({ statusCode: 422, error: 'Unprocessable Entity', code: 'too_many_match_keys', message: `The identifier has more than ${MAX_SUBJECT_NEEDLES} hashes and tokens to search for` });
    }
    const connector = await this.services.searchRecords('connector', { match, includePayloads });
    const exploredIds = connector.records.filter((record) => record.layer === 'explore').map((record) => record.recordId);
    const quality = await this.services.searchRecords('quality', { match: { ...match, recordIds: exploredIds }, includePayloads });
    const records = [...connector.records, ...quality.records];
    const idsOf = (layer: FoundSubjectRecord['layer']) => sorted(records.filter((record) => record.layer === layer).map((record) => record.recordId));
    const identifierTokens = sorted(keys.tokens);
    const rowTokens = sorted([...connector.tokens, ...quality.tokens].filter((token) => !identifierTokens.includes(token)));
    const plan: ErasurePlan = { explore: idsOf('explore'), navigate: idsOf('navigate'), quarantine: idsOf('quarantine'), identifierTokens, rowTokens };
    return {
      plan,
      found: {
        explore: plan.explore.length,
        navigate: plan.navigate.length,
        quarantine: plan.quarantine.length,
        vaultTokens: identifierTokens.length + rowTokens.length,
        truncated: connector.truncated || quality.truncated,
      },
      records,
    };
  }

  /** Of these tokens, the ones some stored row (Navigate or quarantine) still holds. */
  async stillReferenced(tokens: readonly string[]): Promise<Set<string>> {
    const referenced = new Set<string>();
    for (let start = 0; start < tokens.length; start += MAX_SUBJECT_NEEDLES) {
      const chunk = tokens.slice(start, start + MAX_SUBJECT_NEEDLES);
      const match = { contains: chunk, containsIgnoringCase: [], recordIds: [] };
      for (const service of ['connector', 'quality'] as const) {
        const result = await this.services.searchRecords(service, { match, includePayloads: false });
        for (const token of result.tokens) if (chunk.includes(token)) referenced.add(token);
      }
    }
    return referenced;
  }
}
