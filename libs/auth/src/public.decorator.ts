import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'atlas:isPublic';

/** Marks an endpoint as deliberately reachable without an API key (probes, metrics, API docs). */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);
