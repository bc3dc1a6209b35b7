import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { REQUIRED_PERMISSION_KEY } from '@atlas/auth';
import { DatasetsController } from './datasets/datasets.controller';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { LineageCatalogController } from './lineage/lineage-catalog.controller';
import { LineageController } from './lineage/lineage.controller';
import { PiiController } from './pii/pii.controller';
import { RevealController } from './pii/reveal.controller';
import { ContractsController } from './quality/contracts.controller';
import { QualityController } from './quality/quality.controller';
import { SourcesController } from './sources/sources.controller';
import { SubjectRequestsController } from './subjects/subject-requests.controller';

type Controller = new (...dependencies: never[]) => object;

/** `METHOD /path → permission` for every route of the controllers serving the internal services. */
function routesOf(controllers: Controller[]): string[] {
  return controllers.flatMap((controller) => {
    const base = Reflect.getMetadata(PATH_METADATA, controller) as string;
    return Object.getOwnPropertyNames(controller.prototype)
      .filter((name) => name !== 'constructor')
      .flatMap((name) => {
        const handler = controller.prototype[name as keyof object] as object;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (paths === undefined) return [];
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const permission = Reflect.getMetadata(REQUIRED_PERMISSION_KEY, handler) as string | undefined;
        return [paths].flat().map((path) => `${method} /${[base, path].filter((part) => part && part !== '/').join('/')} → ${permission ?? 'NONE'}`);
      });
  });
}

describe('the public API of the internal services', () => {
  it('requires exactly these permissions, endpoint by endpoint', () => {
    expect(routesOf([SourcesController, DatasetsController, ContractsController, QualityController, PiiController, RevealController, LineageController, LineageCatalogController, SubjectRequestsController, DeadLettersController])).toEqual([
      'GET /api/v1/connectors → sources:read',
      'POST /api/v1/sources → sources:write',
      'GET /api/v1/sources → sources:read',
      'GET /api/v1/sources/:sourceId → sources:read',
      'GET /api/v1/sources/:sourceId/profile → sources:read',
      'GET /api/v1/sources/:sourceId/profile/contract-suggestion → sources:read',
      'GET /api/v1/sources/:sourceId/contract-draft → sources:read',
      'GET /api/v1/sources/:sourceId/profile/column-hints → sources:read',
      'POST /api/v1/sources/:sourceId/check → sources:write',
      'POST /api/v1/sources/:sourceId/discover → sources:write',
      'POST /api/v1/sources/:sourceId/runs → sources:write',
      'POST /api/v1/sources/:sourceId/uploads → sources:write',
      'GET /api/v1/source-runs → runs:read',
      'GET /api/v1/source-runs/:runId → runs:read',
      'POST /api/v1/source-runs/:runId/cancel → sources:write',
      'GET /api/v1/datasets → datasets:read',
      'GET /api/v1/datasets/:datasetId → datasets:read',
      'GET /api/v1/datasets/:datasetId/rows → datasets:read',
      'GET /api/v1/contracts → contracts:read',
      'POST /api/v1/contracts → contracts:write',
      'POST /api/v1/contracts/validate → contracts:read',
      'GET /api/v1/contracts/:contractId → contracts:read',
      'GET /api/v1/contracts/:contractId/versions/:version → contracts:read',
      'POST /api/v1/contracts/:contractId/versions/:version/activate → contracts:write',
      'POST /api/v1/contracts/sources/:sourceId/deactivate → contracts:write',
      'POST /api/v1/contracts/:contractId/versions/:version/dry-run → contracts:read',
      'GET /api/v1/quality/runs/:runId/results → quality:read',
      'GET /api/v1/quality/runs/:runId/windows → quality:read',
      'GET /api/v1/quality/runs/:runId/score → quality:read',
      'GET /api/v1/quality/scores → quality:read',
      'GET /api/v1/quality/results → quality:read',
      'GET /api/v1/quality/anomalies → quality:read',
      'GET /api/v1/quarantine/records → quarantine:read',
      'GET /api/v1/quarantine/records/:recordId → quarantine:read',
      'POST /api/v1/quarantine/records/:recordId/replay → quarantine:replay',
      'POST /api/v1/quarantine/replay → quarantine:replay',
      'GET /api/v1/quarantine/held → quarantine:read',
      'GET /api/v1/quarantine/held-replays → quarantine:read',
      'GET /api/v1/quarantine/held-replays/:replayId → quarantine:read',
      'GET /api/v1/pii/classifications → pii:read',
      'PUT /api/v1/pii/classifications/:sourceId/:field → pii:admin',
      'GET /api/v1/policies → pii:read',
      'GET /api/v1/policies/:policyId/versions/:version → pii:read',
      'GET /api/v1/policies/:policyId → pii:read',
      'PUT /api/v1/policies/:policyId → pii:admin',
      'POST /api/v1/pii/analyze → pii:analyze',
      'POST /api/v1/pii/anonymize → pii:analyze',
      'GET /api/v1/pii/recognizers → pii:analyze',
      'GET /api/v1/pii/supportedentities → pii:analyze',
      'POST /api/v1/pii/detokenize → pii:reveal',
      'POST /api/v1/lineage → lineage:write',
      'POST /api/v1/lineage/batch → lineage:write',
      'GET /api/v1/lineage/runs/:runId/events → lineage:read',
      'GET /api/v1/lineage/records/provenance → lineage:read',
      'GET /api/v1/lineage/records/:recordId/provenance → lineage:read',
      'GET /api/v1/lineage → lineage:read',
      'GET /api/v1/lineage/runs/:runId/provenance → lineage:read',
      'GET /api/v1/lineage/pii-propagation → lineage:read',
      'GET /api/v1/lineage/columns → lineage:read',
      'GET /api/v1/namespaces → lineage:read',
      'GET /api/v1/namespaces/:namespace/datasets → lineage:read',
      'GET /api/v1/namespaces/:namespace/datasets/:dataset/versions → lineage:read',
      'GET /api/v1/namespaces/:namespace/jobs → lineage:read',
      'GET /api/v1/namespaces/:namespace/jobs/:job/versions → lineage:read',
      'GET /api/v1/namespaces/:namespace/jobs/:job/runs → lineage:read',
      'GET /api/v1/lineage/search → lineage:read',
      'POST /api/v1/subject-requests → subjects:manage',
      'GET /api/v1/subject-requests → subjects:manage',
      'GET /api/v1/subject-requests/:id → subjects:manage',
      'POST /api/v1/subject-requests/:id/resume → subjects:manage',
      'GET /api/v1/dead-letters → runs:read',
      'GET /api/v1/dead-letters/:deadLetterId → runs:read',
      'POST /api/v1/dead-letters/:deadLetterId/unseal → pii:reveal',
    ]);
  });
});
