// Integration tokens (docs/api.md, "Tokens"): create, list and revoke API, SCIM and HR tokens — the
// same three routes for each kind, so the kinds cannot drift apart.
import { createToken, listTokens, revokeToken } from '#core/tokens/manage-tokens.ts';
import { TOKEN_KINDS, type TokenKind } from '#core/tokens/integration-token.ts';
import { defineRoute, ok, type Route } from '../route.ts';
import * as s from '../schemas.ts';

const KINDS: Record<TokenKind, { path: string; op: string; who: string; what: string }> = {
  API: {
    path: 'api-tokens',
    op: 'ApiToken',
    who: 'Anyone, for themselves',
    what: 'an integration API token acting as you',
  },
  SCIM: {
    path: 'scim-tokens',
    op: 'ScimToken',
    who: 'Admins',
    what: "a SCIM token for the account's identity provider",
  },
  HR: {
    path: 'hr-tokens',
    op: 'HrToken',
    who: 'Admins',
    what: "an HR token for the account's HR system (the HR webhook)",
  },
  PLATFORM: {
    path: 'platform-tokens',
    op: 'PlatformToken',
    who: 'Admins',
    what: "a platform token for the account's telephony platform (its call records)",
  },
};

function tokenRoutes(kind: TokenKind): Route[] {
  const { path, op, who, what } = KINDS[kind];
  const base = `/v1/accounts/{accountId}/${path}`;
  return [
    defineRoute({
      method: 'POST',
      path: base,
      operationId: `create${op}`,
      summary: `${who}: ${what} (shown once; stored as a hash; acts only while its creator may)`,
      params: s.AccountPath,
      query: s.NoQuery,
      body: kind === 'API' ? s.ApiTokenBody : s.AccountTokenBody,
      success: { status: 201, description: 'The token, shown once', schema: s.TokenCreatedResponse },
      problems: ['NOT_ALLOWED'],
      handle: async ({ body, caller, deps }) => ok(await createToken(deps, caller, kind, body), 201),
    }),
    defineRoute({
      method: 'GET',
      path: base,
      operationId: `list${op}s`,
      summary:
        kind === 'API'
          ? "Your API tokens (admins: every user's), never their secrets"
          : `Admins: the account's ${kind} tokens, never their secrets`,
      params: s.AccountPath,
      query: s.NoQuery,
      success: { status: 200, description: 'Tokens, newest first', schema: s.TokensResponse },
      problems: ['NOT_ALLOWED'],
      handle: async ({ caller, deps }) => ok({ tokens: await listTokens(deps, caller, kind) }),
    }),
    defineRoute({
      method: 'DELETE',
      path: `${base}/{tokenId}`,
      operationId: `revoke${op}`,
      summary: `Revoke ${kind === 'API' ? 'an API token (yours; admins: anyone’s)' : `a ${kind} token (admins)`}: at once; again is fine`,
      params: s.TokenPath,
      query: s.NoQuery,
      success: { status: 204, description: 'Revoked', schema: s.NoContentResponse },
      problems: ['NOT_ALLOWED', 'NOT_FOUND'],
      handle: async ({ params, caller, deps }) => {
        await revokeToken(deps, caller, kind, params.tokenId);
        return ok(undefined, 204);
      },
    }),
  ];
}

export const TOKEN_ROUTES: readonly Route[] = TOKEN_KINDS.flatMap(tokenRoutes);
