// The platform's call-records route: the stack declares it behind the authorizer (which admits
// platform tokens here and only here), and the local server serves it.
export const PLATFORM_CALLS_ROUTE = { method: 'POST', path: '/platform/v1/calls' } as const;
export const PLATFORM_CALLS_ROUTE_KEY = `${PLATFORM_CALLS_ROUTE.method} ${PLATFORM_CALLS_ROUTE.path}`;
