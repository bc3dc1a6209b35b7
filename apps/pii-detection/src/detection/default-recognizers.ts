import type { Recognizer } from './detection.types';
import { createCryptoRecognizer } from './recognizers/crypto.recognizer';
import { createDateTimeRecognizer } from './recognizers/date-time.recognizer';
import { createEmailRecognizer } from './recognizers/email.recognizer';
import { createEuIdRecognizers } from './recognizers/eu-ids.recognizer';
import { createCreditCardRecognizer, createIbanRecognizer, createUsBankNumberRecognizer } from './recognizers/financial.recognizer';
import { createMedicalLicenseRecognizer, createUkNhsRecognizer } from './recognizers/medical.recognizer';
import { createIpRecognizer, createMacRecognizer, createUrlRecognizer } from './recognizers/network.recognizer';
import { createPhoneRecognizer, type PhoneRecognizerOptions } from './recognizers/phone.recognizer';
import { createStreetAddressRecognizer } from './recognizers/street-address.recognizer';
import { createUsDriverLicenseRecognizer, createUsItinRecognizer, createUsPassportRecognizer, createUsSsnRecognizer } from './recognizers/us-ids.recognizer';

export interface PatternRecognizerConfig {
  phone?: PhoneRecognizerOptions;
}

/** Every deterministic (non-NER) recognizer. Names/locations/NRP come from `./names`, wired by the caller. */
export function createPatternRecognizers(config: PatternRecognizerConfig = {}): Recognizer[] {
  return [
    createEmailRecognizer(),
    createCreditCardRecognizer(),
    createIbanRecognizer(),
    createCryptoRecognizer(),
    createIpRecognizer(),
    createMacRecognizer(),
    createUrlRecognizer(),
    createUsSsnRecognizer(),
    createUsItinRecognizer(),
    createUsPassportRecognizer(),
    createUsBankNumberRecognizer(),
    createUsDriverLicenseRecognizer(),
    createMedicalLicenseRecognizer(),
    createUkNhsRecognizer(),
    createPhoneRecognizer(config.phone),
    createDateTimeRecognizer(),
    createStreetAddressRecognizer(),
    ...createEuIdRecognizers(),
  ];
}
