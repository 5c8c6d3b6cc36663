// Serves one API Gateway (payload v2) request from the route table: the authorizer's verdict
// (with the caller as it read it from the table for this very request: R1, R6), path/query/body
// parsed with the route's schemas, then the route's use case. Writes that need the caller's role
// check it again in their own transaction (R1).
import { jsonBodyOf, PROBLEM_BODY_REFUSALS } from '../shared/json-body.ts';
import type { APIGatewayProxyEventV2WithLambdaAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod';
import { UserSchema } from '#core/model/index.ts';
import { NotAllowedError, NotFoundError, UnauthenticatedError, ValidationFailedError } from '#core/errors.ts';
import { composition } from '../shared/composition.ts';
import { denialError, type Verdict } from './auth/verdict.ts';
import { ROUTES } from './routes/index.ts';
import { routeKey } from './route.ts';
import { OPENAPI_DOCUMENT_ROUTE } from './public-routes.ts';

export type ApiEvent = APIGatewayProxyEventV2WithLambdaAuthorizer<Verdict>;

const routesByKey = new Map(ROUTES.map((route) => [routeKey(route), route]));

function parse<S extends z.ZodType>(schema: S, value: unknown, where: 'path' | 'query' | 'body'): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
  }));
  throw new ValidationFailedError(`The request ${where} is not valid`, errors);
}

export async function routeRequest(event: ApiEvent): Promise<APIGatewayProxyStructuredResultV2> {
  if (event.routeKey === routeKey(OPENAPI_DOCUMENT_ROUTE)) {
    // Built from the route table on demand (a test keeps docs/openapi.json equal to it).
    const { openApiDocument } = await import('./openapi-document.ts');
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: openApiDocument() };
  }
  const route = routesByKey.get(event.routeKey);
  if (!route) throw new NotFoundError(`No route ${event.routeKey}`);

  const verdict = event.requestContext.authorizer?.lambda;
  if (!verdict) throw new UnauthenticatedError();
  if (verdict.verdict === 'deny') throw denialError(verdict);
  if (verdict.verdict === 'account-token')
    throw new UnauthenticatedError(`A ${verdict.kind} token does not work on the dashboard API`);
  if (verdict.verdict === 'invalid')
    throw new ValidationFailedError(verdict.detail, [{ path: 'path.accountId', message: 'not a valid id' }]);

  const params = parse(route.params, event.pathParameters ?? {}, 'path') as { accountId?: string };
  const query = parse(route.query, event.queryStringParameters ?? {}, 'query');
  const body = route.body ? parse(route.body, jsonBodyOf(event, PROBLEM_BODY_REFUSALS), 'body') : undefined;

  const accountId = params.accountId ?? verdict.accountId;
  if (accountId !== verdict.accountId) throw new NotAllowedError('You are not a user of this account');
  const deps = composition().adminDeps();
  const caller = UserSchema.parse(JSON.parse(verdict.caller));

  const result = await route.handle({
    params,
    query,
    body,
    caller,
    deps,
    identities: () => composition().invitationDirectory(),
    headers: event.headers ?? {},
    correlationId: event.headers?.['x-correlation-id'] ?? event.requestContext.requestId,
  });
  if (result.status === 204) return { statusCode: 204, ...(result.headers ? { headers: result.headers } : {}) };
  return {
    statusCode: result.status,
    headers: { 'content-type': 'application/json', ...result.headers },
    body: result.text ?? JSON.stringify(result.body),
  };
}
