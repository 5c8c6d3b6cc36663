// SCIM `eq` filters on a key — userName, emails.value (also as emails[value eq]), externalId, id —
// read the users they name, not the account's users (Okta sends `userName eq` before every create,
// so a full read would make provisioning N users cost N² reads); a REMOVED user is never found by
// them. The unfiltered list pages on the live-users index: each page costs the same at any depth.
import { describe, expect, it } from 'vitest';
import { dynamoDocumentClient } from '#adapters/clients.ts';
import { givenAccount } from '../support/accounts.ts';
import { useApiRuntime, waitForRemoval } from '../support/api.ts';
import { readsTheAccountsUsers, tableRequestsOf } from '../support/table-requests.ts';

const api = useApiRuntime();

async function scimToken(accountId: string) {
  const created = await api.call('POST', `/v1/accounts/${accountId}/scim-tokens`, {
    as: 'amir',
    body: { name: 'IdP' },
  });
  return created.body.token as string;
}

/** GET /scim/v2/Users?filter=…, and how many Queries the table saw meanwhile. */
async function filtered(token: string, filter: string) {
  const client = dynamoDocumentClient();
  const name = `count-queries-${Math.random()}`;
  let queries = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'QueryCommand') queries++;
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    const response = await fetch(`${api.runtime.apiUrl}/scim/v2/Users?filter=${encodeURIComponent(filter)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: response.status, body: (await response.json()) as { totalResults: number }, queries };
  } finally {
    client.middlewareStack.remove(name);
  }
}

describe('R11 SCIM key filters read one user', () => {
  it('finds by userName, emails.value, emails[value eq] and id without a Query of the account; a removed user is not found', async () => {
    const accountId = await givenAccount();
    const token = await scimToken(accountId);
    const email = `erin@${accountId}.test`;

    const byUserName = await filtered(token, `userName eq "${email.toUpperCase()}"`);
    const byEmail = await filtered(token, `emails.value eq "${email}"`);
    const byValueFilter = await filtered(token, `emails[value eq "${email}"]`);
    const byId = await filtered(token, 'id eq "erin"');
    const byExternalId = await filtered(token, 'externalId eq "nobody"');
    const combined = await filtered(token, `userName eq "${email}" and active eq true`);
    const notByKey = await filtered(token, 'displayName sw "E"');

    for (const found of [byUserName, byEmail, byValueFilter, byId, combined]) {
      expect(found.status).toBe(200);
      expect(found.body).toMatchObject({ totalResults: 1, Resources: [{ id: 'erin', userName: email }] });
      expect(found.queries).toBe(0);
    }
    // externalId: one Query of its lookup items, which name nobody here.
    expect(byExternalId.body.totalResults).toBe(0);
    expect(byExternalId.queries).toBe(1);
    // A filter that names no key would read the whole account: refused, saying which filters work.
    expect(notByKey.status).toBe(400);
    expect(notByKey.body).toMatchObject({ scimType: 'invalidFilter', detail: expect.stringContaining('externalId') });

    const accepted = await api.call('POST', `/v1/accounts/${accountId}/users/erin/removal`, {
      as: 'amir',
      body: { confirm: true },
    });
    expect((await waitForRemoval(api.call, accepted.body.statusUrl, 'amir')).status).toBe('COMPLETED');
    expect((await filtered(token, `userName eq "${email}"`)).body.totalResults).toBe(0);
    expect((await filtered(token, 'id eq "erin"')).body.totalResults).toBe(0);
  });
});

async function scimCall(token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${api.runtime.apiUrl}/scim/v2${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer: any = response.status === 204 ? undefined : await response.json();
  return { status: response.status, body: answer };
}

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

describe('R11 SCIM externalId and the list at any depth', () => {
  it('finds users by externalId through their lookup items, follows a changed externalId and forgets a removed user', async () => {
    const accountId = await givenAccount();
    const token = await scimToken(accountId);
    const created = await scimCall(token, 'POST', '/Users', {
      schemas: [USER_SCHEMA],
      userName: `nia@${accountId}.test`,
      displayName: 'Nia New',
      externalId: 'okta-00u1',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const byOld = await filtered(token, 'externalId eq "okta-00u1"');
    const patched = await scimCall(token, 'PATCH', `/Users/${id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'externalId', value: 'okta-00u2' }],
    });
    const afterChange = [
      await filtered(token, 'externalId eq "okta-00u1"'),
      await filtered(token, 'externalId eq "okta-00u2"'),
    ];
    // caseExact (RFC 7643): another case is another id.
    const otherCase = await filtered(token, 'externalId eq "OKTA-00U2"');
    expect(await scimCall(token, 'DELETE', `/Users/${id}`)).toMatchObject({ status: 204 });
    const removal = await api.call('GET', `/v1/accounts/${accountId}/removals?limit=1`, { as: 'amir' });
    const statusUrl = `/v1/accounts/${accountId}/removals/${removal.body.removals[0].removalId}`;
    expect((await waitForRemoval(api.call, statusUrl, 'amir')).status).toBe('COMPLETED');
    const afterRemoval = await filtered(token, 'externalId eq "okta-00u2"');

    expect(byOld.body).toMatchObject({ totalResults: 1, Resources: [{ id, externalId: 'okta-00u1' }] });
    expect(patched.status).toBe(200);
    expect(afterChange.map((found) => found.body.totalResults)).toEqual([0, 1]);
    expect(otherCase.body.totalResults).toBe(0);
    expect(afterRemoval.body.totalResults).toBe(0);
    for (const found of [byOld, ...afterChange, otherCase, afterRemoval]) expect(found.queries).toBe(1);
  });

  it('walks the list with startIndex and count, each page as cheap as the first: no user missed or repeated, removed users not counted', async () => {
    const accountId = await givenAccount();
    const token = await scimToken(accountId);
    const accepted = await api.call('POST', `/v1/accounts/${accountId}/users/dan/removal`, {
      as: 'amir',
      body: { confirm: true, reassignTo: 'bea' },
    });
    expect((await waitForRemoval(api.call, accepted.body.statusUrl, 'amir')).status).toBe('COMPLETED');

    const pages = [];
    const costs = [];
    for (let startIndex = 1; startIndex <= 6; startIndex += 2) {
      const { result, requests } = await tableRequestsOf(() =>
        scimCall(token, 'GET', `/Users?startIndex=${startIndex}&count=2`),
      );
      pages.push(result.body);
      costs.push(requests.filter((r) => r.command === 'QueryCommand').length);
    }
    // A jump no page ended at: read up to it through the index, never the account partition.
    const { result: jumped, requests: jumping } = await tableRequestsOf(() =>
      scimCall(token, 'GET', '/Users?startIndex=4&count=10'),
    );

    const walked = pages.flatMap((p) => p.Resources.map((u: { id: string }) => u.id));
    // The six live users by name; dan is removed: not listed, not counted.
    expect(walked).toEqual(['amir', 'bea', 'erin', 'farah', 'gus', 'olivia']);
    for (const [i, p] of pages.entries())
      expect(p).toMatchObject({ totalResults: 6, startIndex: 1 + 2 * i, itemsPerPage: 2 });
    // Every page: the three status partitions of the index (the user reads of the caller aside).
    expect(new Set(costs)).toEqual(new Set([3]));
    expect(jumped.body.Resources.map((u: { id: string }) => u.id)).toEqual(['farah', 'gus', 'olivia']);
    expect(jumping.filter(readsTheAccountsUsers)).toEqual([]);
  });
});
