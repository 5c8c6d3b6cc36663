// The HR webhook's one route: the stack declares it behind the authorizer (which admits HR tokens
// here and only here), and the local server serves it.
export const HR_WEBHOOK_ROUTE = { method: 'POST', path: '/hr/v1/events' } as const;
export const HR_WEBHOOK_ROUTE_KEY = `${HR_WEBHOOK_ROUTE.method} ${HR_WEBHOOK_ROUTE.path}`;
