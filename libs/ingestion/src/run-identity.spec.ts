import { v5 as uuidv5 } from 'uuid';
import { derivedRunId, INGESTION_ID_NAMESPACE, openRunId, recordIdAt, recordIdAtLocation, recordIdInRun, recordIdOfKey } from './run-identity';

describe('ingestion ids', () => {
  it('are the version 5 ids of their names in the ingestion namespace, for any text the name holds', () => {
    for (const key of ['42', 'Zoë Ünal', '東京-7', 'emoji 👩‍💻', '']) {
      expect(recordIdOfKey('people', key)).toBe(uuidv5(`people:key:${key}`, INGESTION_ID_NAMESPACE));
      expect(recordIdInRun('0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e01', key)).toBe(uuidv5(`0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e01:in:${key}`, INGESTION_ID_NAMESPACE));
    }
    expect(recordIdAtLocation('people', 'kafka:raw/0/17')).toBe(uuidv5('people:at:kafka:raw/0/17', INGESTION_ID_NAMESPACE));
    expect(derivedRunId('people/0/17')).toBe(uuidv5('run:people/0/17', INGESTION_ID_NAMESPACE));
    expect(openRunId('people', 'retry-1')).toBe(uuidv5('people:retry-1', INGESTION_ID_NAMESPACE));
  });

  it('keep the ids they had before names went in as bytes (fixed values)', () => {
    expect(recordIdAt('0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e01', 3)).toBe('819adebf-fcd9-5852-8e7f-34a89a39f658');
    expect(recordIdOfKey('people', 'Zoë')).toBe('527cbe0b-25d4-58b5-8f82-c7347ec36be3');
  });

  it('refuse a name with an unpaired surrogate, as the uuid package does, instead of giving two such names one id', () => {
    expect(() => recordIdOfKey('people', 'a\ud800')).toThrow(URIError);
  });
});
