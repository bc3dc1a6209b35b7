import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SearchQuery } from './dto/search-query.dto';
import { SearchRepository, SearchResult } from './search.repository';

/** Find a dataset or job by part of its name, to open its graph. `totalCount` counts every match, `results` the first `limit`. */
@ApiTags('lineage')
@ApiBearerAuth()
@Controller('api/v1/lineage/search')
export class SearchController {
  constructor(private readonly searches: SearchRepository) {}

  @Get()
  search(@Query() query: SearchQuery): Promise<{ results: SearchResult[]; totalCount: number }> {
    return this.searches.search(query);
  }
}
