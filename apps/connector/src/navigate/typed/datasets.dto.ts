import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Matches, MaxLength } from 'class-validator';
import { LIST_SORTS, ListSort, SOURCE_ID_PATTERN } from '@atlas/contracts';
import { CursorPageQuery, SortQuery } from '@atlas/platform';

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

/** Longest business key accepted, in columns. */
export const MAX_KEY_COLUMNS = 16;

/** A row by its business key: `?key=v` once per key column, in the order of the dataset's primary key (its record id without one). */
export class RowKeyQuery {
  @ApiProperty({ type: [String], description: "The row's key values as text, one `key` per column of the dataset's primary key, in its order (the record id when it has none)" })
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value : [value]))
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_KEY_COLUMNS)
  @IsString({ each: true })
  @MaxLength(2048, { each: true })
  key: string[];
}
