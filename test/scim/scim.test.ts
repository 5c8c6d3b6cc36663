// SCIM 2.0 from identity providers (docs/scim.md): the request sequences Okta and Entra ID document,
// through the local API server with a SCIM token, and the product's rules intact — R2 (the owner
// is neither deactivated nor removed), R11 (no re-creating an email HR removed), tenant isolation,
// removals through the workflow with the reassignment policy.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { givenAccount, stores, uniqueId } from '../support/accounts.ts';
import { useApiRuntime, waitForRemoval } from '../support/api.ts';
import { eventually } from '../support/eventually.ts';
import { ENTERPRISE, PATCH_OP, SCIM_ERROR as ERROR, SCIM_USER, scimClient } from '../support/scim.ts';

const api = useApiRuntime();
const { scimTokenFor, scim } = scimClient(api);

describe('Okta (SCIM 2.0 provisioning, as Okta documents its requests)', () => {
  it('R9 looks the user up, creates it, reads it, replaces it, deactivates and reactivates it with PATCH', async () => {
    const accountId = await givenAccount();
    const { token } = await scimTokenFor(accountId);
    const email = `ana.${uniqueId('o')}@${accountId}.test`;

    const lookup = await scim(
      token,
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}&startIndex=1&count=100`,
    );
    expect(lookup).toMatchObject({ status: 200, contentType: 'application/scim+json' });
    expect(lookup.body).toMatchObject({ totalResults: 0, Resources: [] });

    const created = await scim(token, 'POST', '/Users', {
      schemas: [SCIM_USER],
      userName: email,
      name: { givenName: 'Ana', familyName: 'Lima' },
      emails: [{ primary: true, value: email, type: 'work' }],
      displayName: 'Ana Lima',
      locale: 'en-US',
      externalId: '00u1abcd',
      groups: [],
      password: 'not-kept-1A!',
      active: true,
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.location).toBe(`${api.runtime.apiUrl}/scim/v2/Users/${id}`);
    expect(created.body).toMatchObject({
      userName: email,
      displayName: 'Ana Lima',
      active: true,
      externalId: '00u1abcd',
    });
    expect(await stores().users.getUser(accountId, id)).toMatchObject({ role: 'MEMBER', status: 'ACTIVE', email });

    expect((await scim(token, 'GET', `/Users/${id}`)).body).toMatchObject({
      id,
      name: { givenName: 'Ana', familyName: 'Lima' },
    });
    const found = await scim(
      token,
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${email.toUpperCase()}"`)}`,
    );
    expect(found.body.Resources.map((u: { id: string }) => u.id)).toEqual([id]);

    const replaced = await scim(token, 'PUT', `/Users/${id}`, {
      ...created.body,
      name: { givenName: 'Ana', familyName: 'Lima-Souza' },
      displayName: 'Ana Lima-Souza',
    });
    expect(replaced).toMatchObject({ status: 200, body: { displayName: 'Ana Lima-Souza', active: true } });

    const deactivated = await scim(token, 'PATCH', `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect(deactivated).toMatchObject({ status: 200, body: { active: false } });
    expect((await stores().users.getUser(accountId, id))?.status).toBe('INACTIVE');
    const reactivated = await scim(token, 'PATCH', `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: true } }],
    });
    expect(reactivated.body.active).toBe(true);
    const actions = (await api.call('GET', `/v1/accounts/${accountId}/audit-log`, { as: 'amir' })).body.entries
      .filter((e: { targetUserId?: string }) => e.targetUserId === id)
      .map((e: { action: string; actor: { type: string } }) => `${e.action}:${e.actor.type}`);
    expect(actions).toEqual(['USER_ACTIVATED:SCIM', 'USER_DEACTIVATED:SCIM', 'USER_UPDATED:SCIM', 'USER_ADDED:SCIM']);
  });
});

describe('Entra ID (its SCIM requests: capitalised ops, string booleans, externalId as the match key)', () => {
  it('R4 R5 R11 creates a user with a manager, patches it, deactivates it with "False"; DELETE removes a user through the workflow, giving what it owned to its manager', async () => {
    const accountId = await givenAccount({
      plan: 'ENTERPRISE',
      resources: [{ type: 'PHONE_NUMBER', id: 'num-1', name: '+1 555 0001', ownerId: 'dan' }],
    });
    const { token, tokenId } = await scimTokenFor(accountId);
    const email = `bo.${uniqueId('e')}@${accountId}.test`;
    const externalId = uniqueId('aad');

    expect(
      (await scim(token, 'GET', `/Users?filter=${encodeURIComponent(`externalId eq "${externalId}"`)}`)).body
        .totalResults,
    ).toBe(0);
    const created = await scim(token, 'POST', '/Users', {
      schemas: [SCIM_USER, ENTERPRISE],
      externalId,
      userName: email,
      active: true,
      displayName: 'Bo Chen',
      emails: [{ primary: true, type: 'work', value: email }],
      meta: { resourceType: 'User' },
      name: { formatted: 'Bo Chen', familyName: 'Chen', givenName: 'Bo' },
      [ENTERPRISE]: { manager: { value: 'bea' } },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body[ENTERPRISE]).toEqual({ manager: { value: 'bea' } });

    const renamed = await scim(token, 'PATCH', `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'Replace', path: 'displayName', value: 'Bo Chen-Li' },
        { op: 'Add', path: 'emails[type eq "work"].value', value: email },
      ],
    });
    expect(renamed).toMatchObject({ status: 200, body: { displayName: 'Bo Chen-Li' } });
    const inactive = await scim(token, 'PATCH', `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
    });
    expect(inactive).toMatchObject({ status: 200, body: { active: false } });

    // Dan owns a number; Entra ID sets his manager, then unassigns him: DELETE.
    const managed = await scim(token, 'PATCH', '/Users/dan', {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Add', path: `${ENTERPRISE}:manager`, value: 'bea' }],
    });
    expect(managed).toMatchObject({ status: 200, body: { [ENTERPRISE]: { manager: { value: 'bea' } } } });
    expect((await scim(token, 'DELETE', '/Users/dan')).status).toBe(204);
    const dan = await stores().users.getUser(accountId, 'dan');
    const removalId = dan?.removalId ?? dan?.pendingRemovalId;
    expect(await waitForRemoval(api.call, `/v1/accounts/${accountId}/removals/${removalId}`, 'amir')).toMatchObject({
      status: 'COMPLETED',
      requestedBy: { type: 'SCIM', id: tokenId },
    });
    const resources = (await api.call('GET', `/v1/accounts/${accountId}/resources`, { as: 'amir' })).body.resources;
    expect(resources.find((r: { id: string }) => r.id === 'num-1').ownerId).toBe('bea'); // the manager (R4, R11)
    expect((await scim(token, 'GET', '/Users/dan')).status).toBe(404);
    const removed = await eventually(() => {
      const event = api.runtime.bus.events({ detailType: 'UserRemoved' }).find((e) => e.detail.removalId === removalId);
      expect(event).toBeDefined();
      return event!;
    });
    expect(removed.detail.removedBy).toEqual({ type: 'SCIM', id: tokenId });
  });
});

describe('the rules hold over SCIM', () => {
  it('R2 refuses to deactivate or remove the owner, with a SCIM error', async () => {
    const accountId = await givenAccount();
    const { token } = await scimTokenFor(accountId);
    const patch = await scim(token, 'PATCH', '/Users/olivia', {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    expect(patch).toMatchObject({ status: 409, body: { schemas: [ERROR], status: '409' } });
    expect((await scim(token, 'DELETE', '/Users/olivia')).status).toBe(409);
    expect((await stores().users.getUser(accountId, 'olivia'))?.status).toBe('ACTIVE');
  });

  it('refuses an existing userName as a uniqueness conflict, and nonsense with 400s — never a 500', async () => {
    const accountId = await givenAccount();
    const { token } = await scimTokenFor(accountId);
    const duplicate = await scim(token, 'POST', '/Users', { schemas: [SCIM_USER], userName: `dan@${accountId}.test` });
    expect(duplicate).toMatchObject({ status: 409, body: { scimType: 'uniqueness', status: '409' } });
    for (const [method, path, body] of [
      ['POST', '/Users', '{not json'],
      ['POST', '/Users', { schemas: [SCIM_USER], userName: 'not-an-email' }],
      ['GET', `/Users?filter=${encodeURIComponent('userName eq')}`, undefined],
      ['GET', `/Users?filter=${encodeURIComponent('password eq "x"')}`, undefined],
      ['GET', '/Users?count=lots', undefined],
      ['PATCH', '/Users/dan', { schemas: [PATCH_OP], Operations: [{ op: 'explode', path: 'active' }] }],
      [
        'PATCH',
        '/Users/dan',
        { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'userName', value: 'x@y.test' }] },
      ],
    ] as const) {
      const answer = await scim(token, method, path, body);
      expect(answer.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(answer.status, `${method} ${path}`).toBeLessThan(500);
      expect(answer.body.schemas).toEqual([ERROR]);
    }
  });

  it('keeps each account to itself: a token sees only its account, works only on /scim/v2, and stops when revoked', async () => {
    const [a, b] = [await givenAccount(), await givenAccount()];
    const tokenA = await scimTokenFor(a);
    const listed = await scim(tokenA.token, 'GET', '/Users');
    expect(listed.body.Resources.every((u: { userName: string }) => u.userName.endsWith(`@${a}.test`))).toBe(true);
    // `dan` exists in B too: from A's token, B's users are not found.
    const otherDan = (await stores().users.getUser(b, 'dan'))!;
    expect(otherDan).toBeDefined();
    expect(
      (await scim(tokenA.token, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "dan@${b}.test"`)}`)).body
        .totalResults,
    ).toBe(0);

    const onDashboard = await api.call('GET', `/v1/accounts/${a}/users`, { authorization: `Bearer ${tokenA.token}` });
    expect(onDashboard.status).toBe(401);
    const jwtOnScim = await fetch(`${api.runtime.apiUrl}/scim/v2/Users`, {
      headers: { authorization: await import('../support/api.ts').then((m) => m.bearer('amir')) },
    });
    expect(jwtOnScim.status).toBe(401);

    const listedTokens = await api.call('GET', `/v1/accounts/${a}/scim-tokens`, { as: 'amir' });
    expect(listedTokens.body.tokens).toEqual([expect.objectContaining({ tokenId: tokenA.tokenId, status: 'ACTIVE' })]);
    expect(JSON.stringify(listedTokens.body)).not.toContain(tokenA.token);
    expect((await api.call('GET', `/v1/accounts/${a}/scim-tokens`, { as: 'dan' })).status).toBe(403);
    expect((await api.call('DELETE', `/v1/accounts/${a}/scim-tokens/${tokenA.tokenId}`, { as: 'amir' })).status).toBe(
      204,
    );
    expect((await scim(tokenA.token, 'GET', '/Users')).status).toBe(401);
  });

  it('R11 does not re-create an email HR removed until an admin invites it', async () => {
    const accountId = await givenAccount();
    const { token } = await scimTokenFor(accountId);
    // HR removed Gus's address before (the marker HR removals leave).
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const { dynamoDocumentClient } = await import('#adapters/clients.ts');
    const { testTableName } = await import('../support/env.ts');
    const email = `former@${accountId}.test`;
    await dynamoDocumentClient().send(
      new PutCommand({
        TableName: testTableName(),
        Item: { pk: `ACCOUNT#${accountId}`, sk: `HRREMOVED#${email}`, entity: 'HR_REMOVED', email },
      }),
    );
    const refused = await scim(token, 'POST', '/Users', { schemas: [SCIM_USER], userName: email });
    expect(refused).toMatchObject({ status: 409, body: { status: '409' } });
    expect(refused.body.detail).toMatch(/HR/);
    expect(await stores().users.findUserByEmail(accountId, email)).toBeUndefined();
  });
});

describe('listing', () => {
  it('filters on emails.value and pages with startIndex and count (1-based), as RFC 7644 has it', async () => {
    const accountId = await givenAccount();
    const { token } = await scimTokenFor(accountId);
    const byEmail = await scim(
      token,
      'GET',
      `/Users?filter=${encodeURIComponent(`emails.value eq "erin@${accountId}.test"`)}`,
    );
    expect(byEmail.body.Resources.map((u: { id: string }) => u.id)).toEqual(['erin']);
    const all = (await scim(token, 'GET', '/Users')).body;
    expect(all.totalResults).toBe(7);
    const page = (await scim(token, 'GET', '/Users?startIndex=3&count=2')).body;
    expect(page).toMatchObject({ totalResults: 7, startIndex: 3, itemsPerPage: 2 });
    expect(page.Resources.map((u: { id: string }) => u.id)).toEqual(
      all.Resources.slice(2, 4).map((u: { id: string }) => u.id),
    );
  });
});

describe('nothing a SCIM client sends answers 500', () => {
  it('random bodies to POST, PUT and PATCH get a SCIM error or a success, never a 5xx', async () => {
    const accountId = await givenAccount();
    const { token } = await scimTokenFor(accountId);
    const value = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.boolean(),
      fc.integer(),
      fc.constant(null),
      fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
    );
    const operation = fc.record({
      op: fc.constantFrom('add', 'Replace', 'remove', 'move'),
      path: fc.option(
        fc.constantFrom('active', 'displayName', 'emails[type eq "work"].value', 'name.givenName', 'x[', 'userName'),
        { nil: undefined },
      ),
      value,
    });
    const request = fc.oneof(
      fc.record({
        method: fc.constant('POST'),
        path: fc.constant('/Users'),
        body: fc.dictionary(fc.constantFrom('userName', 'active', 'name', 'emails', 'externalId', 'schemas'), value, {
          maxKeys: 5,
        }),
      }),
      fc.record({
        method: fc.constant('PUT'),
        path: fc.constant('/Users/erin'),
        body: fc.dictionary(fc.constantFrom('userName', 'active', 'name', 'displayName'), value, { maxKeys: 4 }),
      }),
      fc.record({
        method: fc.constant('PATCH'),
        path: fc.constant('/Users/farah'),
        body: fc.record({ schemas: fc.constant([PATCH_OP]), Operations: fc.array(operation, { maxLength: 3 }) }),
      }),
      fc.record({
        method: fc.constant('GET'),
        path: fc.string({ maxLength: 30 }).map((f) => `/Users?filter=${encodeURIComponent(f)}`),
        body: fc.constant(undefined),
      }),
    );
    await fc.assert(
      fc.asyncProperty(request, async ({ method, path, body }) => {
        const answer = await scim(token, method, path, body);
        expect(answer.status, JSON.stringify({ method, path, body, answer: answer.body })).toBeLessThan(500);
        if (answer.status >= 400) expect(answer.body.schemas).toEqual([ERROR]);
      }),
      { numRuns: 60 },
    );
    expect((await stores().users.getUser(accountId, 'olivia'))?.status).toBe('ACTIVE');
  });
});
