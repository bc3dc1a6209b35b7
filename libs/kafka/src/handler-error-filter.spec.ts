import { ArgumentsHost } from '@nestjs/common';
import { lastValueFrom } from 'rxjs';
import { HandlerErrorPassThroughFilter } from './handler-error-filter';

describe('HandlerErrorPassThroughFilter', () => {
  it('hands the original error back, unchanged and unlogged, instead of Nest’s { status: "error" }', async () => {
    const failure = Object.assign(new Error('invalid input syntax for type json'), { parameters: ['jane.doe@example.com'] });
    const caught = await lastValueFrom(new HandlerErrorPassThroughFilter().catch(failure, {} as ArgumentsHost)).catch((error: unknown) => error);
    expect(caught).toBe(failure);
  });
});
