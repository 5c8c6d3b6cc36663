// The HR webhook's operation in the API's OpenAPI document: it is served by its own function, not
// by the route table, but integrators read one document.
import * as z from 'zod';
import { MAX_EVENTS_PER_REQUEST, WebhookEventSchema } from '#core/hr/hr-webhook.ts';
import { jsonSchema, problemContent } from '../../api/openapi.ts';
import { HR_WEBHOOK_ROUTE } from './route.ts';

const problem = (description: string) => ({ description, content: problemContent });

export function withHrWebhook<D extends { paths: Record<string, unknown>; components: { securitySchemes: object } }>(
  document: D,
): D {
  const body = z.union([
    WebhookEventSchema,
    z.object({ events: z.array(WebhookEventSchema).min(1).max(MAX_EVENTS_PER_REQUEST) }),
  ]);
  const results = z.object({
    accountId: z.string(),
    results: z.array(z.object({ index: z.number(), type: z.string(), email: z.string(), outcome: z.string() })),
  });
  return {
    ...document,
    components: {
      ...document.components,
      securitySchemes: {
        ...document.components.securitySchemes,
        hrToken: { type: 'http', scheme: 'bearer', description: 'An HR token of the account (POST …/hr-tokens)' },
      },
    },
    paths: {
      ...document.paths,
      [HR_WEBHOOK_ROUTE.path]: {
        post: {
          operationId: 'receiveHrEvents',
          summary: "An HR system's events for the HR token's account (R11, R14); all or nothing on invalid input",
          security: [{ hrToken: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(body) } } },
          responses: {
            202: {
              description: 'One result per event, in order',
              content: { 'application/json': { schema: jsonSchema(results) } },
            },
            400: problem('VALIDATION_FAILED: an event is invalid (none was applied)'),
            401: problem('UNAUTHENTICATED or ACCESS_REVOKED: not an HR token, or one that stopped'),
            403: problem('NOT_ALLOWED: an event names another account'),
            500: problem('INTERNAL_ERROR (never for bad input)'),
            503: problem('TEMPORARILY_UNAVAILABLE: retry (events are applied at most once)'),
          },
        },
      },
    },
  };
}
