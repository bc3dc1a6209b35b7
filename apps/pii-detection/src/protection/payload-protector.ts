import { PiiFinding, Protection } from '@atlas/contracts';
import { DetectedSpan, detectEmailAddresses } from './email-detector';

export const DEFAULT_POLICY = { policyId: 'default', policyVersion: 1 } as const;
const REPLACE_OPERATOR = 'replace';

export interface ProtectedPayload {
  payload: Record<string, unknown>;
  protection: Protection;
}

/**
 * Applies the protection policy to a record: every string anywhere in the payload is scanned and
 * each finding is replaced by its entity type. Findings carry field paths and offsets, not values.
 */
export class PayloadProtector {
  protect(payload: Record<string, unknown>): ProtectedPayload {
    const findings: PiiFinding[] = [];
    const protectedPayload = this.protectValue(payload, '', findings) as Record<string, unknown>;
    return { payload: protectedPayload, protection: { ...DEFAULT_POLICY, findings } };
  }

  private protectValue(value: unknown, path: string, findings: PiiFinding[]): unknown {
    if (typeof value === 'string') return this.protectText(value, path, findings);
    if (Array.isArray(value)) return value.map((item, index) => this.protectValue(item, `${path}[${index}]`, findings));
    if (typeof value === 'object' && value !== null) {
      const result: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) {
        result[key] = this.protectValue(child, path ? `${path}.${key}` : key, findings);
      }
      return result;
    }
    return value;
  }

  private protectText(text: string, path: string, findings: PiiFinding[]): string {
    const spans: DetectedSpan[] = detectEmailAddresses(text);
    if (spans.length === 0) return text;
    let protectedText = '';
    let cursor = 0;
    for (const span of spans) {
      findings.push({ field: path, entityType: span.entityType, start: span.start, end: span.end, score: span.score, operator: REPLACE_OPERATOR });
      protectedText += `${text.slice(cursor, span.start)}<${span.entityType}>`;
      cursor = span.end;
    }
    return protectedText + text.slice(cursor);
  }
}
