import { Injectable } from '@nestjs/common';
import { createPayloadValidator, PayloadValidator } from '@atlas/contracts';
import { createSourceConnectors } from './connectors/default-source-connectors';
import { JsonSchema, SourceConnector } from './connectors/source-connector';

/**
 * A config field every source type takes: how many days Explore keeps the source's raw records
 * (explore/retention/). Null: kept for good; absent: the platform default (CONNECTOR_EXPLORE_RETENTION_DAYS).
 */
export const EXPLORE_RETENTION_PROPERTY: JsonSchema = {
  type: ['integer', 'null'],
  minimum: 1,
  maximum: 36500,
  description:
    'Days Explore keeps the raw records of this source (whole day partitions dropped, else deleted in batches); null: kept for good; absent: the connector default CONNECTOR_EXPLORE_RETENTION_DAYS (unset: kept for good)',
};

/** The type's spec with the fields every source type takes. */
export function sourceConfigSpec(connector: SourceConnector): JsonSchema {
  const spec = connector.spec();
  return { ...spec, properties: { ...(spec.properties as Record<string, unknown> | undefined), exploreRetentionDays: EXPLORE_RETENTION_PROPERTY } };
}

interface Registered {
  connector: SourceConnector;
  spec: JsonSchema;
  config: PayloadValidator<object>;
}

/** The registered source types, each with its config validator compiled once from its spec. */
@Injectable()
export class SourceConnectorRegistry {
  private readonly byType = new Map<string, Registered>();

  constructor() {
    for (const connector of createSourceConnectors()) {
      const spec = sourceConfigSpec(connector);
      this.byType.set(connector.type, { connector, spec, config: createPayloadValidator<object>(spec) });
    }
  }

  types(): SourceConnector[] {
    return [...this.byType.values()].map((registered) => registered.connector);
  }

  /** The config spec of a registered type, with the fields every type takes. */
  spec(type: string): JsonSchema | undefined {
    return this.byType.get(type)?.spec;
  }

  find(type: string): SourceConnector | undefined {
    return this.byType.get(type)?.connector;
  }

  /** Whether sources of the type are pushed to Atlas (never read: no schedule, no run on request). */
  isPushed(type: string): boolean {
    return this.byType.get(type)?.connector.pushed === true;
  }

  /** Why a config does not match the type's spec (JSON paths and rules, never values), or undefined. */
  configProblem(type: string, config: unknown): string | undefined {
    const registered = this.byType.get(type);
    if (!registered) return `unknown source type ${JSON.stringify(type.slice(0, 40))}; known types: ${[...this.byType.keys()].join(', ')}`;
    const result = registered.config.validate(config);
    return result.valid ? undefined : `config: ${result.reason}`;
  }
}
