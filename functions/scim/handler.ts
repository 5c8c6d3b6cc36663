// The SCIM 2.0 Lambda (RFC 7644, docs/scim.md): one function behind the /scim/v2 routes, after the
// authorizer admitted an account's SCIM token. Answers `application/scim+json`; every refusal is a
// SCIM error body (status as a string, scimType where the RFC has one), never a 500 for bad input.
import { observability } from '../shared/observability.ts';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type {
  APIGatewayProxyEventV2WithLambdaAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { logger } from '#adapters/logger.ts';
import { requireConfig } from '#adapters/config.ts';
import { SCIM_ERROR_SCHEMA } from '#core/scim/scim-user.ts';
import { selectAttributes, type AttributeSelection } from '#core/scim/scim-attributes.ts';
import { searchRequestOf } from '#core/scim/scim-search.ts';
import {
  createScimGroup,
  deleteScimGroup,
  getScimGroup,
  listScimGroups,
  patchScimGroup,
  replaceScimGroup,
} from '#core/scim/scim-groups.ts';
import { ScimError, scimErrorOf } from '#core/scim/scim-errors.ts';
import {
  createScimUser,
  deleteScimUser,
  getScimUser,
  listScimUsers,
  patchScimUser,
  replaceScimUser,
  type ScimCaller,
} from '#core/scim/scim-users.ts';
import type { Verdict } from '../api/auth/verdict.ts';
import { ADMIN_CONFIG_NEEDS, composition } from '../shared/composition.ts';
import { resourceTypes, schemas, serviceProviderConfig } from './discovery.ts';
import { SCIM_BASE_PATH } from './scim-routes.ts';
import { jsonBodyOf } from '../shared/json-body.ts';

/** What this function needs set, beyond what every function has (adapters/config.ts). */
export const CONFIG_NEEDS = [...ADMIN_CONFIG_NEEDS, 'PUBLIC_API_URL' as const];

type ScimEvent = APIGatewayProxyEventV2WithLambdaAuthorizer<Verdict>;
const MAX_BODY_BYTES = 64 * 1024;

const scimResult = (status: number, body?: unknown, headers: Record<string, string> = {}) => ({
  statusCode: status,
  headers: { 'content-type': 'application/scim+json', ...headers },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

const errorResult = (error: ScimError) =>
  scimResult(error.status, {
    schemas: [SCIM_ERROR_SCHEMA],
    status: String(error.status),
    ...(error.scimType ? { scimType: error.scimType } : {}),
    detail: error.message,
  });

function jsonBody(event: ScimEvent): unknown {
  const bytes = event.body ? Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : 0;
  if (bytes > MAX_BODY_BYTES) throw new ScimError(413, 'The request body is over 64 KB', 'tooMany');
  return jsonBodyOf(event, {
    notJson: () => new ScimError(400, 'The request body is not JSON', 'invalidSyntax'),
    prototypeKey: (path) =>
      new ScimError(
        400,
        `The request body names a reserved key at ${path}: __proto__, constructor and prototype are not accepted`,
        'invalidValue',
      ),
  });
}

const integerParam = (value: string | undefined, name: string) => {
  if (value === undefined) return undefined;
  if (!/^-?\d{1,9}$/.test(value)) throw new ScimError(400, `${name} must be an integer`, 'invalidValue');
  return Number(value);
};

/** A list's query (RFC 7644 §3.4.2): filter, paging and order, as GET /Users and GET /Groups take it. */
const listQuery = (query: Record<string, string | undefined>) => ({
  filter: query.filter,
  startIndex: integerParam(query.startIndex, 'startIndex'),
  count: integerParam(query.count, 'count'),
  sortBy: query.sortBy,
  sortOrder: query.sortOrder,
});

export async function serveScim(event: ScimEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const verdict = event.requestContext.authorizer?.lambda;
  if (verdict?.verdict !== 'account-token' || verdict.kind !== 'SCIM')
    throw new ScimError(401, verdict?.verdict === 'deny' ? verdict.detail : 'Send Authorization: Bearer <SCIM token>');
  const app = composition();
  const deps = app.adminDeps();
  // Locations from configuration: a Host header is the client's to choose.
  const { PUBLIC_API_URL } = requireConfig('the SCIM API', CONFIG_NEEDS, app.config);
  const caller: ScimCaller = {
    accountId: verdict.accountId,
    tokenId: verdict.tokenId,
    createdBy: verdict.createdBy,
    base: `${PUBLIC_API_URL.replace(/\/$/, '')}${SCIM_BASE_PATH}`,
  };
  const id = event.pathParameters?.id;
  const query = event.queryStringParameters ?? {};
  // attributes / excludedAttributes apply to every answer that carries a resource (§3.4.2.5, §3.9).
  const selection: AttributeSelection = { attributes: query.attributes, excludedAttributes: query.excludedAttributes };
  // The version travels as the ETag header too (RFC 7644 §3.14), for If-Match on the next write.
  const resource = (status: number, body: { meta: object }, headers: Record<string, string> = {}) =>
    scimResult(status, selectAttributes(body, selection), {
      ...('version' in body.meta ? { etag: String(body.meta.version) } : {}),
      ...headers,
    });
  const ifMatch = event.headers?.['if-match'];
  const list = (body: { Resources: object[] }, chosen: AttributeSelection) =>
    scimResult(200, { ...body, Resources: body.Resources.map((r) => selectAttributes(r, chosen)) });
  switch (event.routeKey) {
    case `GET ${SCIM_BASE_PATH}/ServiceProviderConfig`:
      return scimResult(200, serviceProviderConfig(caller.base));
    case `GET ${SCIM_BASE_PATH}/ResourceTypes`:
      return scimResult(200, resourceTypes(caller.base));
    case `GET ${SCIM_BASE_PATH}/Schemas`:
      return scimResult(200, schemas(caller.base));
    case `GET ${SCIM_BASE_PATH}/Users`:
      return list(await listScimUsers(deps, caller, listQuery(query)), selection);
    case `POST ${SCIM_BASE_PATH}/Users/.search`: {
      const search = searchRequestOf(jsonBody(event));
      return list(await listScimUsers(deps, caller, search), search);
    }
    case `POST ${SCIM_BASE_PATH}/Users`: {
      const created = await createScimUser(deps, caller, jsonBody(event));
      return resource(201, created, { location: created.meta.location });
    }
    case `GET ${SCIM_BASE_PATH}/Users/{id}`:
      return resource(200, await getScimUser(deps, caller, id!));
    case `PUT ${SCIM_BASE_PATH}/Users/{id}`:
      return resource(200, await replaceScimUser(deps, caller, id!, jsonBody(event), ifMatch));
    case `PATCH ${SCIM_BASE_PATH}/Users/{id}`:
      return resource(200, await patchScimUser(deps, caller, id!, jsonBody(event), ifMatch));
    case `DELETE ${SCIM_BASE_PATH}/Users/{id}`:
      await deleteScimUser(deps, caller, id!);
      return { statusCode: 204 };
    case `GET ${SCIM_BASE_PATH}/Groups`:
      return list(await listScimGroups(deps, caller, listQuery(query)), selection);
    case `POST ${SCIM_BASE_PATH}/Groups`: {
      const created = await createScimGroup(deps, caller, jsonBody(event));
      return resource(201, created, { location: created.meta.location });
    }
    case `GET ${SCIM_BASE_PATH}/Groups/{id}`:
      return resource(200, await getScimGroup(deps, caller, id!));
    case `PUT ${SCIM_BASE_PATH}/Groups/{id}`:
      return resource(200, await replaceScimGroup(deps, caller, id!, jsonBody(event)));
    case `PATCH ${SCIM_BASE_PATH}/Groups/{id}`:
      return resource(200, await patchScimGroup(deps, caller, id!, jsonBody(event)));
    case `DELETE ${SCIM_BASE_PATH}/Groups/{id}`:
      await deleteScimGroup(deps, caller, id!);
      return { statusCode: 204 };
    default:
      return unknownPath(event);
  }
}

/** What is not served under the base: /Me is an optional endpoint (501), the rest is not found (§3.12). */
function unknownPath(event: ScimEvent): never {
  const path = event.rawPath.slice(event.rawPath.indexOf(SCIM_BASE_PATH) + SCIM_BASE_PATH.length);
  if (/^\/Me(\/|$)/i.test(path))
    throw new ScimError(501, '/Me is not supported: a SCIM token acts for its account, not for a user');
  if (/^\/Bulk(\/|$)/i.test(path))
    throw new ScimError(501, 'Bulk operations are not supported (ServiceProviderConfig)');
  throw new ScimError(404, `No SCIM endpoint ${event.requestContext.http.method} ${SCIM_BASE_PATH}${path}`);
}

const scimErrors = (): middy.MiddlewareObj<ScimEvent, APIGatewayProxyStructuredResultV2, Error, Context> => ({
  onError: (request) => {
    const known = scimErrorOf(request.error);
    if (known && known.status < 500)
      logger.info('SCIM request refused', { status: known.status, scimType: known.scimType });
    else logger.error('SCIM request failed', { error: request.error });
    request.response = errorResult(known ?? new ScimError(500, 'Something went wrong on our side; it has been logged'));
  },
});

export const handler = middy<ScimEvent, APIGatewayProxyStructuredResultV2, Error, Context>(serveScim)
  .use(httpHeaderNormalizer())
  .use(observability())
  .use(scimErrors());
