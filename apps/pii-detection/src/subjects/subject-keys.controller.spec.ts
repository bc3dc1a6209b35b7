import 'reflect-metadata';
import { routePermissionOutcomes } from '@atlas/testing';
import { PiiDetectionEnvironment } from '../pii-detection-environment';
import { SubjectKeysController } from './subject-keys.controller';

const ORDINARY_KEY = 'ordinary-atlas-api-key-00000001';
const SUBJECT_KEY = 'subject-api-key-of-24-chars-0001';

describe('SubjectKeysController permissions', () => {
  it('requires subjects:manage on every internal route: an ordinary ATLAS_SERVICE_API_KEYS key gets 403, an ATLAS_SUBJECT_API_KEYS key passes', () => {
    const environment = Object.assign(new PiiDetectionEnvironment(), { PII_ADMIN_API_KEYS: ['pii-admin-key-of-24-chars-00001'], ATLAS_SERVICE_API_KEYS: [ORDINARY_KEY], ATLAS_SUBJECT_API_KEYS: [SUBJECT_KEY] });
    const refused = '403 This API key lacks the permission subjects:manage; a key from ATLAS_SUBJECT_API_KEYS is required';
    const expected = { permission: 'subjects:manage', answers: { ordinary: refused, subject: 'ok', unknown: '401 The API key is not valid' } };
    const handlers = ['matchKeys', 'shredTokens', 'protectCorrections'];
    expect(Object.getOwnPropertyNames(SubjectKeysController.prototype).filter((name) => name !== 'constructor')).toEqual(handlers);
    expect(routePermissionOutcomes(SubjectKeysController, handlers, environment, { ordinary: ORDINARY_KEY, subject: SUBJECT_KEY, unknown: 'unknown-api-key-of-24-chars-001' })).toEqual(
      Object.fromEntries(handlers.map((handler) => [handler, expected])),
    );
  });

  it('lets no key through when ATLAS_SUBJECT_API_KEYS is empty', () => {
    const environment = Object.assign(new PiiDetectionEnvironment(), { PII_ADMIN_API_KEYS: ['pii-admin-key-of-24-chars-00001'], ATLAS_SERVICE_API_KEYS: [ORDINARY_KEY] });
    const refused = '403 This API key lacks the permission subjects:manage; a key from ATLAS_SUBJECT_API_KEYS is required';
    expect(routePermissionOutcomes(SubjectKeysController, ['matchKeys', 'shredTokens', 'protectCorrections'], environment, { ordinary: ORDINARY_KEY })).toEqual({
      matchKeys: { permission: 'subjects:manage', answers: { ordinary: refused } },
      shredTokens: { permission: 'subjects:manage', answers: { ordinary: refused } },
      protectCorrections: { permission: 'subjects:manage', answers: { ordinary: refused } },
    });
  });
});
