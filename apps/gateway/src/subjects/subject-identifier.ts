import { createHmac, hkdfSync } from 'node:crypto';

export const IDENTIFIER_TYPES = ['email', 'phone', 'other'] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

/** The key of identifier hashes: derived from GATEWAY_TOKEN_SIGNING_KEY for this purpose only. */
export function identifierHashKey(signingKeyBase64: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(signingKeyBase64, 'base64'), Buffer.alloc(0), 'atlas/gateway/subject-identifier/v1', 32));
}

/** The form an identifier is hashed in: e-mails are compared without case, phones without separators. */
export function normalisedIdentifier(type: IdentifierType, value: string): string {
  const trimmed = value.trim();
  if (type === 'email') return trimmed.toLowerCase();
  if (type === 'phone') return compactPhone(trimmed);
  return trimmed;
}

/** What requests store instead of the identifier: a keyed HMAC of its type and normalised form. */
export function identifierHash(key: Buffer, type: IdentifierType, value: string): string {
  return createHmac('sha256', key).update(`${type}\u0000${normalisedIdentifier(type, value)}`, 'utf8').digest('hex');
}

const compactPhone = (phone: string) => phone.replace(/[\s().-]/g, '');

/**
 * The spellings searched for: as given (trimmed) and normalised. A record holding the identifier
 * spelled otherwise (another phone formatting) is found only through a record that matched.
 */
export function identifierSpellings(type: IdentifierType, value: string): string[] {
  const trimmed = value.trim();
  return [...new Set([trimmed, normalisedIdentifier(type, trimmed)])];
}

/** A value as it appears inside a stored payload's JSON text (quotes, backslashes and control characters escaped). */
export function inJsonText(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}
