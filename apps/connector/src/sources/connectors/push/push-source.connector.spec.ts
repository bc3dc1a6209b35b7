import { SourceConfigError } from '../source-connector';
import { PUSHED_NOT_READ, PushSourceConnector } from './push-source.connector';

describe('PushSourceConnector', () => {
  it('is pushed, takes no config of its own, and is never read', async () => {
    const connector = new PushSourceConnector();
    expect([connector.type, connector.pushed]).toEqual(['push', true]);
    expect(connector.spec()).toEqual({ type: 'object', additionalProperties: false, properties: {} });
    const reading = connector.read()[Symbol.asyncIterator]().next();
    await expect(reading).rejects.toThrow(new SourceConfigError(PUSHED_NOT_READ));
    await expect(reading).rejects.toBeInstanceOf(SourceConfigError);
  });
});
