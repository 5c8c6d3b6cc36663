// SCIM `eq` filters on a key — userName, emails.value (also as emails[value eq]), id — read the one
// user they name, not the account's users (Okta sends `userName eq` before every create, so a full
// read would make provisioning N users cost N² reads); a REMOVED user is never found by them.
import { describe, expect, it } from 'vitest';
import { dynamoDocumentClient } from '#adapters/clients.ts';
import { givenAccount } from '../support/accounts.ts';
import { useApiRuntime, waitForRemoval } from '../support/api.ts';

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

    for (const found of [byUserName, byEmail, byValueFilter, byId]) {
      expect(found.status).toBe(200);
      expect(found.body).toMatchObject({ totalResults: 1, Resources: [{ id: 'erin', userName: email }] });
      expect(found.queries).toBe(0);
    }
    // Any other filter still reads the account's users (and finds nothing here).
    expect(byExternalId.body.totalResults).toBe(0);
    expect(byExternalId.queries).toBeGreaterThan(0);

    const accepted = await api.call('POST', `/v1/accounts/${accountId}/users/erin/removal`, {
      as: 'amir',
      body: { confirm: true },
    });
    expect((await waitForRemoval(api.call, accepted.body.statusUrl, 'amir')).status).toBe('COMPLETED');
    expect((await filtered(token, `userName eq "${email}"`)).body.totalResults).toBe(0);
    expect((await filtered(token, 'id eq "erin"')).body.totalResults).toBe(0);
  });
});
