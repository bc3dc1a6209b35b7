import { isEmail, ValidateBy, ValidationOptions } from 'class-validator';

// A UTF-16 surrogate not paired with its other half (in a `u` regex a pair is one code point, not Cs).
const LONE_SURROGATE = /\p{Cs}/u;

/** Whether the value is an e-mail address (no TLD required); a lone surrogate makes validator's isEmail throw, so it is refused first. */
export function isEmailAddress(value: unknown): boolean {
  return typeof value === 'string' && !LONE_SURROGATE.test(value) && isEmail(value, { require_tld: false });
}

/** class-validator's IsEmail({ require_tld: false }) without its URIError on a lone surrogate (an answer of 500 instead of 400). */
export function IsEmailAddress(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: 'isEmail', validator: { validate: isEmailAddress } }, validationOptions);
}
