import { BadRequestException } from '@nestjs/common';
import { latestExploreRecordsRequestValidator } from '@atlas/contracts';
import { validatedBody } from './validated-body';

describe('validatedBody', () => {
  it('answers the typed body when it is valid', () => {
    expect(validatedBody(latestExploreRecordsRequestValidator, { sourceId: 'orders', last: 3 })).toEqual({ sourceId: 'orders', last: 3 });
  });

  it('refuses with 400, its code and the paths, never the values', () => {
    let refusal: unknown;
    try {
      validatedBody(latestExploreRecordsRequestValidator, { sourceId: 'Ann.Novak@example.org', last: 3 }, 'dry_run_request_invalid');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(BadRequestException);
    expect((refusal as BadRequestException).getResponse()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      code: 'dry_run_request_invalid',
      message: 'The body is not valid: /sourceId must match pattern "^[a-z0-9][a-z0-9_-]{0,62}$"',
    });
  });
});
