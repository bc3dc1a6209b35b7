/**
 * ISO 7064 MOD 11,10 (hybrid system) check digit over the given digits, as used by the German
 * Steuerliche Identifikationsnummer. Returns -1 on a non-digit.
 */
export function iso7064Mod11_10CheckDigit(digits: string): number {
  let product = 10;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    let sum = (d + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  const check = 11 - product;
  return check === 10 ? 0 : check;
}

/** True when the last digit is the ISO 7064 MOD 11,10 check digit of the preceding ones. */
export function iso7064Mod11_10Valid(digits: string): boolean {
  if (digits.length < 2) return false;
  const check = iso7064Mod11_10CheckDigit(digits.slice(0, -1));
  return check >= 0 && check === digits.charCodeAt(digits.length - 1) - 48;
}
