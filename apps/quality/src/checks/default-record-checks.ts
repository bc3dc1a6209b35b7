import type { RecordCheckFactory } from './record-check';
import { allowedValuesCheckFactory } from './types/allowed-values.check';
import { exclusiveMaximumCheckFactory, exclusiveMinimumCheckFactory, maximumCheckFactory, minimumCheckFactory, multipleOfCheckFactory, numberFormatCheckFactory } from './types/bound.checks';
import { maxItemsCheckFactory, maxPropertiesCheckFactory, minItemsCheckFactory, minPropertiesCheckFactory, requiredKeysCheckFactory, uniqueItemsCheckFactory } from './types/collection.checks';
import { expressionCheckFactory } from './types/expression.check';
import { forbiddenKeysCheckFactory } from './types/forbidden-keys.check';
import { logicalTypeCheckFactory } from './types/logical-type.check';
import { notNullCheckFactory } from './types/not-null.check';
import { createReferenceCheckFactory } from './types/reference.check';
import { formatCheckFactory, maxLengthCheckFactory, minLengthCheckFactory, patternCheckFactory } from './types/string.checks';
import { timezoneCheckFactory } from './types/timezone.check';

/** Every per-record check type Atlas evaluates in the stream. A new type is one factory added here. */
export function createRecordCheckFactories(): RecordCheckFactory[] {
  return [
    notNullCheckFactory,
    logicalTypeCheckFactory,
    patternCheckFactory,
    formatCheckFactory,
    minLengthCheckFactory,
    maxLengthCheckFactory,
    minimumCheckFactory,
    maximumCheckFactory,
    exclusiveMinimumCheckFactory,
    exclusiveMaximumCheckFactory,
    multipleOfCheckFactory,
    numberFormatCheckFactory,
    allowedValuesCheckFactory,
    minItemsCheckFactory,
    maxItemsCheckFactory,
    uniqueItemsCheckFactory,
    minPropertiesCheckFactory,
    maxPropertiesCheckFactory,
    requiredKeysCheckFactory,
    timezoneCheckFactory,
    forbiddenKeysCheckFactory,
    expressionCheckFactory,
    createReferenceCheckFactory(),
  ];
}
