import 'reflect-metadata';
import { routePermissionOutcomes } from '@atlas/testing';
import { ConnectorEnvironment } from '../connector-environment';
import { SubjectRecordsController } from './subject-records.controller';

const ORDINARY_KEY = 'ordinary-atlas-api-key-00000001';
const SUBJECT_KEY = 'subject-api-key-of-24-chars-0001';

describe('SubjectRecordsController permissions', () => {
  it('requires subjects:manage on every internal route: an ordinary ATLAS_API_KEYS key gets 403, an ATLAS_SUBJECT_API_KEYS key passes', () => {
    const environment = Object.assign(new ConnectorEnvironment(), { ATLAS_API_KEYS: [ORDINARY_KEY], ATLAS_SUBJECT_API_KEYS: [SUBJECT_KEY] });
    const refused = '403 This API key lacks the permission subjects:manage; a key from ATLAS_SUBJECT_API_KEYS is required';
    const expected = { permission: 'subjects:manage', answers: { ordinary: refused, subject: 'ok', unknown: '401 The API key is not valid' } };
    const handlers = ['search', 'erase'];
    expect(Object.getOwnPropertyNames(SubjectRecordsController.prototype).filter((name) => name !== 'constructor')).toEqual(handlers);
    expect(routePermissionOutcomes(SubjectRecordsController, handlers, environment, { ordinary: ORDINARY_KEY, subject: SUBJECT_KEY, unknown: 'unknown-api-key-of-24-chars-001' })).toEqual(
      Object.fromEntries(handlers.map((handler) => [handler, expected])),
    );
  });

  it('lets no key through when ATLAS_SUBJECT_API_KEYS is empty', () => {
    const environment = Object.assign(new ConnectorEnvironment(), { ATLAS_API_KEYS: [ORDINARY_KEY] });
    const refused = '403 This API key lacks the permission subjects:manage; a key from ATLAS_SUBJECT_API_KEYS is required';
    expect(routePermissionOutcomes(SubjectRecordsController, ['search', 'erase'], environment, { ordinary: ORDINARY_KEY })).toEqual({
      search: { permission: 'subjects:manage', answers: { ordinary: refused } },
      erase: { permission: 'subjects:manage', answers: { ordinary: refused } },
    });
  });
});
