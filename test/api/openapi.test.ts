// The OpenAPI 3.1 document generated from the route table (its committed copy is checked with
// every generated file in test/integrations/event-contract.test.ts).
import { describe, expect, it } from 'vitest';
import { ROUTES } from '#functions/api/routes/index.ts';
import { openApiDocument } from '#functions/api/openapi-document.ts';
import { handler } from '#functions/api/handler.ts';
import { lambdaContext } from '#local/lambda-context.ts';

describe('OpenAPI document', () => {
  const document = JSON.parse(openApiDocument());

  it('has every route of the route table with its operation, parameters and success response', () => {
    expect(document.openapi).toBe('3.1.0');
    for (const route of ROUTES) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation.operationId).toBe(route.operationId);
      expect(Object.keys(operation.responses)).toContain(String(route.success.status));
      const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(
        operation.parameters.filter((p: { in: string }) => p.in === 'path').map((p: { name: string }) => p.name),
      ).toEqual(pathParams);
    }
    // Every route of the table, and the HR webhook (its own function, one document for integrators).
    expect(Object.values(document.paths).flatMap((p) => Object.keys(p as object))).toHaveLength(ROUTES.length + 1);
    expect(document.paths['/hr/v1/events'].post).toMatchObject({
      operationId: 'receiveHrEvents',
      security: [{ hrToken: [] }],
      responses: { 202: expect.anything(), 403: expect.anything() },
    });
  });

  it('documents request bodies as strict schemas (unknown fields refused)', () => {
    const removal = document.paths['/v1/accounts/{accountId}/users/{userId}/removal'].post;
    expect(removal.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
    });
    expect(removal.responses['409'].description).toContain('RESOURCES_NEED_REASSIGNMENT');
  });

  it('is served by the API Lambda at GET /v1/openapi.json with no authorizer verdict (the route AWS leaves open)', async () => {
    const event = {
      version: '2.0',
      routeKey: 'GET /v1/openapi.json',
      rawPath: '/v1/openapi.json',
      rawQueryString: '',
      headers: {},
      requestContext: { requestId: 'r-openapi', http: { method: 'GET', path: '/v1/openapi.json' } },
      isBase64Encoded: false,
    };
    const response = (await handler(event as never, lambdaContext('offboard-api') as never)) as {
      statusCode: number;
      body: string;
    };
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(openApiDocument());
  });

  it('lists 403 and 503 on every operation (tenant isolation, and a concurrent write or service in the way)', () => {
    for (const route of ROUTES) {
      const operation = document.paths[route.path][route.method.toLowerCase()];
      expect(Object.keys(operation.responses), `${route.method} ${route.path}`).toEqual(
        expect.arrayContaining(['400', '401', '403', '500', '503']),
      );
    }
    const removal = document.paths['/v1/accounts/{accountId}/users/{userId}/removal'].post;
    expect(removal.responses['409'].description).toContain('RESOURCE_NOT_OWNED');
  });
});
