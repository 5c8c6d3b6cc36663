// What public SCIM test suites (Okta's SPEC test, an RFC 7643/7644 compliance suite) found, each as
// the request sequence that showed it: userName's case kept, removed users out of every list, PATCH
// remove without a value, attributes / excludedAttributes, SCIM errors on every path under the
// base, real meta times and versions with If-Match, and POST /Users/.search.
import { describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoDocumentClient } from '#adapters/clients.ts';
import { givenAccount, uniqueId } from '../support/accounts.ts';
import { testTableName } from '../support/env.ts';
import { useApiRuntime, waitForRemoval } from '../support/api.ts';
import { PATCH_OP, SCIM_ERROR, SCIM_USER, SEARCH_REQUEST, scimClient } from '../support/scim.ts';

const api = useApiRuntime();
const { scimTokenFor, scim } = scimClient(api);
const eq = (attribute: string, value: string) => encodeURIComponent(`${attribute} eq "${value}"`);

/** An account, its SCIM token and a user created over SCIM with a mixed-case userName, as Okta's test does. */
async function givenScimUser(extra: Record<string, unknown> = {}) {
  const accountId = await givenAccount({ plan: 'ENTERPRISE' });
  const { token } = await scimTokenFor(accountId);
  const userName = `Runscope${uniqueId('X').replace('-', '')}Moo824@${accountId}.test`;
  const created = await scim(token, 'POST', '/Users', {
    schemas: [SCIM_USER],
    userName,
    name: { givenName: 'Run', familyName: 'Scope' },
    emails: [{ primary: true, value: userName, type: 'work' }],
    active: true,
    ...extra,
  });
  expect(created.status).toBe(201);
  return { accountId, token, userName, id: created.body.id as string, created };
}

describe('userName keeps the case the client sent; look-ups ignore it (RFC 7643 §2.1: caseExact false)', () => {
  it("Okta's 'Create Okta user with realistic values' then 'Verify that user was created'", async () => {
    const { token, userName, id, created } = await givenScimUser();

    const read = await scim(token, 'GET', `/Users/${id}`);
    const found = await scim(token, 'GET', `/Users?filter=${eq('userName', userName.toLowerCase())}`);
    const duplicate = await scim(token, 'POST', '/Users', { schemas: [SCIM_USER], userName: userName.toUpperCase() });

    expect(created.body.userName).toBe(userName);
    expect(created.body.emails).toEqual([{ value: userName, type: 'work', primary: true }]);
    expect(read.body.userName).toBe(userName);
    expect(found.body.Resources.map((u: { userName: string }) => u.userName)).toEqual([userName]);
    expect(duplicate).toMatchObject({ status: 409, body: { scimType: 'uniqueness' } });
  });
});

describe('removed users are in no list and match no filter (Okta and Entra ID match by filter)', () => {
  it('after a removal and a re-invite of the same email, userName eq finds the new user only', async () => {
    const { accountId, token, userName, id } = await givenScimUser();
    expect((await scim(token, 'DELETE', `/Users/${id}`)).status).toBe(204);
    const removals = await api.call('GET', `/v1/accounts/${accountId}/removals`, { as: 'amir' });
    const removal = removals.body.removals.find((r: { userId: string }) => r.userId === id);
    await waitForRemoval(api.call, `/v1/accounts/${accountId}/removals/${removal.removalId}`, 'amir');

    const again = await scim(token, 'POST', '/Users', { schemas: [SCIM_USER], userName });
    const byName = await scim(token, 'GET', `/Users?filter=${eq('userName', userName)}`);
    const listed = await scim(token, 'GET', '/Users?count=200');

    expect(again.status).toBe(201);
    expect(byName.body.Resources.map((u: { id: string }) => u.id)).toEqual([again.body.id]);
    expect(listed.body.Resources.map((u: { id: string }) => u.id)).not.toContain(id);
  });
});

describe('PATCH remove with a path and no value (RFC 7644 §3.5.2.2)', () => {
  it('removes externalId', async () => {
    const { token, id } = await givenScimUser({ externalId: 'ext-1' });

    const patched = await scim(token, 'PATCH', `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'remove', path: 'externalId' }],
    });

    expect(patched.status).toBe(200);
    expect(patched.body.externalId).toBeUndefined();
    expect((await scim(token, 'GET', `/Users/${id}`)).body.externalId).toBeUndefined();
  });
});

describe('attributes and excludedAttributes (RFC 7644 §3.4.2.5: servers MUST support them)', () => {
  it('on GET by id, on lists and on writes; names are case-insensitive, may be sub-attributes or carry the schema URN', async () => {
    const { token, userName, id } = await givenScimUser();

    const only = await scim(token, 'GET', `/Users/${id}?attributes=userName,name.givenName`);
    const urn = await scim(token, 'GET', `/Users/${id}?attributes=${encodeURIComponent(`${SCIM_USER}:userName`)}`);
    const without = await scim(token, 'GET', `/Users/${id}?excludedAttributes=emails,META,name.familyName`);
    const listed = await scim(token, 'GET', `/Users?filter=${eq('userName', userName)}&attributes=userName`);
    const patched = await scim(token, 'PATCH', `/Users/${id}?attributes=displayName`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'displayName', value: 'Run S.' }],
    });

    expect(only.body).toEqual({ schemas: [SCIM_USER], id, userName, name: { givenName: 'Run' } });
    expect(urn.body).toEqual({ schemas: [SCIM_USER], id, userName });
    expect(without.body).toMatchObject({ id, userName, name: { givenName: 'Run' }, active: true });
    expect(without.body.emails).toBeUndefined();
    expect(without.body.meta).toBeUndefined();
    expect(without.body.name.familyName).toBeUndefined();
    expect(listed.body.Resources).toEqual([{ schemas: [SCIM_USER], id, userName }]);
    expect(patched.body).toEqual({ schemas: [SCIM_USER], id, displayName: 'Run S.' });
  });
});

describe('every path under /scim/v2 answers a SCIM error (RFC 7644 §3.12), never problem+json', () => {
  it.each([
    ['GET', '/Users/u-1/groups', 404],
    ['GET', '/Me', 501],
    ['POST', '/Bulk', 501],
    ['DELETE', '/Users', 404],
    ['GET', '/Nothing/here', 404],
  ])('%s %s → %i', async (method, path, status) => {
    const accountId = await givenAccount();
    const { token } = await scimTokenFor(accountId);

    const answer = await scim(token, method, path);

    expect(answer.status).toBe(status);
    expect(answer.contentType).toContain('application/scim+json');
    expect(answer.body).toMatchObject({ schemas: [SCIM_ERROR], status: String(status) });
  });
});

describe('meta: real times, a version per change, and If-Match (RFC 7644 §3.14)', () => {
  it('created and lastModified are when it happened; a PUT with an old version is 412 and changes nothing', async () => {
    const before = Date.now();
    const { token, id, created } = await givenScimUser();
    const { version, created: createdAt, lastModified } = created.body.meta;

    const patched = await scim(
      token,
      'PATCH',
      `/Users/${id}`,
      { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: 'Renamed' }] },
      { 'if-match': version },
    );
    const stale = await scim(
      token,
      'PUT',
      `/Users/${id}`,
      { schemas: [SCIM_USER], userName: created.body.userName, displayName: 'Stale write' },
      { 'if-match': version },
    );
    const read = await scim(token, 'GET', `/Users/${id}`);

    expect(Date.parse(createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(lastModified).toBe(createdAt);
    expect(patched.status).toBe(200);
    expect(patched.body.meta.version).not.toBe(version);
    expect(Date.parse(patched.body.meta.lastModified)).toBeGreaterThanOrEqual(Date.parse(createdAt));
    expect(patched.body.meta.created).toBe(createdAt);
    expect(stale).toMatchObject({ status: 412, body: { schemas: [SCIM_ERROR], status: '412' } });
    expect(read.body.displayName).toBe('Renamed');
    expect(read.etag).toBe(read.body.meta.version);
  });
});

describe('POST /Users/.search (RFC 7644 §3.4.3)', () => {
  it('answers as GET /Users with the same query, attributes included', async () => {
    const { token, userName, id } = await givenScimUser();

    const searched = await scim(token, 'POST', '/Users/.search', {
      schemas: [SEARCH_REQUEST],
      filter: `userName eq "${userName}"`,
      attributes: ['userName'],
      startIndex: 1,
      count: 10,
    });
    const notSearch = await scim(token, 'POST', '/Users/.search', { filter: 'userName eq "x"' });

    expect(searched.status).toBe(200);
    expect(searched.body).toMatchObject({ totalResults: 1, Resources: [{ id, userName }] });
    expect(Object.keys(searched.body.Resources[0]).sort()).toEqual(['id', 'schemas', 'userName']);
    expect(notSearch).toMatchObject({ status: 400, body: { scimType: 'invalidSyntax' } });
  });
});

describe('more than one email (Entra ID tenants whose sign-in name is not the mail address)', () => {
  it('userName stays the sign-in email; the other addresses are kept, returned, replaced and cleared', async () => {
    const accountId = await givenAccount({ plan: 'ENTERPRISE' });
    const { token } = await scimTokenFor(accountId);
    const upn = `ana.lima@${accountId}.onmicrosoft.test`;
    const mail = `Ana.Lima@${accountId}.test`;

    const created = await scim(token, 'POST', '/Users', {
      schemas: [SCIM_USER],
      userName: upn,
      emails: [{ primary: true, type: 'work', value: mail }],
      displayName: 'Ana Lima',
    });
    const id = created.body.id as string;
    const moved = await scim(token, 'PATCH', `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Replace', path: 'emails[type eq "work"].value', value: `ana@${accountId}.test` }],
    });
    const cleared = await scim(token, 'PUT', `/Users/${id}`, {
      schemas: [SCIM_USER],
      userName: upn,
      displayName: 'Ana Lima',
    });
    const renamedSignIn = await scim(token, 'PUT', `/Users/${id}`, {
      schemas: [SCIM_USER],
      userName: `x@${accountId}.test`,
    });

    expect(created.status).toBe(201);
    expect(created.body.userName).toBe(upn);
    expect(created.body.emails).toEqual([
      { value: upn, type: 'work', primary: true },
      { value: mail, type: 'work', primary: false },
    ]);
    expect((await scim(token, 'GET', `/Users?filter=${eq('userName', upn)}`)).body.totalResults).toBe(1);
    expect(moved.status).toBe(200);
    expect(moved.body.emails.map((e: { value: string }) => e.value)).toContain(`ana@${accountId}.test`);
    expect(cleared.body.emails).toEqual([{ value: upn, type: 'work', primary: true }]);
    expect(renamedSignIn).toMatchObject({ status: 400, body: { scimType: 'mutability' } });
  });
});

describe("the enterprise extension's employeeNumber and department", () => {
  it('are kept and returned, changed by PATCH with their URN path, and filter (eq) beside a key', async () => {
    const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    const { token, userName, id } = await givenScimUser({
      schemas: [SCIM_USER, ENTERPRISE],
      [ENTERPRISE]: { employeeNumber: '4711', department: 'Sales' },
    });

    const read = await scim(token, 'GET', `/Users/${id}`);
    const patched = await scim(token, 'PATCH', `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: `${ENTERPRISE}:department`, value: 'Support' }],
    });
    const matching = await scim(
      token,
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${userName}" and ${ENTERPRISE}:department eq "Support"`)}`,
    );
    const notMatching = await scim(
      token,
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${userName}" and ${ENTERPRISE}:employeeNumber eq "1"`)}`,
    );

    expect(read.body[ENTERPRISE]).toEqual({ employeeNumber: '4711', department: 'Sales' });
    expect(read.body.schemas).toEqual([SCIM_USER, ENTERPRISE]);
    expect(patched.body[ENTERPRISE]).toEqual({ employeeNumber: '4711', department: 'Support' });
    expect(matching.body.Resources.map((u: { id: string }) => u.id)).toEqual([id]);
    expect(notMatching.body.totalResults).toBe(0);
  });

  it('filter (eq) alone by their look-up claims, which follow a change and leave with a removal', async () => {
    const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    const { accountId, token, id } = await givenScimUser({
      schemas: [SCIM_USER, ENTERPRISE],
      [ENTERPRISE]: { employeeNumber: '4711', department: 'Sales' },
    });
    const byAlone = (attribute: string, value: string) =>
      scim(token, 'GET', `/Users?filter=${encodeURIComponent(`${ENTERPRISE}:${attribute} eq "${value}"`)}`).then(
        (answer) => answer.body.Resources.map((u: { id: string }) => u.id),
      );

    const sales = await byAlone('department', 'Sales');
    const number = await byAlone('employeeNumber', '4711');
    await scim(token, 'PATCH', `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: `${ENTERPRISE}:department`, value: 'Support' }],
    });
    const salesAfter = await byAlone('department', 'Sales');
    const supportAfter = await byAlone('department', 'Support');
    await scim(token, 'DELETE', `/Users/${id}`);
    const removals = await api.call('GET', `/v1/accounts/${accountId}/removals`, { as: 'amir' });
    const removal = removals.body.removals.find((r: { userId: string }) => r.userId === id);
    await waitForRemoval(api.call, `/v1/accounts/${accountId}/removals/${removal.removalId}`, 'amir');

    expect(sales).toEqual([id]);
    expect(number).toEqual([id]);
    expect(salesAfter).toEqual([]);
    expect(supportAfter).toEqual([id]);
    expect(await byAlone('department', 'Support')).toEqual([]);
    expect(await byAlone('employeeNumber', '4711')).toEqual([]);
    // Not only filtered out: the claims themselves are gone with the user.
    const claims = await dynamoDocumentClient().send(
      new QueryCommand({
        TableName: testTableName(),
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: 'userId = :u AND entity = :lookup',
        ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':u': id, ':lookup': 'LOOKUP' },
      }),
    );
    expect(claims.Items).toEqual([]);
  });
});

describe('sortBy and sortOrder on userName and displayName (RFC 7644 §3.4.2.3)', () => {
  it('pages the whole list in each order, two at a time, each user once; a filter result sorts too', async () => {
    const accountId = await givenAccount({ plan: 'ENTERPRISE' });
    const { token } = await scimTokenFor(accountId);
    // Names and emails in different orders, so the two sorts differ.
    for (const [local, name] of [
      ['zed', 'Anna Z'],
      ['amy', 'Zoe A'],
      ['Mia', 'Mia M'],
    ])
      await scim(token, 'POST', '/Users', {
        schemas: [SCIM_USER],
        userName: `${local}@${accountId}.test`,
        displayName: name,
      });
    const all = async (sort: string) => {
      const seen: { userName: string; displayName: string }[] = [];
      for (let start = 1; ; start += 2) {
        const page = await scim(token, 'GET', `/Users?count=2&startIndex=${start}&${sort}`);
        expect(page.status).toBe(200);
        seen.push(...page.body.Resources);
        if (page.body.Resources.length < 2) return seen;
      }
    };
    const byEmail = (await all('sortBy=userName')).map((u) => u.userName.toLowerCase());
    const byEmailDown = (await all('sortBy=userName&sortOrder=descending')).map((u) => u.userName.toLowerCase());
    const byName = (await all('sortBy=displayName')).map((u) => u.displayName);
    const byNameDown = (await all('sortBy=displayName&sortOrder=descending')).map((u) => u.displayName);
    const bad = await scim(token, 'GET', '/Users?sortBy=active');

    const sorted = (values: string[]) => [...values].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
    expect(byEmail.length).toBe(10); // the cast of seven and three more
    expect(byEmail).toEqual(sorted(byEmail));
    expect(byEmailDown).toEqual([...byEmail].reverse());
    expect(byName).toEqual(sorted(byName));
    expect(byNameDown).toEqual([...byName].reverse());
    expect(new Set(byName).size).toBe(10);
    expect(bad).toMatchObject({ status: 400, body: { scimType: 'invalidValue' } });
  });
});

describe('R7 a removal started at once from the dashboard takes the user’s look-up claims too', () => {
  it('externalId and the enterprise claims are gone after an API removal (the accepted request carries them)', async () => {
    const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    const { accountId, id } = await givenScimUser({
      schemas: [SCIM_USER, ENTERPRISE],
      externalId: 'ext-gone',
      [ENTERPRISE]: { employeeNumber: '9', department: 'Ops' },
    });

    const removal = await api.call('POST', `/v1/accounts/${accountId}/users/${id}/removal`, {
      as: 'amir',
      body: { confirm: true },
    });
    await waitForRemoval(api.call, removal.body.statusUrl, 'amir');
    const claims = await dynamoDocumentClient().send(
      new QueryCommand({
        TableName: testTableName(),
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: 'userId = :u AND entity IN (:lookup, :external)',
        ExpressionAttributeValues: {
          ':pk': `ACCOUNT#${accountId}`,
          ':u': id,
          ':lookup': 'LOOKUP',
          ':external': 'EXTERNAL_ID',
        },
      }),
    );

    expect(removal.status).toBe(202);
    expect(claims.Items).toEqual([]);
  });
});
