import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Admin, AclOperationTypes, AclPermissionTypes, AclResourceTypes, Kafka, logLevel, ResourcePatternTypes } from 'kafkajs';
import { REPOSITORY_ROOT } from './service-process';

const run = promisify(execFile);
const INFRA_SCRIPT = join(REPOSITORY_ROOT, 'deploy', 'local', 'infra.sh');

/** One ACL of a Strimzi KafkaUser (spec.authorization.acls[]), as written in the manifests. */
export interface StrimziAcl {
  resource: { type: 'topic' | 'group' | 'cluster' | 'transactionalId'; name?: string; patternType?: 'literal' | 'prefix' };
  operations: string[];
}

export interface SecuredKafkaUser {
  name: string;
  acls: StrimziAcl[];
}

export interface SecuredKafkaBrokerOptions {
  /** Its own state directory (data, logs, pid file), deleted before the start and by stop(). */
  stateDirectory: string;
  /** Anonymous super-user listener (administration), the controller's and the SCRAM-SHA-512 listener's ports. */
  ports: { plain: number; controller: number; sasl: number };
  users: SecuredKafkaUser[];
}

/**
 * A second, separate Kafka broker for one spec: deploy/local/infra.sh with a SASL_PLAINTEXT listener
 * (SCRAM-SHA-512, ACLs enforced by KRaft's StandardAuthorizer), the given users created when its
 * storage is formatted, each with a random password, and their ACLs applied through the anonymous
 * administration listener. The shared test broker is not touched.
 */
export class SecuredKafkaBroker {
  readonly passwords = new Map<string, string>();

  constructor(private readonly options: SecuredKafkaBrokerOptions) {
    for (const user of options.users) this.passwords.set(user.name, randomBytes(18).toString('base64url'));
  }

  /** Where clients authenticate (host:port of the SCRAM listener). */
  get saslBrokers(): string[] {
    return [`127.0.0.1:${this.options.ports.sasl}`];
  }

  /** The anonymous super-user listener: topic and ACL administration only. */
  get administrationBrokers(): string[] {
    return [`127.0.0.1:${this.options.ports.plain}`];
  }

  passwordOf(user: string): string {
    const password = this.passwords.get(user);
    if (!password) throw new Error(`no SCRAM user ${user} on the secured test broker`);
    return password;
  }

  async start(): Promise<void> {
    const { stateDirectory } = this.options;
    // A broker an interrupted run left behind holds the ports: stop it (found by its state directory) first.
    await run('bash', [INFRA_SCRIPT, 'kafka-stop'], { env: this.infraEnvironment(), timeout: 60_000 });
    rmSync(stateDirectory, { recursive: true, force: true });
    mkdirSync(stateDirectory, { recursive: true });
    const usersFile = join(stateDirectory, 'scram-users');
    writeFileSync(usersFile, [...this.passwords].map(([name, password]) => `${name} ${password}\n`).join(''), { mode: 0o600 });
    await run('bash', [INFRA_SCRIPT, 'kafka-start'], { env: { ...this.infraEnvironment(), ATLAS_KAFKA_SCRAM_USERS_FILE: usersFile }, timeout: 240_000 });
    const admin = this.administration();
    await admin.connect();
    try {
      await admin.createAcls({ acl: this.options.users.flatMap((user) => user.acls.flatMap((acl) => kafkajsAcls(user.name, acl))) });
    } finally {
      await admin.disconnect();
    }
  }

  /** An admin client on the anonymous super-user listener. */
  administration(): Admin {
    return new Kafka({ clientId: 'atlas-e2e-secured-admin', brokers: this.administrationBrokers, logLevel: logLevel.NOTHING }).admin();
  }

  async stop(): Promise<void> {
    try {
      await run('bash', [INFRA_SCRIPT, 'kafka-stop'], { env: this.infraEnvironment(), timeout: 60_000 });
    } finally {
      rmSync(this.options.stateDirectory, { recursive: true, force: true });
    }
  }

  private infraEnvironment(): NodeJS.ProcessEnv {
    const { stateDirectory, ports } = this.options;
    return {
      ...process.env,
      ATLAS_STATE_DIR: stateDirectory,
      ATLAS_KAFKA_PORT: String(ports.plain),
      ATLAS_KAFKA_CONTROLLER_PORT: String(ports.controller),
      ATLAS_KAFKA_SASL_PORT: String(ports.sasl),
      ATLAS_KAFKA_HEAP_OPTS: '-Xms128m -Xmx384m',
    };
  }
}

const RESOURCE_TYPES: Record<StrimziAcl['resource']['type'], AclResourceTypes> = {
  topic: AclResourceTypes.TOPIC,
  group: AclResourceTypes.GROUP,
  cluster: AclResourceTypes.CLUSTER,
  transactionalId: AclResourceTypes.TRANSACTIONAL_ID,
};

const OPERATIONS: Record<string, AclOperationTypes> = {
  All: AclOperationTypes.ALL,
  Read: AclOperationTypes.READ,
  Write: AclOperationTypes.WRITE,
  Create: AclOperationTypes.CREATE,
  Delete: AclOperationTypes.DELETE,
  Alter: AclOperationTypes.ALTER,
  Describe: AclOperationTypes.DESCRIBE,
  ClusterAction: AclOperationTypes.CLUSTER_ACTION,
  DescribeConfigs: AclOperationTypes.DESCRIBE_CONFIGS,
  AlterConfigs: AclOperationTypes.ALTER_CONFIGS,
  IdempotentWrite: AclOperationTypes.IDEMPOTENT_WRITE,
};

/** A Strimzi ACL as the Kafka ACL bindings the User Operator creates for it (one per operation). */
export function kafkajsAcls(user: string, acl: StrimziAcl) {
  const { type, name, patternType } = acl.resource;
  return acl.operations.map((operation) => {
    const operationType = OPERATIONS[operation];
    if (operationType === undefined) throw new Error(`ACL operation ${operation} of ${user} is not mapped`);
    return {
      resourceType: RESOURCE_TYPES[type],
      resourceName: type === 'cluster' ? 'kafka-cluster' : (name ?? '*'),
      resourcePatternType: patternType === 'prefix' ? ResourcePatternTypes.PREFIXED : ResourcePatternTypes.LITERAL,
      principal: `User:${user}`,
      host: '*',
      operation: operationType,
      permissionType: AclPermissionTypes.ALLOW,
    };
  });
}
