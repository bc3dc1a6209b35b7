import { BaseEnvironment } from '@atlas/config';

export class ConnectorEnvironment extends BaseEnvironment {
  override HTTP_PORT = 3001;
}
