/** Remainder of a (possibly very long) decimal digit string modulo 97; -1 on a non-digit. */
export function mod97(digits: string): number {
  let r = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    r = (r * 10 + d) % 97;
  }
  return r;
}

/** The "97 - (n mod 97)" key used by the French NIR and the Belgian national number. */
export function key97(digits: string): number {
  const r = mod97(digits);
  return r < 0 ? -1 : 97 - r;
}

/** ISO 7064 MOD 97-10 over an alphanumeric string (letters A=10 … Z=35), as used by IBAN. */
export function iso7064Mod97_10(value: string): number {
  let r = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) r = (r * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) r = (r * 100 + (c - 55)) % 97;
    else return -1;
  }
  return r;
}
