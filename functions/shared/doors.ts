// Which door a request comes in by — the dashboard API, SCIM, the HR webhook or the platform's call
// records — from its route
// key: each door takes its own kind of bearer and no other (functions/api/auth/authorize-request.ts).
import type { Door } from '../api/auth/authorize-request.ts';
import { HR_WEBHOOK_ROUTE_KEY } from '../hr/webhook/route.ts';
import { PLATFORM_CALLS_ROUTE_KEY } from '../platform/calls/route.ts';
import { isScimRoute } from '../scim/scim-routes.ts';

export const doorOf = (routeKey: string | undefined): Door =>
  isScimRoute(routeKey)
    ? 'scim'
    : routeKey === HR_WEBHOOK_ROUTE_KEY
      ? 'hr'
      : routeKey === PLATFORM_CALLS_ROUTE_KEY
        ? 'platform'
        : 'api';
