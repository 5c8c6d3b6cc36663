// Routes served without a bearer: only the API's own description. In AWS they are declared with no
// authorizer; the local server likewise skips the authorizer for them.
import type { Route } from './route.ts';

export const OPENAPI_DOCUMENT_ROUTE: Pick<Route, 'method' | 'path'> = { method: 'GET', path: '/v1/openapi.json' };

export const PUBLIC_ROUTES = [OPENAPI_DOCUMENT_ROUTE] as const;
