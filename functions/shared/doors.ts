// Which door a request comes in by — the dashboard API, SCIM, or the HR webhook — from its route
// key: each door takes its own kind of bearer and no other (functions/api/auth/authorize-request.ts).
import type { Door } from '../api/auth/authorize-request.ts';
import { HR_WEBHOOK_ROUTE_KEY } from '../hr/webhook/route.ts';
import { isScimRoute } from '../scim/scim-routes.ts';

export const doorOf = (routeKey: string | undefined): Door =>
  isScimRoute(routeKey) ? 'scim' : routeKey === HR_WEBHOOK_ROUTE_KEY ? 'hr' : 'api';
