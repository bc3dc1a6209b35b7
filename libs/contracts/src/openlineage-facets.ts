// The facet schemas of the OpenLineage spec (copied unchanged into ./openlineage/facets), and where
// each facet sits in an event. A facet key means different facets in different places (`tags`,
// `ownership`, `documentation`, `dataQualityMetrics`, `subset`, `lineage`), so the place is part of the key.
import baseSubsetDatasetFacetSchema from './openlineage/facets/BaseSubsetDatasetFacet.json';
import catalogDatasetFacetSchema from './openlineage/facets/CatalogDatasetFacet.json';
import columnLineageDatasetFacetSchema from './openlineage/facets/ColumnLineageDatasetFacet.json';
import dataQualityAssertionsDatasetFacetSchema from './openlineage/facets/DataQualityAssertionsDatasetFacet.json';
import dataQualityMetricsDatasetFacetSchema from './openlineage/facets/DataQualityMetricsDatasetFacet.json';
import dataQualityMetricsInputDatasetFacetSchema from './openlineage/facets/DataQualityMetricsInputDatasetFacet.json';
import datasetTypeDatasetFacetSchema from './openlineage/facets/DatasetTypeDatasetFacet.json';
import datasetVersionDatasetFacetSchema from './openlineage/facets/DatasetVersionDatasetFacet.json';
import datasourceDatasetFacetSchema from './openlineage/facets/DatasourceDatasetFacet.json';
import documentationDatasetFacetSchema from './openlineage/facets/DocumentationDatasetFacet.json';
import documentationJobFacetSchema from './openlineage/facets/DocumentationJobFacet.json';
import environmentVariablesRunFacetSchema from './openlineage/facets/EnvironmentVariablesRunFacet.json';
import errorMessageRunFacetSchema from './openlineage/facets/ErrorMessageRunFacet.json';
import executionParametersRunFacetSchema from './openlineage/facets/ExecutionParametersRunFacet.json';
import externalQueryRunFacetSchema from './openlineage/facets/ExternalQueryRunFacet.json';
import extractionErrorRunFacetSchema from './openlineage/facets/ExtractionErrorRunFacet.json';
import hierarchyDatasetFacetSchema from './openlineage/facets/HierarchyDatasetFacet.json';
import inputStatisticsInputDatasetFacetSchema from './openlineage/facets/InputStatisticsInputDatasetFacet.json';
import jobDependenciesRunFacetSchema from './openlineage/facets/JobDependenciesRunFacet.json';
import jobTypeJobFacetSchema from './openlineage/facets/JobTypeJobFacet.json';
import lifecycleStateChangeDatasetFacetSchema from './openlineage/facets/LifecycleStateChangeDatasetFacet.json';
import lineageFacetSchema from './openlineage/facets/LineageFacet.json';
import nominalTimeRunFacetSchema from './openlineage/facets/NominalTimeRunFacet.json';
import outputStatisticsOutputDatasetFacetSchema from './openlineage/facets/OutputStatisticsOutputDatasetFacet.json';
import ownershipDatasetFacetSchema from './openlineage/facets/OwnershipDatasetFacet.json';
import ownershipJobFacetSchema from './openlineage/facets/OwnershipJobFacet.json';
import parentRunFacetSchema from './openlineage/facets/ParentRunFacet.json';
import processingEngineRunFacetSchema from './openlineage/facets/ProcessingEngineRunFacet.json';
import sqlJobFacetSchema from './openlineage/facets/SQLJobFacet.json';
import schemaDatasetFacetSchema from './openlineage/facets/SchemaDatasetFacet.json';
import sourceCodeJobFacetSchema from './openlineage/facets/SourceCodeJobFacet.json';
import sourceCodeLocationJobFacetSchema from './openlineage/facets/SourceCodeLocationJobFacet.json';
import storageDatasetFacetSchema from './openlineage/facets/StorageDatasetFacet.json';
import symlinksDatasetFacetSchema from './openlineage/facets/SymlinksDatasetFacet.json';
import tagsDatasetFacetSchema from './openlineage/facets/TagsDatasetFacet.json';
import tagsJobFacetSchema from './openlineage/facets/TagsJobFacet.json';
import tagsRunFacetSchema from './openlineage/facets/TagsRunFacet.json';
import testRunFacetSchema from './openlineage/facets/TestRunFacet.json';

/** The kind of facet, as the core schema names it: where in an event a facet of that kind may appear. */
export type FacetLocation = 'RunFacet' | 'JobFacet' | 'DatasetFacet' | 'InputDatasetFacet' | 'OutputDatasetFacet';

export interface StandardFacet {
  location: FacetLocation;
  /** The facet's key in its facets object. */
  key: string;
  /** The schema document holding the facet's definition. */
  schema: { $id: string };
  /** The definition under the document's `$defs`. */
  definition: string;
}

export const STANDARD_FACETS: readonly StandardFacet[] = [
  { location: 'InputDatasetFacet', key: 'subset', schema: baseSubsetDatasetFacetSchema, definition: 'InputSubsetInputDatasetFacet' },
  { location: 'OutputDatasetFacet', key: 'subset', schema: baseSubsetDatasetFacetSchema, definition: 'OutputSubsetOutputDatasetFacet' },
  { location: 'DatasetFacet', key: 'catalog', schema: catalogDatasetFacetSchema, definition: 'CatalogDatasetFacet' },
  { location: 'DatasetFacet', key: 'columnLineage', schema: columnLineageDatasetFacetSchema, definition: 'ColumnLineageDatasetFacet' },
  { location: 'InputDatasetFacet', key: 'dataQualityAssertions', schema: dataQualityAssertionsDatasetFacetSchema, definition: 'DataQualityAssertionsDatasetFacet' },
  { location: 'DatasetFacet', key: 'dataQualityMetrics', schema: dataQualityMetricsDatasetFacetSchema, definition: 'DataQualityMetricsDatasetFacet' },
  { location: 'InputDatasetFacet', key: 'dataQualityMetrics', schema: dataQualityMetricsInputDatasetFacetSchema, definition: 'DataQualityMetricsInputDatasetFacet' },
  { location: 'DatasetFacet', key: 'datasetType', schema: datasetTypeDatasetFacetSchema, definition: 'DatasetTypeDatasetFacet' },
  { location: 'DatasetFacet', key: 'version', schema: datasetVersionDatasetFacetSchema, definition: 'DatasetVersionDatasetFacet' },
  { location: 'DatasetFacet', key: 'dataSource', schema: datasourceDatasetFacetSchema, definition: 'DatasourceDatasetFacet' },
  { location: 'DatasetFacet', key: 'documentation', schema: documentationDatasetFacetSchema, definition: 'DocumentationDatasetFacet' },
  { location: 'JobFacet', key: 'documentation', schema: documentationJobFacetSchema, definition: 'DocumentationJobFacet' },
  { location: 'RunFacet', key: 'environmentVariables', schema: environmentVariablesRunFacetSchema, definition: 'EnvironmentVariablesRunFacet' },
  { location: 'RunFacet', key: 'errorMessage', schema: errorMessageRunFacetSchema, definition: 'ErrorMessageRunFacet' },
  { location: 'RunFacet', key: 'executionParameters', schema: executionParametersRunFacetSchema, definition: 'ExecutionParametersRunFacet' },
  { location: 'RunFacet', key: 'externalQuery', schema: externalQueryRunFacetSchema, definition: 'ExternalQueryRunFacet' },
  { location: 'RunFacet', key: 'extractionError', schema: extractionErrorRunFacetSchema, definition: 'ExtractionErrorRunFacet' },
  { location: 'DatasetFacet', key: 'hierarchy', schema: hierarchyDatasetFacetSchema, definition: 'HierarchyDatasetFacet' },
  { location: 'InputDatasetFacet', key: 'inputStatistics', schema: inputStatisticsInputDatasetFacetSchema, definition: 'InputStatisticsInputDatasetFacet' },
  { location: 'RunFacet', key: 'jobDependencies', schema: jobDependenciesRunFacetSchema, definition: 'JobDependenciesRunFacet' },
  { location: 'JobFacet', key: 'jobType', schema: jobTypeJobFacetSchema, definition: 'JobTypeJobFacet' },
  { location: 'DatasetFacet', key: 'lifecycleStateChange', schema: lifecycleStateChangeDatasetFacetSchema, definition: 'LifecycleStateChangeDatasetFacet' },
  { location: 'DatasetFacet', key: 'lineage', schema: lineageFacetSchema, definition: 'LineageDatasetFacet' },
  { location: 'JobFacet', key: 'lineage', schema: lineageFacetSchema, definition: 'LineageJobFacet' },
  { location: 'RunFacet', key: 'nominalTime', schema: nominalTimeRunFacetSchema, definition: 'NominalTimeRunFacet' },
  { location: 'OutputDatasetFacet', key: 'outputStatistics', schema: outputStatisticsOutputDatasetFacetSchema, definition: 'OutputStatisticsOutputDatasetFacet' },
  { location: 'DatasetFacet', key: 'ownership', schema: ownershipDatasetFacetSchema, definition: 'OwnershipDatasetFacet' },
  { location: 'JobFacet', key: 'ownership', schema: ownershipJobFacetSchema, definition: 'OwnershipJobFacet' },
  { location: 'RunFacet', key: 'parent', schema: parentRunFacetSchema, definition: 'ParentRunFacet' },
  { location: 'RunFacet', key: 'processing_engine', schema: processingEngineRunFacetSchema, definition: 'ProcessingEngineRunFacet' },
  { location: 'JobFacet', key: 'sql', schema: sqlJobFacetSchema, definition: 'SQLJobFacet' },
  { location: 'DatasetFacet', key: 'schema', schema: schemaDatasetFacetSchema, definition: 'SchemaDatasetFacet' },
  { location: 'JobFacet', key: 'sourceCode', schema: sourceCodeJobFacetSchema, definition: 'SourceCodeJobFacet' },
  { location: 'JobFacet', key: 'sourceCodeLocation', schema: sourceCodeLocationJobFacetSchema, definition: 'SourceCodeLocationJobFacet' },
  { location: 'DatasetFacet', key: 'storage', schema: storageDatasetFacetSchema, definition: 'StorageDatasetFacet' },
  { location: 'DatasetFacet', key: 'symlinks', schema: symlinksDatasetFacetSchema, definition: 'SymlinksDatasetFacet' },
  { location: 'DatasetFacet', key: 'tags', schema: tagsDatasetFacetSchema, definition: 'TagsDatasetFacet' },
  { location: 'JobFacet', key: 'tags', schema: tagsJobFacetSchema, definition: 'TagsJobFacet' },
  { location: 'RunFacet', key: 'tags', schema: tagsRunFacetSchema, definition: 'TagsRunFacet' },
  { location: 'RunFacet', key: 'test', schema: testRunFacetSchema, definition: 'TestRunFacet' },
];

/** Every facet schema document, to register with the validator beside the core schema. */
export const FACET_SCHEMA_DOCUMENTS: readonly object[] = [...new Set(STANDARD_FACETS.map((facet) => facet.schema))];
