import { hash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/**
 * A statement sent by name: PostgreSQL parses and plans it once per connection (and keeps a generic
 * plan after five runs when that is no worse) instead of on every call. For the fixed texts run on
 * every batch: planning them was about a sixth of PostgreSQL's CPU in a paced run (docs/benchmarks.md).
 * The name comes from the text, so two texts never share one. Not for texts built per call (each
 * would stay prepared on every connection of the pool) nor for tables whose columns change at run
 * time (the typed Navigate tables). node-postgres remembers which names each connection has
 * prepared, so nothing may run `DEALLOCATE ALL` or `DISCARD ALL` on the pool's connections.
 */
export class PreparedStatement {
  readonly name: string;

  constructor(readonly text: string) {
    this.name = `atlas_${hash('sha256', text, 'hex').slice(0, 32)}`;
  }
}

/**
 * Runs a prepared statement on the manager's connection (its transaction's, inside one), with
 * TypeORM's results and errors, as `manager.query` does for a text.
 */
export function queryPrepared<Result = unknown>(
  manager: Pick<EntityManager, 'query'>,
  statement: PreparedStatement,
  parameters: readonly unknown[],
): Promise<Result> {
  // TypeORM hands its query to node-postgres unchanged, and node-postgres runs a { name, text } config as a named statement.
  return manager.query(statement as unknown as string, parameters as unknown[]);
}
