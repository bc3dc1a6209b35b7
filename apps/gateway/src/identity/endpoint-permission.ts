import { applyDecorators, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOperation, ApiProduces, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Permission, RequirePermission, rolesGranting, SEPARATELY_GRANTED_PERMISSION } from '@atlas/auth';
import { ProblemDetailsFilter } from './problem-details.filter';

/** Who holds a permission, for the OpenAPI document. */
export function holdersOf(permission: Permission): string {
  return permission === SEPARATELY_GRANTED_PERMISSION ? 'granted explicitly to a user or key, never by a role' : `roles: ${rolesGranting(permission).join(', ')}`;
}

/** An endpoint that needs `permission`: enforced by the guard and documented in OpenAPI with its errors. */
export function RequiresPermission(permission: Permission, summary: string): MethodDecorator & ClassDecorator {
  return applyDecorators(
    RequirePermission(permission),
    ApiBearerAuth(),
    ApiOperation({ summary, description: `Permission: \`${permission}\` (${holdersOf(permission)}).` }),
    ApiUnauthorizedResponse({ description: 'No credentials, or an invalid, expired or revoked token or key (application/problem+json)' }),
    ApiForbiddenResponse({ description: `The caller lacks \`${permission}\` (application/problem+json, code permission_denied)` }),
  );
}

/** Errors of the controller answered as application/problem+json. */
export const ProblemDetails = () => applyDecorators(UseFilters(ProblemDetailsFilter), ApiProduces('application/json', 'application/problem+json'));
