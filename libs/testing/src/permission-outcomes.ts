import { ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { ApiKeyGuard, REQUIRED_PERMISSION_KEY } from '@atlas/auth';
import { BaseEnvironment } from '@atlas/config';

/** What one route requires and what the service's API-key guard answers each key: 'ok', or the refusal's status and message. */
export interface RoutePermissionOutcome {
  permission: string | undefined;
  answers: Record<string, string>;
}

/**
 * Runs the real ApiKeyGuard, built from `environment` (its acceptedApiKeys() and permission key sets),
 * on each handler of `controller` for each named key, as an HTTP request presenting it would.
 */
export function routePermissionOutcomes(
  controller: abstract new (...parameters: never[]) => object,
  handlers: readonly string[],
  environment: BaseEnvironment,
  keys: Record<string, string>,
): Record<string, RoutePermissionOutcome> {
  const reflector = new Reflector();
  // Services' environment keys are recognised without a resolver: the module reference is never asked.
  const guard = new ApiKeyGuard(reflector, environment, { get: () => { throw new Error('no resolver'); } } as unknown as ModuleRef);
  const outcomes: Record<string, RoutePermissionOutcome> = {};
  for (const handler of handlers) {
    const method = (controller.prototype as Record<string, () => unknown>)[handler];
    const answers: Record<string, string> = {};
    for (const [name, key] of Object.entries(keys)) {
      const context = new ExecutionContextHost([{ headers: { 'x-api-key': key } }, {}, () => undefined], controller as never, method);
      context.setType('http');
      try {
        answers[name] = guard.canActivate(context) === true ? 'ok' : 'refused';
      } catch (error) {
        if (!(error instanceof UnauthorizedException || error instanceof ForbiddenException)) throw error;
        answers[name] = `${error.getStatus()} ${error.message}`;
      }
    }
    outcomes[handler] = { permission: reflector.get<string | undefined>(REQUIRED_PERMISSION_KEY, method), answers };
  }
  return outcomes;
}
