import { Injectable } from '@nestjs/common';
import { GatewayEnvironment } from '../gateway-environment';
import { InternalServiceClient, InternalServiceSettings } from './internal-service-client';

/** The internal services the gateway serves under its permission model, one client each. */
@Injectable()
export class InternalServices {
  readonly connector: InternalServiceClient;
  readonly piiDetection: InternalServiceClient;
  readonly quality: InternalServiceClient;
  readonly lineage: InternalServiceClient;

  constructor(environment: GatewayEnvironment) {
    const common: Omit<InternalServiceSettings, 'name' | 'origin'> = {
      serviceCredential: environment.ATLAS_SERVICE_API_KEYS[0],
      subjectCredential: { key: environment.ATLAS_SUBJECT_API_KEYS[0], variable: 'ATLAS_SUBJECT_API_KEYS' },
      timeoutMs: environment.INTERNAL_SERVICE_TIMEOUT_MS,
      maxResponseBytes: environment.INTERNAL_SERVICE_MAX_RESPONSE_BYTES,
    };
    this.connector = new InternalServiceClient({ ...common, name: 'connector', origin: environment.CONNECTOR_URL });
    this.piiDetection = new InternalServiceClient({
      ...common,
      name: 'pii-detection',
      origin: environment.PII_DETECTION_URL,
      adminCredential: { key: environment.PII_ADMIN_API_KEYS[0], variable: 'PII_ADMIN_API_KEYS' },
      revealCredential: { key: environment.PII_DETOKENIZE_API_KEYS[0], variable: 'PII_DETOKENIZE_API_KEYS' },
    });
    this.quality = new InternalServiceClient({ ...common, name: 'quality', origin: environment.QUALITY_URL });
    this.lineage = new InternalServiceClient({ ...common, name: 'lineage', origin: environment.LINEAGE_URL });
  }
}
