import { Injectable } from '@nestjs/common';
import { createPayloadValidator, PayloadValidator } from '@atlas/contracts';
import { createSourceConnectors } from './connectors/default-source-connectors';
import { SourceConnector } from './connectors/source-connector';

interface Registered {
  connector: SourceConnector;
  config: PayloadValidator<object>;
}

/** The registered pull source types, each with its config validator compiled once from its spec. */
@Injectable()
export class SourceConnectorRegistry {
  private readonly byType = new Map<string, Registered>();

  constructor() {
    for (const connector of createSourceConnectors()) {
      this.byType.set(connector.type, { connector, config: createPayloadValidator<object>(connector.spec()) });
    }
  }

  types(): SourceConnector[] {
    return [...this.byType.values()].map((registered) => registered.connector);
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
