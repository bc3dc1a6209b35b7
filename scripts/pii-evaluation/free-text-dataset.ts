import { readFileSync } from 'node:fs';
import type { EvalSpan } from './metrics';

/** presidio-research labels → Atlas entity types. Labels absent here are "not evaluated". */
export const LABEL_MAP: Readonly<Record<string, string>> = {
  PERSON: 'PERSON',
  LOCATION: 'LOCATION',
  GPE: 'LOCATION',
  ADDRESS: 'STREET_ADDRESS',
  STREET_ADDRESS: 'STREET_ADDRESS',
  NRP: 'NRP',
  CREDIT_CARD: 'CREDIT_CARD',
  DATE_TIME: 'DATE_TIME',
  US_SSN: 'US_SSN',
  PHONE_NUMBER: 'PHONE_NUMBER',
  EMAIL_ADDRESS: 'EMAIL_ADDRESS',
  IP_ADDRESS: 'IP_ADDRESS',
  IBAN_CODE: 'IBAN_CODE',
  US_DRIVER_LICENSE: 'US_DRIVER_LICENSE',
  US_BANK_NUMBER: 'US_BANK_NUMBER',
  US_PASSPORT: 'US_PASSPORT',
  US_ITIN: 'US_ITIN',
  UK_NHS: 'UK_NHS',
  CRYPTO: 'CRYPTO',
  URL: 'URL',
  MEDICAL_LICENSE: 'MEDICAL_LICENSE',
};

export interface FreeTextSample {
  text: string;
  gold: EvalSpan[];
  /** Gold spans whose label is not evaluated (ORGANIZATION, TITLE, PREFIX, DOMAIN_NAME, ...). */
  unevaluated: EvalSpan[];
}

interface RawSample {
  full_text: string;
  spans: { entity_type: string; entity_value: string; start_position: number; end_position: number }[];
}

export function loadFreeText(path: string, limit?: number): { samples: FreeTextSample[]; rawLabels: Map<string, number>; unevaluatedLabels: Map<string, number> } {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as RawSample[];
  const rows = limit !== undefined ? raw.slice(0, limit) : raw;
  const rawLabels = new Map<string, number>();
  const unevaluatedLabels = new Map<string, number>();
  const samples = rows.map((r) => {
    const gold: EvalSpan[] = [];
    const unevaluated: EvalSpan[] = [];
    for (const s of r.spans) {
      rawLabels.set(s.entity_type, (rawLabels.get(s.entity_type) ?? 0) + 1);
      const mapped = LABEL_MAP[s.entity_type];
      const span = { type: mapped ?? s.entity_type, start: s.start_position, end: s.end_position };
      if (mapped) gold.push(span);
      else {
        unevaluated.push(span);
        unevaluatedLabels.set(s.entity_type, (unevaluatedLabels.get(s.entity_type) ?? 0) + 1);
      }
    }
    return { text: r.full_text, gold, unevaluated };
  });
  return { samples, rawLabels, unevaluatedLabels };
}
