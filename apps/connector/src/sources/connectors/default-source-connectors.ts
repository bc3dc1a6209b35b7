import { FileSourceConnector } from './file/file-source.connector';
import { HttpApiConnector } from './http/http-api.connector';
import { PostgresTableConnector } from './postgres/postgres-table.connector';
import { PushSourceConnector } from './push/push-source.connector';
import { SourceConnector } from './source-connector';

/** Every source type: the pull types the connector runs, and push; a new type is one class added here. */
export function createSourceConnectors(): SourceConnector[] {
  return [new FileSourceConnector() as SourceConnector, new PostgresTableConnector() as SourceConnector, new HttpApiConnector() as SourceConnector, new PushSourceConnector() as SourceConnector];
}
