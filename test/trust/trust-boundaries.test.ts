// R14 every input bound to its tenant by its credential, and nothing a hostile sender puts in an
// input reaches another tenant: prototype keys at the JSON edges, HR input through HR tokens, tokens
// that stop with their creator, SCIM input limits. Each refused request changes nothing.
import { describe, expect, it } from 'vitest';
import { accountSnapshot, givenAccount, stores, uniqueId } from '../support/accounts.ts';
import { useApiRuntime } from '../support/api.ts';
import { inSeconds, putOnLocalBus } from '../support/hr.ts';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoDocumentClient } from '#adapters/clients.ts';
import { testTableName } from '../support/env.ts';

const api = useApiRuntime();
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

async function tokenOf(
  kind: 'api' | 'scim' | 'hr',
  accountId: string,
  as = 'amir',
  body: object = { name: 'integration' },
) {
  const created = await api.call('POST', `/v1/accounts/${accountId}/${kind}-tokens`, { as, body });
  expect(created.status).toBe(201);
  return created.body as { tokenId: string; token: string; expiresAt: string | null };
}

async function send(token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${api.runtime.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('R14 prototype keys are refused at every JSON edge', () => {
  it('SCIM PATCH with a __proto__ path answers 400 invalidPath, pollutes nothing, and another tenant still answers 200', async () => {
    const [a, b] = [await givenAccount(), await givenAccount()];
    const scimA = (await tokenOf('scim', a)).token;
    const before = await accountSnapshot(a);

    const byPath = await send(scimA, 'PATCH', '/scim/v2/Users/dan', {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: '__proto__.x', value: 'y' }],
    });
    const byValue = await send(
      scimA,
      'PATCH',
      '/scim/v2/Users/dan',
      `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"add","value":{"__proto__":{"x":"y"}}}]}`,
    );
    const byConstructor = await send(scimA, 'PATCH', '/scim/v2/Users/dan', {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'constructor.prototype.x', value: 'y' }],
    });

    expect(byPath).toMatchObject({ status: 400, body: { scimType: 'invalidPath' } });
    expect(byValue).toMatchObject({ status: 400, body: { scimType: 'invalidValue' } });
    expect(byConstructor).toMatchObject({ status: 400, body: { scimType: 'invalidPath' } });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(await accountSnapshot(a)).toBe(before);
    expect((await api.call('GET', `/v1/accounts/${b}/users`, { as: 'amir' })).status).toBe(200);
    const scimB = (await tokenOf('scim', b)).token;
    expect((await send(scimB, 'GET', '/scim/v2/Users/dan')).status).toBe(200);
  });

  it('the dashboard API and the HR webhook answer 400 VALIDATION_FAILED with the key’s path', async () => {
    const accountId = await givenAccount();
    const hr = (await tokenOf('hr', accountId)).token;
    const before = await accountSnapshot(accountId);

    const apiAnswer = await api.call('POST', `/v1/accounts/${accountId}/users/dan/removal`, {
      as: 'amir',
      rawBody: '{"confirm":true,"__proto__":{"reassignTo":"bea"}}',
    });
    const hrAnswer = await send(
      hr,
      'POST',
      '/hr/v1/events',
      '{"type":"TerminationCancelled","email":"dan@x.test","constructor":{"prototype":{"x":1}}}',
    );

    expect(apiAnswer.body).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'body.__proto__' }],
    });
    expect(hrAnswer.body).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'body.constructor' }],
    });
    expect(await accountSnapshot(accountId)).toBe(before);
  });
});

describe('R14 prototype keys on the bus and in the workflow', () => {
  it('an HR event naming __proto__ goes with its reason to the on-failure queue, and changes nothing', async () => {
    const accountId = await givenAccount();
    const before = await accountSnapshot(accountId);
    const detail = JSON.parse(
      `{"accountId":"${accountId}","email":"x@y.test","displayName":"X","__proto__":{"role":"ADMIN"}}`,
    ) as Record<string, unknown>;

    await putOnLocalBus(api.runtime, [{ source: 'hr.system', detailType: 'EmployeeProvisioned', detail }]);

    const failed = api.runtime.bus.failedInvocations().filter((f) => JSON.stringify(f.event).includes(accountId));
    expect(failed).toEqual([expect.objectContaining({ error: expect.stringContaining('detail.__proto__') })]);
    expect(await accountSnapshot(accountId)).toBe(before);
    expect(({} as Record<string, unknown>).role).toBeUndefined();
  });
});

describe('R14 HR input is bound to the account of its HR token', () => {
  it('the HR webhook schedules a termination for the token’s account, in order, with one result per event', async () => {
    const accountId = await givenAccount();
    const hr = await tokenOf('hr', accountId);
    const effectiveAt = inSeconds(3600).toISOString();

    const answer = await send(hr.token, 'POST', '/hr/v1/events', {
      events: [
        { type: 'EmployeeTerminated', email: `farah@${accountId}.test`, effectiveAt, reason: 'Left' },
        { type: 'EmployeeProvisioned', email: `new.${uniqueId('h')}@x.test`, displayName: 'New Hire' },
      ],
    });

    expect(answer).toMatchObject({
      status: 202,
      body: {
        accountId,
        results: [
          { index: 0, outcome: 'scheduled' },
          { index: 1, outcome: 'provisioned' },
        ],
      },
    });
    const farah = await stores().users.getUser(accountId, 'farah');
    const removal = await stores().removals.getRemoval(farah!.pendingRemovalId!);
    expect(removal).toMatchObject({ status: 'SCHEDULED', requestedBy: { type: 'HR_SYSTEM', id: hr.tokenId } });
  });

  it('refuses an event naming another account (403), an ADMIN provisioning and bad ids (400), changing nothing', async () => {
    const [mine, theirs] = [await givenAccount(), await givenAccount()];
    const hr = (await tokenOf('hr', mine)).token;
    const [beforeMine, beforeTheirs] = [await accountSnapshot(mine), await accountSnapshot(theirs)];

    const cross = await send(hr, 'POST', '/hr/v1/events', {
      type: 'EmployeeTerminated',
      accountId: theirs,
      email: `dan@${theirs}.test`,
      effectiveAt: inSeconds(-5).toISOString(),
    });
    const admin = await send(hr, 'POST', '/hr/v1/events', {
      type: 'EmployeeProvisioned',
      email: 'attacker@evil.test',
      displayName: 'Mallory',
      role: 'ADMIN',
    });
    const auditKey = await send(hr, 'POST', '/hr/v1/events', {
      type: 'TerminationCancelled',
      accountId: `${mine}#AUDIT`,
      email: 'x@y.test',
    });

    expect(cross.body).toMatchObject({ status: 403, code: 'NOT_ALLOWED' });
    expect(admin.body).toMatchObject({ status: 400, errors: [{ path: 'body.role' }] });
    expect(auditKey.status).toBe(400);
    expect(await accountSnapshot(mine)).toBe(beforeMine);
    expect(await accountSnapshot(theirs)).toBe(beforeTheirs);
  });

  it('an HR token works on the HR webhook only, and the webhook takes HR tokens only', async () => {
    const accountId = await givenAccount();
    const hr = (await tokenOf('hr', accountId)).token;
    const scim = (await tokenOf('scim', accountId)).token;
    const body = { type: 'TerminationCancelled', email: `dan@${accountId}.test` };

    expect((await send(hr, 'GET', `/v1/accounts/${accountId}/users`)).status).toBe(401);
    expect((await send(hr, 'GET', '/scim/v2/Users')).status).toBe(401);
    expect((await send(scim, 'POST', '/hr/v1/events', body)).status).toBe(401);
    expect((await api.call('POST', '/hr/v1/events', { as: 'amir', body })).status).toBe(401);
  });

  it('an HR token never removes the admin who created it', async () => {
    const accountId = await givenAccount();
    const hr = (await tokenOf('hr', accountId, 'bea')).token;

    const answer = await send(hr, 'POST', '/hr/v1/events', {
      type: 'EmployeeTerminated',
      email: `bea@${accountId}.test`,
      effectiveAt: inSeconds(-5).toISOString(),
    });

    expect(answer.body.results).toEqual([expect.objectContaining({ outcome: 'unmatched' })]);
    expect(await stores().users.getUser(accountId, 'bea')).toMatchObject({ status: 'ACTIVE' });
  });
});

describe('R14 the bus takes offboard events from offboard and HR events from the trusted HR integration only', () => {
  const attacker = { accessKeyId: 'someone-else', secretAccessKey: 'x' };

  it('refuses an EmployeeProvisioned or a UserRemoved from any other principal, as the bus policy does in AWS', async () => {
    const accountId = await givenAccount();
    const before = await accountSnapshot(accountId);

    const provision = putOnLocalBus(
      api.runtime,
      [
        {
          source: 'hr.system',
          detailType: 'EmployeeProvisioned',
          detail: { accountId, email: 'mallory@evil.test', displayName: 'Mallory' },
        },
      ],
      attacker,
    );
    const forged = putOnLocalBus(
      api.runtime,
      [
        {
          source: 'offboard.users',
          detailType: 'UserRemoved',
          detail: { version: 1, removalId: 'rm-forged', accountId, userId: 'dan' },
        },
      ],
      attacker,
    );

    await expect(provision).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(forged).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(api.runtime.bus.events().filter((e) => JSON.stringify(e.detail).includes(accountId))).toEqual([]);
    expect(await accountSnapshot(accountId)).toBe(before);
  });
});

describe('R14 a token acts only while its creator is an ACTIVE admin or owner', () => {
  it('SCIM and HR tokens stop when their creator is deactivated, and stay stopped after activation (as API tokens do)', async () => {
    const accountId = await givenAccount();
    const scim = (await tokenOf('scim', accountId, 'bea')).token;
    const hr = (await tokenOf('hr', accountId, 'bea')).token;
    expect((await send(scim, 'GET', '/scim/v2/Users/dan')).status).toBe(200);

    await api.call('POST', `/v1/accounts/${accountId}/users/bea/deactivate`, { as: 'amir' });

    expect(await send(scim, 'GET', '/scim/v2/Users/dan')).toMatchObject({ status: 401 });
    const refused = await send(hr, 'POST', '/hr/v1/events', { type: 'TerminationCancelled', email: 'x@y.test' });
    expect(refused.body).toMatchObject({ status: 401, code: 'ACCESS_REVOKED' });
    await api.call('POST', `/v1/accounts/${accountId}/users/bea/activate`, { as: 'amir' });
    expect((await send(scim, 'GET', '/scim/v2/Users/dan')).status).toBe(401);
    const fresh = (await tokenOf('scim', accountId, 'bea')).token;
    expect((await send(fresh, 'GET', '/scim/v2/Users/dan')).status).toBe(200);
  });

  it('a SCIM token cannot activate, deactivate or remove its own creator', async () => {
    const accountId = await givenAccount();
    const scim = (await tokenOf('scim', accountId, 'bea')).token;
    const before = await accountSnapshot(accountId);

    const deactivate = await send(scim, 'PATCH', '/scim/v2/Users/bea', {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    const remove = await send(scim, 'DELETE', '/scim/v2/Users/bea');

    expect(deactivate.status).toBe(403);
    expect(remove.status).toBe(403);
    expect(await accountSnapshot(accountId)).toBe(before);
  });

  it('API tokens: listed without secrets, revocable, expiring (default 90 days, at most a year), audited; the preview lists what stops', async () => {
    const accountId = await givenAccount();
    const erins = await tokenOf('api', accountId, 'erin');
    const bea = await tokenOf('scim', accountId, 'bea');
    expect(new Date(erins.expiresAt!).getTime() - Date.now()).toBeGreaterThan(89 * 86400_000);
    const tooLong = await api.call('POST', `/v1/accounts/${accountId}/api-tokens`, {
      as: 'erin',
      body: { name: 'x', expiresAt: new Date(Date.now() + 400 * 86400_000).toISOString() },
    });
    expect(tooLong.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });

    const own = await api.call('GET', `/v1/accounts/${accountId}/api-tokens`, { as: 'erin' });
    const all = await api.call('GET', `/v1/accounts/${accountId}/api-tokens`, { as: 'amir' });
    expect(own.body.tokens).toEqual([expect.objectContaining({ tokenId: erins.tokenId, createdBy: 'erin' })]);
    expect(JSON.stringify(all.body)).not.toContain(erins.token);
    expect((await api.call('GET', `/v1/accounts/${accountId}/api-tokens`, { as: 'dan' })).body.tokens).toEqual([]);

    const preview = await api.call('GET', `/v1/accounts/${accountId}/users/bea/removal-preview`, { as: 'amir' });
    expect(preview.body.integrationTokens).toEqual([{ kind: 'SCIM', tokenId: bea.tokenId, name: 'integration' }]);

    expect(
      (await api.call('DELETE', `/v1/accounts/${accountId}/api-tokens/${erins.tokenId}`, { as: 'dan' })).status,
    ).toBe(404);
    expect(
      (await api.call('DELETE', `/v1/accounts/${accountId}/api-tokens/${erins.tokenId}`, { as: 'erin' })).status,
    ).toBe(204);
    expect((await send(erins.token, 'GET', `/v1/accounts/${accountId}/users`)).body).toMatchObject({
      code: 'ACCESS_REVOKED',
    });
    const actions = (await api.call('GET', `/v1/accounts/${accountId}/audit-log`, { as: 'amir' })).body.entries.map(
      (e: { action: string }) => e.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['API_TOKEN_CREATED', 'API_TOKEN_REVOKED', 'SCIM_TOKEN_CREATED']));
  });
});

describe('R14 SCIM input limits', () => {
  it('an id outside the id form is a 404 SCIM error; a manager id of any other shape is refused; locations come from configuration', async () => {
    const accountId = await givenAccount();
    const scim = (await tokenOf('scim', accountId)).token;
    const before = await accountSnapshot(accountId);

    const longId = await send(scim, 'GET', `/scim/v2/Users/${'x'.repeat(1100)}`);
    const longManager = await send(scim, 'PATCH', '/scim/v2/Users/dan', {
      schemas: [PATCH_OP],
      Operations: [
        {
          op: 'replace',
          path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
          value: 'm'.repeat(3000),
        },
      ],
    });
    expect(longId).toMatchObject({ status: 404, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'] } });
    expect(longManager).toMatchObject({ status: 400, body: { scimType: 'invalidValue' } });
    expect(await accountSnapshot(accountId)).toBe(before);

    // A manager id stored before ids were held to their form never turns DELETE into a 500: the
    // identity provider can still deprovision the user (the fallback policy applies).
    await dynamoDocumentClient().send(
      new UpdateCommand({
        TableName: testTableName(),
        Key: { pk: `ACCOUNT#${accountId}`, sk: 'USER#farah' },
        UpdateExpression: 'SET managerId = :m',
        ExpressionAttributeValues: { ':m': 'm'.repeat(3000) },
      }),
    );
    expect((await send(scim, 'DELETE', '/scim/v2/Users/farah')).status).toBe(204);

    const spoofed = await fetch(`${api.runtime.apiUrl}/scim/v2/Users/dan`, {
      headers: { authorization: `Bearer ${scim}`, host: 'evil.example' },
    });
    expect(((await spoofed.json()) as { meta: { location: string } }).meta.location).toBe(
      `${api.runtime.apiUrl}/scim/v2/Users/dan`,
    );
  });
});

describe('contradictory or pointless requests are refused, changing nothing', () => {
  it('R4 a resource named twice in reassignments is a 400 naming the second; R2 a transfer to oneself is a 409', async () => {
    const accountId = await givenAccount({
      resources: [{ type: 'PHONE_NUMBER', id: 'num-1', name: '+1 555 0001', ownerId: 'dan' }],
    });
    const before = await accountSnapshot(accountId);

    const twice = await api.call('POST', `/v1/accounts/${accountId}/users/dan/removal`, {
      as: 'amir',
      body: {
        confirm: true,
        reassignments: [
          { resourceType: 'PHONE_NUMBER', resourceId: 'num-1', toUserId: 'bea' },
          { resourceType: 'PHONE_NUMBER', resourceId: 'num-1', toUserId: 'erin' },
        ],
      },
    });
    const toSelf = await api.call('POST', `/v1/accounts/${accountId}/ownership-transfer`, {
      as: 'olivia',
      body: { newOwnerId: 'olivia' },
    });

    expect(twice.body).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'body.reassignments.1', message: expect.stringContaining('reassignments.0') }],
    });
    expect(toSelf.body).toMatchObject({ status: 409, code: 'INVALID_NEW_OWNER' });
    expect(await accountSnapshot(accountId)).toBe(before);
  });
});

describe('R7 the audit log reads only audit entries', () => {
  it('an item that is no audit entry in the audit partition (as an account id "acme#AUDIT" once wrote) is never read', async () => {
    const accountId = await givenAccount();
    await api.call('POST', `/v1/accounts/${accountId}/users/erin/deactivate`, { as: 'amir' });
    await dynamoDocumentClient().send(
      new PutCommand({
        TableName: testTableName(),
        Item: { pk: `ACCOUNT#${accountId}#AUDIT`, sk: 'USER#mallory', entity: 'USER', role: 'ADMIN' },
      }),
    );

    const log = await api.call('GET', `/v1/accounts/${accountId}/audit-log`, { as: 'amir' });

    expect(log.status).toBe(200);
    expect(log.body.entries.map((e: { action: string }) => e.action)).toEqual(['USER_DEACTIVATED']);
  });
});
