import { RectificationPlan } from './rectification-steps';
import { SubjectLocator } from './subject-locator';
import { SubjectRectifier } from './subject-rectifier';
import { SubjectServices } from './subject-services';

const OLD_TOKEN = `tok_${'a'.repeat(26)}`;
const SHARED_TOKEN = `tok_${'b'.repeat(26)}`;
const NEW_TOKEN = `tok_${'c'.repeat(26)}`;
const PLAN: RectificationPlan = {
  explore: ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'],
  navigate: ['00000000-0000-4000-8000-000000000001'],
  quarantine: [],
  sourceIds: ['crm', 'people'],
  replacedTokens: [OLD_TOKEN, SHARED_TOKEN],
};
const OPENED = { corrections: { name: 'Erin Rectified' }, protectedBySource: { people: { name: NEW_TOKEN }, crm: { name: '<PERSON>' } } };

function setup() {
  const services = {
    rectifyRecords: jest.fn(async (_service: string, request: { recordIds: string[] }) => ({ rectified: request.recordIds.length })),
    shredTokens: jest.fn(async (tokens: string[]) => ({ shredded: tokens.length })),
  };
  // Someone else's row still holds SHARED_TOKEN.
  const locator = { stillReferenced: jest.fn(async () => new Set([SHARED_TOKEN])) };
  const open = jest.fn(async () => OPENED);
  return { services, locator, open, rectifier: new SubjectRectifier(services as unknown as SubjectServices, locator as unknown as SubjectLocator) };
}

describe('SubjectRectifier', () => {
  it('gives Explore the new values under every source, Navigate and quarantine the protected values of each source', async () => {
    const { services, open, rectifier } = setup();
    expect(await rectifier.execute('rectify_explore', PLAN, open)).toBe(2);
    expect(await rectifier.execute('rectify_navigate', PLAN, open)).toBe(1);
    expect(services.rectifyRecords.mock.calls).toEqual([
      ['connector', { layer: 'explore', recordIds: PLAN.explore, fieldsBySource: { crm: OPENED.corrections, people: OPENED.corrections } }],
      ['connector', { layer: 'navigate', recordIds: PLAN.navigate, fieldsBySource: OPENED.protectedBySource }],
    ]);
  });

  it('calls no service and opens nothing for a layer without records', async () => {
    const { services, open, rectifier } = setup();
    expect(await rectifier.execute('rectify_quarantine', PLAN, open)).toBe(0);
    expect(services.rectifyRecords).not.toHaveBeenCalled();
    expect(open).not.toHaveBeenCalled();
  });

  it('shreds the replaced tokens no row holds any more, and nothing when every one is still held', async () => {
    const { services, locator, open, rectifier } = setup();
    expect(await rectifier.execute('shred_replaced_tokens', PLAN, open)).toBe(1);
    expect(locator.stillReferenced).toHaveBeenCalledWith([OLD_TOKEN, SHARED_TOKEN]);
    expect(services.shredTokens.mock.calls).toEqual([[[OLD_TOKEN]]]);
    locator.stillReferenced.mockResolvedValueOnce(new Set([OLD_TOKEN, SHARED_TOKEN]));
    expect(await rectifier.execute('shred_replaced_tokens', PLAN, open)).toBe(0);
    expect(services.shredTokens).toHaveBeenCalledTimes(1);
    expect(open).not.toHaveBeenCalled();
  });
});
