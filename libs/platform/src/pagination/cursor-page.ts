import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { CursorValue, encodeCursor, MAX_CURSOR_LENGTH } from './cursor-codec';

/** Every list's page size when `limit` is not given, and the most one page holds. */
export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 500;

/**
 * `?limit=&cursor=` of every list endpoint. A list's query class extends it with its filters (named
 * after the item field they match: `sourceId`, `runId`, `status`...) and its `sort` (`@SortQuery`).
 */
export class CursorPageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT, description: 'Items per page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: `limit must be 1-${MAX_PAGE_LIMIT}` })
  @Max(MAX_PAGE_LIMIT, { message: `limit must be 1-${MAX_PAGE_LIMIT}` })
  limit: number = DEFAULT_PAGE_LIMIT;

  @ApiPropertyOptional({ maxLength: MAX_CURSOR_LENGTH, pattern: '^[A-Za-z0-9_-]+$', description: 'The opaque nextCursor of the previous page, with the same sort and filters' })
  @IsOptional()
  @MaxLength(MAX_CURSOR_LENGTH, { message: 'cursor is not one this list returned (pass nextCursor unchanged)' })
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor is not one this list returned (pass nextCursor unchanged)' })
  cursor?: string;
}

/**
 * The `sort` parameter of one list: the orders it allows (a field name, `-` first for descending),
 * the first being the default. Each is a stable order on a unique key.
 */
export function SortQuery(orders: readonly [string, ...string[]], description?: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ enum: orders, default: orders[0], description: description ?? 'Order of the items ("-" first: descending)' }),
    IsOptional(),
    // The allowed orders are not listed here: an error never repeats a value the request may hold.
    IsIn(orders, { message: 'sort must be one of the orders this list allows (the enum of sort in the OpenAPI document)' }),
  );
}

/** `-createdAt` → createdAt descending. */
export function sortDirection(sort: string): { field: string; descending: boolean } {
  return sort.startsWith('-') ? { field: sort.slice(1), descending: true } : { field: sort, descending: false };
}

/** The envelope of every list: `nextCursor` is null on the last page. */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A page from rows fetched with `limit + 1`: the extra row only says that another page exists, and
 * the cursor holds the sort key of the last row returned, for this list and sort (`scope`).
 */
export function cursorPageOf<Row, Item>(rows: readonly Row[], limit: number, scope: string, keyOf: (row: Row) => CursorValue[], toItem: (row: Row) => Item): CursorPage<Item> {
  const served = rows.slice(0, limit);
  const nextCursor = rows.length > limit && served.length > 0 ? encodeCursor(scope, keyOf(served[served.length - 1])) : null;
  return { items: served.map(toItem), nextCursor };
}

/**
 * OpenAPI of a list endpoint: its 200 envelope (unless the endpoint declares a typed page) and the
 * 400 every list answers for a cursor it did not issue.
 */
export function ApiCursorPage(items?: { description: string }): MethodDecorator {
  const envelope = {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: { type: 'object', additionalProperties: true }, description: items?.description ?? 'The items of this page' },
      nextCursor: { type: 'string', nullable: true, description: 'Pass as ?cursor= (same sort and filters) for the next page; null on the last page' },
    },
  };
  return applyDecorators(
    ...(items ? [ApiOkResponse({ description: `{items, nextCursor}: ${items.description}`, schema: envelope })] : []),
    ApiBadRequestResponse({ description: 'cursor_invalid: a cursor this list did not return for this sort (never quoted); or limit, sort or a filter out of bounds' }),
  );
}
