import { digitsOnly } from './luhn';

const SSN_TEST_NUMBERS = new Set(['123456789', '987654320', '987654321', '987654322', '987654323', '987654324', '987654325', '987654326', '987654327', '987654328', '987654329', '078051120', '219099999', '457555462']);

/**
 * US SSN invalidation rules (Presidio's plus the SSA's): area 000, 666 or 9xx; group 00; serial
 * 0000; all digits the same; well-known advertising/test numbers. Input: the 9 digits.
 */
export function isValidSsn(value: string): boolean {
  const d = digitsOnly(value);
  if (d.length !== 9) return false;
  const area = d.slice(0, 3);
  if (area === '000' || area === '666' || d[0] === '9') return false;
  if (d.slice(3, 5) === '00' || d.slice(5) === '0000') return false;
  if (/^(\d)\1{8}$/.test(d)) return false;
  return !SSN_TEST_NUMBERS.has(d);
}

/** US ITIN: 9xx, group 50-65, 70-88, 90-92 or 94-99; serial not 0000. Input: the 9 digits. */
export function isValidItin(value: string): boolean {
  const d = digitsOnly(value);
  if (d.length !== 9 || d[0] !== '9') return false;
  const g = Number(d.slice(3, 5));
  const groupOk = (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || (g >= 94 && g <= 99);
  return groupOk && d.slice(5) !== '0000';
}

/**
 * DEA registration number: 2 letters + 7 digits; (d1+d3+d5) + 2*(d2+d4+d6) ends in d7.
 * First letter is the registrant type, second the registrant's surname initial (or 9).
 */
export function isValidDeaNumber(value: string): boolean {
  if (!/^[ABCDEFGHJKLMPRSTUX][A-Z9]\d{7}$/.test(value)) return false;
  const n = (i: number) => value.charCodeAt(2 + i) - 48;
  const sum = n(0) + n(2) + n(4) + 2 * (n(1) + n(3) + n(5));
  return sum % 10 === n(6);
}

/** UK NHS number: 10 digits, weights 10..2, check = 11 - sum mod 11 (11 → 0, 10 → invalid). */
export function isValidNhsNumber(value: string): boolean {
  const d = digitsOnly(value);
  if (d.length !== 10 || /^(\d)\1{9}$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (d.charCodeAt(i) - 48) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  return check !== 10 && check === d.charCodeAt(9) - 48;
}
