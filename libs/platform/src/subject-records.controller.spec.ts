import 'reflect-metadata';
import { SubjectServiceEnvironment } from '@atlas/config';
import { routePermissionOutcomes } from '@atlas/testing';
import { SubjectRecordsController, SubjectRecordStore } from './subject-records.controller';

const ORDINARY_KEY = 'ordinary-atlas-api-key-00000001';
const SUBJECT_KEY = 'subject-api-key-of-24-chars-0001';
const REFUSED = '403 This API key lacks the permission subjects:manage; a key from ATLAS_SUBJECT_API_KEYS is required';

describe('SubjectRecordsController (connector and quality)', () => {
  it('requires subjects:manage on every internal route: an ordinary ATLAS_SERVICE_API_KEYS key gets 403, an ATLAS_SUBJECT_API_KEYS key passes', () => {
    const environment = Object.assign(new SubjectServiceEnvironment(), { ATLAS_SERVICE_API_KEYS: [ORDINARY_KEY], ATLAS_SUBJECT_API_KEYS: [SUBJECT_KEY] });
    const expected = { permission: 'subjects:manage', answers: { ordinary: REFUSED, subject: 'ok', unknown: '401 The API key is not valid' } };
    const handlers = ['search', 'erase', 'rectify'];
    expect(Object.getOwnPropertyNames(SubjectRecordsController.prototype).filter((name) => name !== 'constructor')).toEqual(handlers);
    expect(routePermissionOutcomes(SubjectRecordsController, handlers, environment, { ordinary: ORDINARY_KEY, subject: SUBJECT_KEY, unknown: 'unknown-api-key-of-24-chars-001' })).toEqual(
      Object.fromEntries(handlers.map((handler) => [handler, expected])),
    );
  });

  it('lets no key through when ATLAS_SUBJECT_API_KEYS is empty', () => {
    const environment = Object.assign(new SubjectServiceEnvironment(), { ATLAS_SERVICE_API_KEYS: [ORDINARY_KEY] });
    expect(routePermissionOutcomes(SubjectRecordsController, ['search', 'erase', 'rectify'], environment, { ordinary: ORDINARY_KEY })).toEqual({
      search: { permission: 'subjects:manage', answers: { ordinary: REFUSED } },
      erase: { permission: 'subjects:manage', answers: { ordinary: REFUSED } },
      rectify: { permission: 'subjects:manage', answers: { ordinary: REFUSED } },
    });
  });

  it("hands each request to the service's store and answers what it answers", async () => {
    const store: SubjectRecordStore = {
      search: jest.fn().mockResolvedValue({ tables: [] }),
      erase: jest.fn().mockResolvedValue({ deleted: 2 }),
      rectify: jest.fn().mockResolvedValue({ rectified: 1 }),
    };
    const controller = new SubjectRecordsController(store);
    const search = { match: { contains: ['erin@example.com'], containsIgnoringCase: [], recordIds: [] }, includePayloads: false } as never;
    const erase = { layer: 'explore', recordIds: ['0190b8a4-0000-7000-8000-000000000001', '0190b8a4-0000-7000-8000-000000000002'] } as never;
    await expect(controller.search(search)).resolves.toEqual({ tables: [] });
    await expect(controller.erase(erase)).resolves.toEqual({ deleted: 2 });
    expect(store.search).toHaveBeenCalledWith(search);
    expect(store.erase).toHaveBeenCalledWith(erase);
    const rectify = { layer: 'explore', recordIds: ['0190b8a4-0000-7000-8000-000000000001'], fieldsBySource: { people: { name: 'Erin Rectified' } } } as never;
    await expect(controller.rectify(rectify)).resolves.toEqual({ rectified: 1 });
    expect(store.rectify).toHaveBeenCalledWith(rectify);
  });
});
