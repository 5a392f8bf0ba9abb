import { SetMetadata } from '@nestjs/common';
import type { Role } from '#libs/platform';

export const PUBLIC_ROUTE = 'tsp:public';
export const ALLOWED_ROLES = 'tsp:roles';

/** No token needed: health, metrics, docs. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
/** The roles that may call the route; any other valid token is 403. */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);
