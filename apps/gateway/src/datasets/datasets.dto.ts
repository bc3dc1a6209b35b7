import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { LIST_SORTS, ListSort, SOURCE_ID_PATTERN } from '@atlas/contracts';
import { CursorPageQuery, SortQuery } from '@atlas/platform';

/** The connector's own bounds, checked here first so a malformed request never leaves the gateway. */
export class DatasetParams {
  @ApiProperty({ example: 'people', pattern: SOURCE_ID_PATTERN, description: 'The dataset id: its source id' })
  @Matches(new RegExp(SOURCE_ID_PATTERN), { message: 'datasetId must be 1-63 lowercase letters, digits, "_" or "-"' })
  datasetId: string;
}

export class DatasetsQuery extends CursorPageQuery {
  @SortQuery(LIST_SORTS.datasets)
  sort: ListSort<'datasets'> = LIST_SORTS.datasets[0];
}

/** Rows in the order of the dataset's business key (its record id without one). */
export class DatasetRowsQuery extends CursorPageQuery {
  @SortQuery(LIST_SORTS.datasetRows, "The dataset's primary key, in its column order")
  sort: ListSort<'datasetRows'> = LIST_SORTS.datasetRows[0];
}
