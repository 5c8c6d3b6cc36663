// An identity provider's side of SCIM in tests: a SCIM token made by an admin of the account, and
// requests to /scim/v2 on the local API server as Okta or Entra ID send them.
import { expect } from 'vitest';
import type { useApiRuntime } from './api.ts';

export const SCIM_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SEARCH_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
export const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

export function scimClient(api: ReturnType<typeof useApiRuntime>) {
  async function scimTokenFor(accountId: string, as = 'amir') {
    const created = await api.call('POST', `/v1/accounts/${accountId}/scim-tokens`, { as, body: { name: 'IdP' } });
    expect(created.status).toBe(201);
    return created.body as { tokenId: string; token: string };
  }

  /** A SCIM request as an identity provider sends it (a string body is sent as it is). */
  async function scim(
    token: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const response = await fetch(`${api.runtime.apiUrl}/scim/v2${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      location: response.headers.get('location'),
      etag: response.headers.get('etag'),
      body: text ? JSON.parse(text) : undefined,
    };
  }

  return { scimTokenFor, scim };
}
