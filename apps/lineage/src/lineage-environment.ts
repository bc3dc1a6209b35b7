import { BaseEnvironment } from '@atlas/config';

export class LineageEnvironment extends BaseEnvironment {
  override HTTP_PORT = 3004;
}
