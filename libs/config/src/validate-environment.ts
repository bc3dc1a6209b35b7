import 'reflect-metadata';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

export class EnvironmentValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'EnvironmentValidationError';
  }
}

function describe(error: ValidationError): string {
  const constraints = Object.values(error.constraints ?? {});
  const shown = error.value === undefined ? 'is missing' : 'is invalid';
  return `${error.property} ${shown}: ${constraints.join('; ')}`;
}

/** Reads the environment into a typed object, naming every bad or missing variable at once. */
export function validateEnvironment<T extends object>(
  environmentClass: ClassConstructor<T>,
  source: Record<string, string | undefined> = process.env,
): T {
  const environment = plainToInstance(environmentClass, { ...source }, { enableImplicitConversion: true });
  const errors = validateSync(environment, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) throw new EnvironmentValidationError(errors.map(describe));
  return environment;
}
