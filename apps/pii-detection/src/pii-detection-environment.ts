import { BaseEnvironment } from '@atlas/config';

export class PiiDetectionEnvironment extends BaseEnvironment {
  override HTTP_PORT = 3002;
}
