import { BadRequestException } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const DEFAULT_PAGE_SIZE = 50;
export const LARGEST_PAGE_SIZE = 200;

/** `?limit=&cursor=` of every list endpoint: the cursor is the opaque `nextCursor` of the previous page. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: LARGEST_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(LARGEST_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** A cursor names the last item of a page (its sort key), wrapped so clients treat it as opaque. */
export function encodeCursor(lastKey: string): string {
  return Buffer.from(`v1:${lastKey}`, 'utf8').toString('base64url');
}

/** The sort key in a cursor; 400 `cursor_invalid` when it is not one this endpoint issued. */
export function decodeCursor(cursor: string | undefined, keyShape: RegExp): string | undefined {
  if (cursor === undefined) return undefined;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const key = decoded.startsWith('v1:') ? decoded.slice(3) : '';
  if (!keyShape.test(key)) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'cursor_invalid', message: 'The cursor is not one this list issued' });
  return key;
}

/**
 * A page from rows fetched with `limit + 1`: the extra row only says that another page exists, and
 * the cursor is the key of the last row returned.
 */
export function pageOf<Row, Item>(rows: Row[], limit: number, keyOf: (row: Row) => string, toItem: (row: Row) => Item): Page<Item> {
  const items = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? encodeCursor(keyOf(items[items.length - 1])) : null;
  return { items: items.map(toItem), nextCursor };
}
