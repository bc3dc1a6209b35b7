import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot, serviceApps } from '../repository-root';
import { Manifest, ofKind, readManifests } from './manifests';

const ROOT = repositoryRoot(__dirname);
const externalSecrets = ofKind(readManifests(ROOT, 'components/external-secrets/external-secrets.yaml'), 'ExternalSecret');
const patches = readManifests(ROOT, 'components/external-secrets/database-urls.yaml');
const cluster = ofKind(readManifests(ROOT, 'components/cloudnative-pg/cluster.yaml'), 'Cluster')[0];
const SERVICES = serviceApps(ROOT);

interface Target {
  name: string;
  template?: { type?: string; data?: Record<string, string> };
}

function keysOf(secret: Manifest): string[] {
  const target = secret.spec.target as Target;
  const data = secret.spec.data as { secretKey: string }[];
  return Object.keys(target.template?.data ?? {}).length > 0 ? Object.keys(target.template?.data ?? {}).sort() : data.map((item) => item.secretKey).sort();
}

function byTarget(name: string): Manifest {
  const found = externalSecrets.find((secret) => (secret.spec.target as Target).name === name);
  if (!found) throw new Error(`no ExternalSecret creates the Secret ${name}`);
  return found;
}

/** Variable names of a dev overlay template (KEY=value lines). */
function templateKeys(file: string): string[] {
  return readFileSync(join(ROOT, 'k8s/overlays/dev', file), 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => line.slice(0, line.indexOf('=')))
    .sort();
}

describe('ExternalSecrets (k8s/components/external-secrets)', () => {
  it('give the base`s Secrets the keys the dev overlay`s templates have (but the database, per service here)', () => {
    expect(keysOf(byTarget('atlas-secrets'))).toEqual(templateKeys('secrets.env.example').filter((key) => !['DATABASE_URL', 'POSTGRES_PASSWORD'].includes(key)));
    expect(keysOf(byTarget('atlas-pii-detection-secrets'))).toEqual(templateKeys('pii-detection-secrets.env.example'));
    expect(keysOf(byTarget('atlas-subject-secrets'))).toEqual(templateKeys('subject-secrets.env.example'));
    expect(keysOf(byTarget('atlas-subject-secrets'))).toEqual(['ATLAS_SUBJECT_API_KEYS']);
  });

  it.each(SERVICES)('%s: connects with its own database role, whose password CloudNativePG takes from the same Secret', (service) => {
    const role = `atlas_${service.replace(/-/g, '_')}`;
    const secret = byTarget(`atlas-database-${service}`);
    const template = (secret.spec.target as Target).template;
    expect(template?.type).toBe('kubernetes.io/basic-auth');
    expect(template?.data?.username).toBe(role);
    expect(template?.data?.DATABASE_URL).toBe(`postgresql://${role}:{{ .password | urlquery }}@atlas-postgres-rw:5432/atlas`);
    const managed = (cluster.spec.managed as { roles: { name: string; login: boolean; passwordSecret: { name: string } }[] }).roles;
    expect(managed.find((candidate) => candidate.name === role)).toEqual({ name: role, ensure: 'present', login: true, passwordSecret: { name: `atlas-database-${service}` } });
    const patch = patches.find((candidate) => candidate.metadata.name === service) as unknown as {
      spec: { template: { spec: { containers: { name: string; env: unknown[] }[] } } };
    };
    expect(patch.spec.template.spec.containers).toEqual([
      { name: service, env: [{ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: `atlas-database-${service}`, key: 'DATABASE_URL' } } }] },
    ]);
  });

  it('gives each service role its own schema at bootstrap and no right on another schema', () => {
    const statements = (cluster.spec.bootstrap as { initdb: { postInitApplicationSQL: string[] } }).initdb.postInitApplicationSQL;
    for (const service of SERVICES) {
      const role = `atlas_${service.replace(/-/g, '_')}`;
      const schema = service.replace(/-/g, '_');
      expect(statements).toContain(`CREATE ROLE ${role} NOLOGIN`);
      expect(statements).toContain(`CREATE SCHEMA ${schema} AUTHORIZATION ${role}`);
      expect(statements).toContain(`ALTER DEFAULT PRIVILEGES FOR ROLE atlas IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`);
    }
    // The connector also owns the schema of its typed Navigate tables (created at run time).
    expect(statements).toContain('CREATE SCHEMA navigate_typed AUTHORIZATION atlas_connector');
    const ownerOf = (schema: string) => (schema === 'navigate_typed' ? 'atlas_connector' : `atlas_${schema}`);
    // A statement naming a schema grants (or gives) it only to that schema's own role.
    const crossed = statements.filter((statement) => {
      const schemas = [...statement.matchAll(/\bSCHEMA ([a-z_]+)\b/g)].map((match) => match[1]);
      const roles = [...statement.matchAll(/\b(atlas_[a-z_]+)\b/g)].map((match) => match[1]);
      return schemas.some((schema) => roles.some((role) => role !== ownerOf(schema)));
    });
    expect(crossed).toEqual([]);
  });
});
