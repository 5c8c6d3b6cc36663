// The SCIM API's routes (docs/scim.md), declared once: the stack makes one API Gateway route of
// each (behind the same authorizer, which admits SCIM tokens there and only there), and the local
// server serves the same list.
export const SCIM_BASE_PATH = '/scim/v2';

export const SCIM_ROUTES = [
  { method: 'GET', path: `${SCIM_BASE_PATH}/ServiceProviderConfig` },
  { method: 'GET', path: `${SCIM_BASE_PATH}/ResourceTypes` },
  { method: 'GET', path: `${SCIM_BASE_PATH}/Schemas` },
  { method: 'GET', path: `${SCIM_BASE_PATH}/Users` },
  { method: 'POST', path: `${SCIM_BASE_PATH}/Users` },
  { method: 'GET', path: `${SCIM_BASE_PATH}/Users/{id}` },
  { method: 'PUT', path: `${SCIM_BASE_PATH}/Users/{id}` },
  { method: 'PATCH', path: `${SCIM_BASE_PATH}/Users/{id}` },
  { method: 'DELETE', path: `${SCIM_BASE_PATH}/Users/{id}` },
  // RFC 7644 §3.4.3: a query in the body, for filters too long or too private for a URL.
  { method: 'POST', path: `${SCIM_BASE_PATH}/Users/.search` },
  // Groups are teams (core/scim/scim-groups.ts).
  { method: 'GET', path: `${SCIM_BASE_PATH}/Groups` },
  { method: 'POST', path: `${SCIM_BASE_PATH}/Groups` },
  { method: 'GET', path: `${SCIM_BASE_PATH}/Groups/{id}` },
  { method: 'PUT', path: `${SCIM_BASE_PATH}/Groups/{id}` },
  { method: 'PATCH', path: `${SCIM_BASE_PATH}/Groups/{id}` },
  { method: 'DELETE', path: `${SCIM_BASE_PATH}/Groups/{id}` },
  // Everything else under the base answers a SCIM error too (§3.12), never the dashboard's problem+json.
  { method: 'ANY', path: `${SCIM_BASE_PATH}/{proxy+}` },
] as const;

/** Whether an API Gateway route key (`METHOD /path`) is one of the SCIM API's. */
export const isScimRoute = (routeKey: string | undefined): boolean =>
  (routeKey?.split(' ')[1] ?? '').startsWith(`${SCIM_BASE_PATH}/`);
