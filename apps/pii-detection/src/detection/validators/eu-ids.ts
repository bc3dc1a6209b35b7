/** Checksums of the EU national identifiers in ENTITY_TYPES. Each takes the raw match. */
import { isValidDate, num2 } from './dates';
import { iso7064Mod11_10Valid } from './iso7064';
import { luhnValid, digitsOnly } from './luhn';
import { mod97 } from './mod97';

const ES_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

function stripSeparators(value: string): string {
  return value.replace(/[\s.\-/]/g, '').toUpperCase();
}

/** Spanish DNI/NIF: 8 digits + mod-23 letter; also K/L/M + 7 digits + letter. */
export function isValidEsNif(value: string): boolean {
  const v = stripSeparators(value);
  let digits: string;
  if (/^\d{8}[A-Z]$/.test(v)) digits = v.slice(0, 8);
  else if (/^[KLM]\d{7}[A-Z]$/.test(v)) digits = v.slice(1, 8);
  else return false;
  return ES_LETTERS[Number(digits) % 23] === v[v.length - 1];
}

/** Spanish NIE: X/Y/Z (→ 0/1/2) + 7 digits + mod-23 letter. */
export function isValidEsNie(value: string): boolean {
  const v = stripSeparators(value);
  if (!/^[XYZ]\d{7}[A-Z]$/.test(v)) return false;
  const n = Number(String('XYZ'.indexOf(v[0])) + v.slice(1, 8));
  return ES_LETTERS[n % 23] === v[8];
}

const IT_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
const IT_MONTHS = 'ABCDEHLMPRST';
const IT_OMOCODE = 'LMNPQRSTUV';

function itValue(c: number, odd: boolean): number {
  const idx = c >= 48 && c <= 57 ? c - 48 : c - 65;
  return odd ? IT_ODD[idx] : idx;
}

/** Italian codice fiscale: 16 chars, structure (month letter, day 1-31 / 41-71, omocodia) + check letter. */
export function isValidItFiscalCode(value: string): boolean {
  const v = value.toUpperCase();
  if (!/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/.test(v)) return false;
  const digitAt = (i: number) => {
    const c = v[i];
    const om = IT_OMOCODE.indexOf(c);
    return om >= 0 ? om : c.charCodeAt(0) - 48;
  };
  const day = digitAt(9) * 10 + digitAt(10);
  const d = day > 40 ? day - 40 : day;
  const month = IT_MONTHS.indexOf(v[8]) + 1;
  if (!isValidDate(2000, month, d)) return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) sum += itValue(v.charCodeAt(i), i % 2 === 0);
  return String.fromCharCode(65 + (sum % 26)) === v[15];
}

/** French NIR (INSEE): 13 chars + 2-digit key = 97 - (n mod 97); Corsica 2A → 19, 2B → 18. */
export function isValidFrNir(value: string): boolean {
  const v = stripSeparators(value);
  if (!/^[1-478]\d{4}(?:\d{2}|2[AB])\d{8}$/.test(v)) return false;
  const month = Number(v.slice(3, 5));
  if (!((month >= 1 && month <= 12) || (month >= 20 && month <= 42) || (month >= 50 && month <= 99))) return false;
  let body = v.slice(0, 13);
  if (body[6] === 'A') body = body.slice(0, 5) + '19' + body.slice(7);
  else if (body[6] === 'B') body = body.slice(0, 5) + '18' + body.slice(7);
  return 97 - mod97(body) === Number(v.slice(13));
}

/**
 * German Steuer-ID: 11 digits, first not 0; in the first 10 exactly one digit occurs 2 or 3 times
 * (never 3 times in a row), all others at most once; last digit ISO 7064 MOD 11,10.
 */
export function isValidDeTaxId(value: string): boolean {
  const d = digitsOnly(value);
  if (d.length !== 11 || d[0] === '0') return false;
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 10; i++) counts[d.charCodeAt(i) - 48]++;
  let repeated = 0;
  for (const c of counts) {
    if (c > 3) return false;
    if (c >= 2) repeated++;
  }
  if (repeated !== 1) return false;
  if (/(\d)\1\1/.test(d.slice(0, 10))) return false;
  return iso7064Mod11_10Valid(d);
}

/** Dutch BSN: 9 digits (8 with a leading zero dropped), elfproef weights 9..2, -1. */
export function isValidNlBsn(value: string): boolean {
  let d = digitsOnly(value);
  if (d.length === 8) d = '0' + d;
  if (d.length !== 9 || d === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (d.charCodeAt(i) - 48) * (9 - i);
  sum -= d.charCodeAt(8) - 48;
  return sum % 11 === 0 && sum !== 0;
}

/** Polish PESEL: 11 digits, encoded birth date (century in month), weights 1,3,7,9. */
export function isValidPlPesel(value: string): boolean {
  const d = digitsOnly(value);
  if (d.length !== 11) return false;
  const yy = num2(d, 0);
  let mm = num2(d, 2);
  const dd = num2(d, 4);
  const centuries = [1900, 2000, 2100, 2200, 1800];
  const century = centuries[Math.floor(mm / 20)];
  mm %= 20;
  if (!isValidDate(century + yy, mm, dd)) return false;
  const w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (d.charCodeAt(i) - 48) * w[i];
  return (10 - (sum % 10)) % 10 === d.charCodeAt(10) - 48;
}

/** Swedish personnummer / samordningsnummer: (YY)YYMMDD[-+]NNNC, date (day+60 allowed), Luhn on 10 digits. */
export function isValidSePersonnummer(value: string): boolean {
  const m = /^(\d{2})?(\d{2})(\d{2})(\d{2})[-+]?(\d{4})$/.exec(value.replace(/\s/g, ''));
  if (!m) return false;
  const yy = Number(m[2]);
  const year = m[1] ? Number(m[1]) * 100 + yy : 1900 + yy;
  if (m[1] && m[1] !== '18' && m[1] !== '19' && m[1] !== '20') return false;
  let day = Number(m[4]);
  if (day > 60) day -= 60;
  if (!isValidDate(year, Number(m[3]), day) && !isValidDate(year + 100, Number(m[3]), day)) return false;
  return luhnValid(m[2] + m[3] + m[4] + m[5]);
}

const FI_CONTROL = '0123456789ABCDEFHJKLMNPRSTUVWXY';
const FI_CENTURY: Record<string, number> = { '+': 1800, '-': 1900, Y: 1900, X: 1900, W: 1900, V: 1900, U: 1900, A: 2000, B: 2000, C: 2000, D: 2000, E: 2000, F: 2000 };

/** Finnish henkilötunnus: DDMMYY + century sign (incl. the 2023 signs) + NNN + mod-31 control character. */
export function isValidFiPersonalIdentityCode(value: string): boolean {
  const v = value.toUpperCase();
  const m = /^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])$/.exec(v);
  if (!m) return false;
  const century = FI_CENTURY[m[4]];
  if (century === undefined || !isValidDate(century + Number(m[3]), Number(m[2]), Number(m[1]))) return false;
  const individual = Number(m[5]);
  // 002-899 are permanent codes, 900-999 temporary ones.
  if (individual < 2) return false;
  return FI_CONTROL[Number(m[1] + m[2] + m[3] + m[5]) % 31] === m[6];
}

/** Portuguese NIF: 9 digits, valid leading digit(s), mod-11 check (r < 2 → 0). */
export function isValidPtNif(value: string): boolean {
  const d = digitsOnly(value);
  if (d.length !== 9 || !/^(?:[1235689]|45|7[0-9])/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (d.charCodeAt(i) - 48) * (9 - i);
  const r = sum % 11;
  return (r < 2 ? 0 : 11 - r) === d.charCodeAt(8) - 48;
}

/** Belgian national number (Rijksregisternummer): YYMMDD NNN CC; CC = 97 - n mod 97, with a 2 prefix for births from 2000. */
export function isValidBeNationalNumber(value: string): boolean {
  const d = digitsOnly(value);
  if (d.length !== 11) return false;
  const mm = num2(d, 2);
  const dd = num2(d, 4);
  // Month may carry +20/+40 (bis numbers); 0 month/day are allowed for unknown birth dates.
  const month = mm % 20;
  if (month > 12 || dd > 31 || mm > 52) return false;
  const counter = Number(d.slice(6, 9));
  if (counter === 0 || counter === 999) return false;
  const check = Number(d.slice(9));
  const body = d.slice(0, 9);
  return 97 - mod97(body) === check || 97 - mod97('2' + body) === check;
}

/** Danish CPR: DDMMYY-SSSS with a valid date. Mod-11 (weights 4,3,2,7,6,5,4,3,2,1) is reported separately. */
export function isValidDkCprDate(value: string): boolean {
  const d = digitsOnly(value);
  if (d.length !== 10) return false;
  const dd = num2(d, 0);
  const mm = num2(d, 2);
  return isValidDate(2000, mm, dd) && (mm !== 2 || dd !== 29 || isValidDate(1900 + num2(d, 4), 2, 29) || isValidDate(2000 + num2(d, 4), 2, 29));
}

export function dkCprMod11(value: string): boolean {
  const d = digitsOnly(value);
  if (d.length !== 10) return false;
  const w = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (d.charCodeAt(i) - 48) * w[i];
  return sum % 11 === 0;
}

/** Austrian Sozialversicherungsnummer: NNNC DDMMYY; C = (weights 3,7,9,_,5,8,4,2,1,6) mod 11 (10 → invalid); date DDMMYY. */
export function isValidAtSocialSecurityNumber(value: string): boolean {
  const d = digitsOnly(value);
  if (d.length !== 10 || d[0] === '0') return false;
  const w = [3, 7, 9, 0, 5, 8, 4, 2, 1, 6];
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (d.charCodeAt(i) - 48) * w[i];
  const check = sum % 11;
  if (check === 10 || check !== d.charCodeAt(3) - 48) return false;
  const dd = num2(d, 4);
  const mm = num2(d, 6);
  // Unknown dates are registered with month 13-15 or day 00; accept those, reject impossible days.
  if (mm >= 13 && mm <= 15) return dd <= 31;
  return dd === 0 || isValidDate(2000, mm, dd);
}

/** Irish PPSN: 7 digits + check letter (+ optional A/B/H/W letter); weights 8..2, 2nd letter ×9, mod 23. */
export function isValidIePpsn(value: string): boolean {
  const v = value.toUpperCase().replace(/\s/g, '');
  const m = /^(\d{7})([A-W])([A-IW]?)$/.exec(v);
  if (!m) return false;
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += (m[1].charCodeAt(i) - 48) * (8 - i);
  if (m[3]) sum += (m[3] === 'W' ? 0 : m[3].charCodeAt(0) - 64) * 9;
  return 'WABCDEFGHIJKLMNOPQRSTUV'[sum % 23] === m[2];
}
