import { Injectable } from '@nestjs/common';
import { createPayloadValidator, PayloadValidator } from '@atlas/contracts';
import { createSourceConnectors } from './connectors/default-source-connectors';
import { JsonSchema, SourceConnector } from './connectors/source-connector';

/**
 * A config field every source type takes: how many days Explore keeps the source's raw records
 * (explore/retention/). Absent or null: kept for good.
 */
export const EXPLORE_RETENTION_PROPERTY: JsonSchema = {
  type: ['integer', 'null'],
  minimum: 1,
  maximum: 36500,
  description: 'Days Explore keeps the raw records of this source (whole day partitions dropped, else deleted in batches); absent or null: kept for good',
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

/** The registered pull source types, each with its config validator compiled once from its spec. */
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

  /** Why a config does not match the type's spec (JSON paths and rules, never values), or undefined. */
  configProblem(type: string, config: unknown): string | undefined {
    const registered = this.byType.get(type);
    if (!registered) return `unknown source type ${JSON.stringify(type.slice(0, 40))}; known types: ${[...this.byType.keys()].join(', ')}`;
    const result = registered.config.validate(config);
    return result.valid ? undefined : `config: ${result.reason}`;
  }
}
