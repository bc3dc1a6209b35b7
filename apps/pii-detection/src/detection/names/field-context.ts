import { fieldNameWords } from '../context';

/** What a field's name says about its values. */
export type FieldEntityHint = 'PERSON' | 'LOCATION' | 'NRP';

const PERSON_ALONE = new Set(['firstname', 'lastname', 'surname', 'forename', 'forenames', 'givenname', 'fullname', 'familyname', 'maidenname', 'middlename', 'nickname', 'username_full', 'cardholder', 'holder']);
const PERSON_NAME_PART = new Set(['first', 'last', 'given', 'family', 'middle', 'full', 'maiden', 'sur', 'fore', 'display', 'legal']);
const PERSON_OWNER = new Set([
  'customer', 'client', 'person', 'contact', 'user', 'employee', 'patient', 'holder', 'cardholder', 'account', 'owner', 'author',
  'recipient', 'sender', 'beneficiary', 'guardian', 'mother', 'father', 'spouse', 'parent', 'member', 'student', 'teacher',
  'doctor', 'physician', 'applicant', 'buyer', 'seller', 'tenant', 'landlord', 'driver', 'passenger', 'guest', 'manager',
  'emergency', 'billing', 'shipping', 'receiver', 'payer', 'payee', 'subscriber', 'insured', 'claimant', 'witness', 'agent', 'rep',
]);
const PERSON_WORDS = new Set(['surname', 'forename', 'firstname', 'lastname', 'fullname', 'givenname', 'familyname', 'maidenname']);
const LOCATION_WORDS = new Set(['city', 'town', 'country', 'state', 'province', 'region', 'county', 'municipality', 'locality', 'birthplace', 'village', 'suburb', 'district', 'prefecture', 'canton']);
const NRP_WORDS = new Set(['nationality', 'citizenship', 'religion', 'ethnicity', 'ethnic', 'faith', 'denomination', 'party', 'affiliation', 'nationalities']);
// Fields whose "name" is not a person's.
const NOT_PERSON = new Set(['product', 'item', 'file', 'company', 'org', 'organization', 'organisation', 'business', 'brand', 'host', 'domain', 'server', 'app', 'application', 'service', 'table', 'column', 'field', 'event', 'project', 'team', 'group', 'street', 'city', 'country', 'bank', 'store', 'shop', 'merchant', 'vendor', 'category', 'model', 'device', 'job', 'role', 'title', 'plan', 'tier', 'queue', 'topic', 'bucket', 'key', 'tag', 'type', 'status', 'code']);

/** Entity the field name implies for its whole value, or undefined (e.g. `customer_name` → PERSON, `city` → LOCATION). */
export function fieldEntityHint(fieldName: string | undefined): FieldEntityHint | undefined {
  if (!fieldName) return undefined;
  const words = fieldNameWords(fieldName);
  if (words.length === 0) return undefined;
  const joined = words.join('');
  if (words.some((w) => NRP_WORDS.has(w)) && !words.includes('name')) return 'NRP';
  if (words.some((w) => PERSON_WORDS.has(w)) || PERSON_ALONE.has(joined)) return 'PERSON';
  const nameIdx = words.indexOf('name');
  const hasNot = words.some((w) => NOT_PERSON.has(w));
  if (nameIdx >= 0) {
    if (hasNot && !words.some((w) => PERSON_NAME_PART.has(w))) {
      if (words.some((w) => LOCATION_WORDS.has(w))) return 'LOCATION';
      return undefined;
    }
    if (words.length === 1 || words.some((w) => PERSON_NAME_PART.has(w) || PERSON_OWNER.has(w))) return 'PERSON';
    return undefined;
  }
  // `first`/`last` alone are too vague; `fname`/`lname` are common abbreviations.
  if (words.some((w) => w === 'fname' || w === 'lname' || w === 'fullname')) return 'PERSON';
  if (words.some((w) => LOCATION_WORDS.has(w)) && !words.some((w) => w === 'code' || w === 'id' || w === 'iso')) return 'LOCATION';
  return undefined;
}
