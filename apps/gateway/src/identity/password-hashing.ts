import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Argon2id with OWASP's first recommended configuration (Password Storage Cheat Sheet): 19 MiB of
 * memory, 2 passes, 1 lane; a 16-byte random salt and a 32-byte tag.
 */
export const ARGON2ID_PARAMETERS = { memoryKibibytes: 19456, passes: 2, parallelism: 1, saltBytes: 16, tagBytes: 32 } as const;

interface Argon2idParameters {
  memoryKibibytes: number;
  passes: number;
  parallelism: number;
}

function derive(password: string, salt: Buffer, parameters: Argon2idParameters, tagBytes: number): Promise<Buffer> {
  return new Promise((resolveTag, reject) =>
    argon2(
      'argon2id',
      { message: Buffer.from(password, 'utf8'), nonce: salt, memory: parameters.memoryKibibytes, passes: parameters.passes, parallelism: parameters.parallelism, tagLength: tagBytes },
      (error, tag) => (error ? reject(error) : resolveTag(Buffer.from(tag))),
    ),
  );
}

const base64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');

/** The password's Argon2id hash as a PHC string: `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<tag>`. */
export async function hashPassword(password: string): Promise<string> {
  const { saltBytes, tagBytes, ...parameters } = ARGON2ID_PARAMETERS;
  const salt = randomBytes(saltBytes);
  const tag = await derive(password, salt, parameters, tagBytes);
  return `$argon2id$v=19$m=${parameters.memoryKibibytes},t=${parameters.passes},p=${parameters.parallelism}$${base64(salt)}$${base64(tag)}`;
}

const PHC = /^\$argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,3}),p=(\d{1,2})\$([A-Za-z0-9+/]{11,})\$([A-Za-z0-9+/]{22,})$/;

/**
 * Whether `password` matches a PHC string from hashPassword. The parameters come from the stored
 * hash, so hashes made with older parameters keep verifying. A malformed hash matches nothing.
 */
export async function verifyPassword(password: string, phc: string): Promise<boolean> {
  const parts = PHC.exec(phc);
  if (!parts) return false;
  const [, memory, passes, parallelism, salt, tag] = parts;
  const expected = Buffer.from(tag, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { memoryKibibytes: Number(memory), passes: Number(passes), parallelism: Number(parallelism) }, expected.length);
  return timingSafeEqual(actual, expected);
}

/**
 * A hash verified when a login names no existing user, so an unknown e-mail costs the same time as
 * a wrong password and does not reveal which accounts exist.
 */
export const DECOY_PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
