// SCIM tokens (docs/scim.md): an admin gives an identity provider its bearer for /scim/v2.
import { createScimToken, listScimTokens, revokeScimToken } from '#core/scim/scim-tokens.ts';
import { defineRoute, ok } from '../route.ts';
import * as s from '../schemas.ts';

export const postScimToken = defineRoute({
  method: 'POST',
  path: '/v1/accounts/{accountId}/scim-tokens',
  operationId: 'createScimToken',
  summary: "Admins: a SCIM token for the account's identity provider (shown once; stored as a hash)",
  params: s.AccountPath,
  query: s.NoQuery,
  body: s.ScimTokenBody,
  success: { status: 201, description: 'The token, shown once', schema: s.ApiTokenResponse },
  problems: ['NOT_ALLOWED'],
  handle: async ({ body, caller, deps }) => ok(await createScimToken(deps, caller, body.name), 201),
});

export const listScimTokensRoute = defineRoute({
  method: 'GET',
  path: '/v1/accounts/{accountId}/scim-tokens',
  operationId: 'listScimTokens',
  summary: "Admins: the account's SCIM tokens (never their secrets)",
  params: s.AccountPath,
  query: s.NoQuery,
  success: { status: 200, description: 'SCIM tokens, newest first', schema: s.ScimTokensResponse },
  problems: ['NOT_ALLOWED'],
  handle: async ({ caller, deps }) => ok({ tokens: await listScimTokens(deps, caller) }),
});

export const deleteScimToken = defineRoute({
  method: 'DELETE',
  path: '/v1/accounts/{accountId}/scim-tokens/{tokenId}',
  operationId: 'revokeScimToken',
  summary: 'Admins: revoke a SCIM token (at once; again is fine)',
  params: s.ScimTokenPath,
  query: s.NoQuery,
  success: { status: 204, description: 'Revoked', schema: s.NoContentResponse },
  problems: ['NOT_ALLOWED', 'NOT_FOUND'],
  handle: async ({ params, caller, deps }) => {
    await revokeScimToken(deps, caller, params.tokenId);
    return ok(undefined, 204);
  },
});
