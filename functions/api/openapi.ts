// The OpenAPI 3.1 document of the dashboard API, generated from the route table and its zod
// schemas (zod's own JSON Schema output, which is what OpenAPI 3.1 speaks).
import * as z from 'zod';
import { IdempotencyKey, ProblemResponse } from './schemas.ts';
import type { Route } from './route.ts';

/** A zod schema as the JSON Schema OpenAPI 3.1 speaks (its input side). */
export const jsonSchema = (schema: z.ZodType) => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
};

export const problemContent = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

/** Path and query parameters of a route, from its strict object schemas. */
function parameters(route: Route) {
  const describe = (schema: z.ZodType, where: 'path' | 'query') => {
    const json = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
    return Object.entries(json.properties ?? {}).map(([name, property]) => {
      // A parameter's description (zod's .describe) belongs to the parameter, where tools show it.
      const { description, ...schema } = property as { description?: string };
      return {
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        ...(description ? { description } : {}),
        schema,
      };
    });
  };
  return [...describe(route.params, 'path'), ...describe(route.query, 'query')];
}

export function buildOpenApi(routes: readonly Route[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const responses: Record<string, unknown> = {
      [route.success.status]: {
        description: route.success.description,
        content: { 'application/json': { schema: jsonSchema(route.success.schema) } },
      },
      400: { description: 'VALIDATION_FAILED (or CONFIRMATION_REQUIRED)', content: problemContent },
      401: { description: 'UNAUTHENTICATED or ACCESS_REVOKED', content: problemContent },
      // Every operation: a caller who is not a user of the path's account (tenant isolation).
      403: { description: 'NOT_ALLOWED', content: problemContent },
      500: { description: 'INTERNAL_ERROR (never for bad input)', content: problemContent },
      503: {
        description: 'TEMPORARILY_UNAVAILABLE: a concurrent write or a service got in the way; retry after Retry-After',
        headers: { 'Retry-After': { schema: { type: 'integer' } } },
        content: problemContent,
      },
    };
    for (const code of route.problems) {
      const status =
        code === 'NOT_ALLOWED' ? 403 : code === 'NOT_FOUND' ? 404 : code === 'IDEMPOTENCY_KEY_REUSED' ? 422 : 409;
      if (code === 'CONFIRMATION_REQUIRED' || (status === 403 && code === 'NOT_ALLOWED')) continue;
      const existing = responses[status] as { description: string } | undefined;
      responses[status] = {
        description: existing ? `${existing.description}, ${code}` : code,
        content: problemContent,
      };
    }
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      security: [{ bearer: [] }],
      parameters: [
        ...parameters(route),
        ...(route.operationId === 'removeUser'
          ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: jsonSchema(IdempotencyKey) }]
          : []),
      ],
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'offboard dashboard API',
      version: '1.0.0',
      description:
        'Remove, deactivate and activate users of a business account (docs/api.md). Errors are RFC 9457 problems.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A sign-in JWT or an integration API token' },
      },
      schemas: { Problem: jsonSchema(ProblemResponse) },
    },
    paths,
  };
}
