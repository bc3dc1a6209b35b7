import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CURSOR_SHAPES, cursorKey, cursorPageOf, LineageSearchQuery, textKey } from '@atlas/platform';
import { SearchKey, SearchRepository, SearchResult } from './search.repository';

const SEARCH_KEYS = {
  NAME: textKey(CURSOR_SHAPES.text, CURSOR_SHAPES.text, /^(DATASET|JOB)$/),
  UPDATE_AT: textKey(CURSOR_SHAPES.microsecondTime, CURSOR_SHAPES.text, CURSOR_SHAPES.text, /^(DATASET|JOB)$/),
} as const;

/**
 * Find a dataset or job by part of its name, to open its graph. Marquez's shape (`results`,
 * `totalCount`: every match) with the `nextCursor` of every list; the cursor is scoped to the text
 * and filters searched.
 */
@ApiTags('lineage')
@ApiBearerAuth()
@Controller('api/v1/lineage/search')
export class SearchController {
  constructor(private readonly searches: SearchRepository) {}

  @Get()
  async search(@Query() query: LineageSearchQuery): Promise<{ results: SearchResult[]; totalCount: number; nextCursor: string | null }> {
    const scope = `lineage-search:${query.sort}:${JSON.stringify([query.q, query.filter ?? null, query.namespace ?? null])}`;
    const after = cursorKey(query.cursor, scope, SEARCH_KEYS[query.sort]) as SearchKey | undefined;
    const { matches, totalCount } = await this.searches.search(query, after, query.limit + 1);
    const keyOf = (match: (typeof matches)[number]) => (query.sort === 'NAME' ? [match.name, match.namespace, match.type] : [match.updatedAtKey, match.name, match.namespace, match.type]);
    const { items, nextCursor } = cursorPageOf(matches, query.limit, scope, keyOf, ({ updatedAtKey: _key, ...result }) => result);
    return { results: items, totalCount, nextCursor };
  }
}
