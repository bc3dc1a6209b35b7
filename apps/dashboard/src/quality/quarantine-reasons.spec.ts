import { reasonText, replayOutcomeText } from './quarantine-reasons';

describe('quarantine reasons', () => {
  it('names the check, the field and the message, never a value', () => {
    expect([
      reasonText({ checkName: 'color length', field: 'color', message: 'longer than 5' }),
      reasonText({ checkId: 'c1', field: 'id' }),
      reasonText({ rule: 'required' }),
      reasonText({}),
    ]).toEqual(['color length on color: longer than 5', 'c1 on id', 'required', 'check']);
  });

  it("says what a replay's outcome means", () => {
    expect([replayOutcomeText('released', '1.1.0'), replayOutcomeText('quarantined', '1.0.0'), replayOutcomeText('already_released', '1.1.0')]).toEqual([
      'Released: it passes contract version 1.1.0 and went on to the dataset.',
      'Still quarantined: it fails contract version 1.0.0 (reasons updated).',
      'Already released earlier (by contract version 1.1.0).',
    ]);
  });
});
