// Input that answered 500 (or worse) once: each is now a 4xx problem that changes nothing, refused
// before anything is read or written (docs/api.md, input limits).
import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { localJwtSecret } from '#local/jwt.ts';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoDocumentClient } from '#adapters/clients.ts';
import { accountSnapshot, givenAccount } from '../support/accounts.ts';
import { testTableName } from '../support/env.ts';
import { useApiRuntime } from '../support/api.ts';

const api = useApiRuntime();

/** A JWT signed with the local secret, with whatever claims a hostile client chooses. */
const forged = async (claims: Record<string, unknown>, header: { exp?: boolean } = {}) => {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('offboard-local')
    .setAudience('offboard');
  if (header.exp !== false) jwt.setExpirationTime('1h');
  return `Bearer ${await jwt.sign(new TextEncoder().encode(localJwtSecret()))}`;
};

describe('hostile input is a 4xx problem that changes nothing', () => {
  it('VALIDATION_FAILED for an Idempotency-Key beyond 200 characters, and for ids beyond 100 in reassignments', async () => {
    const accountId = await givenAccount({
      resources: [{ type: 'PHONE_NUMBER', id: 'num-1', name: 'n', ownerId: 'dan' }],
    });
    const before = await accountSnapshot(accountId);
    const path = `/v1/accounts/${accountId}/users/dan/removal`;
    const long = 'x'.repeat(2100);

    const answers = await Promise.all([
      api.call('POST', path, {
        as: 'amir',
        headers: { 'idempotency-key': long },
        body: { confirm: true, reassignTo: 'bea' },
      }),
      api.call('POST', path, {
        as: 'amir',
        body: { confirm: true, reassignments: [{ resourceType: 'PHONE_NUMBER', resourceId: 'num-1', toUserId: long }] },
      }),
      api.call('POST', path, {
        as: 'amir',
        body: {
          confirm: true,
          reassignTo: 'bea',
          reassignments: [{ resourceType: 'PHONE_NUMBER', resourceId: long, toUserId: 'bea' }],
        },
      }),
    ]);

    for (const answer of answers) expect(answer.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await accountSnapshot(accountId)).toBe(before);
  });

  it('VALIDATION_FAILED for an audit-log cursor that decodes to an empty sort key', async () => {
    const accountId = await givenAccount();
    const cursor = Buffer.from(JSON.stringify({ pk: `ACCOUNT#${accountId}#AUDIT`, sk: '' })).toString('base64url');

    const answer = await api.call('GET', `/v1/accounts/${accountId}/audit-log?cursor=${cursor}`, { as: 'amir' });

    expect(answer.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('VALIDATION_FAILED for a 3,000-character accountId, and for paths that are not valid percent-encoding', async () => {
    const accountId = await givenAccount();
    const paths = [
      `/v1/accounts/${'a'.repeat(3000)}/users`,
      `/v1/accounts/${accountId}/users/%ZZ`,
      `/v1/accounts/${accountId}/users/%E0%A4%A`,
      `/v1/accounts/${accountId}/users/%ED%A0%80`,
    ];
    for (const path of paths) {
      const answer = await api.call('GET', path, { as: 'amir' });
      expect({ path: path.slice(0, 60), status: answer.status, code: answer.body.code }).toEqual({
        path: path.slice(0, 60),
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
  });

  it('UNAUTHENTICATED for a correctly signed JWT whose sub is an object or an array, without exp, or issued in the future', async () => {
    const accountId = await givenAccount();
    const tokens = [
      await forged({ sub: { id: 'amir' } }),
      await forged({ sub: ['amir'] }),
      await forged({ sub: 'amir' }, { exp: false }),
      await forged({ sub: 'amir', iat: Math.floor(Date.now() / 1000) + 3600 }),
      await forged({ sub: 'amir', nbf: Math.floor(Date.now() / 1000) + 3600 }),
    ];
    for (const authorization of tokens) {
      const answer = await api.call('GET', `/v1/accounts/${accountId}/users`, { authorization });
      expect(answer.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    }
    // The same secret and claims done right are accepted, so the refusals above are about the claims.
    expect(
      (await api.call('GET', `/v1/accounts/${accountId}/users`, { authorization: await forged({ sub: 'amir' }) }))
        .status,
    ).toBe(200);
  });
});

describe('R4 reassignments name only what the user holds', () => {
  it('409 RESOURCE_NOT_OWNED for 1,000 bogus entries, listing them; nothing changes', async () => {
    const accountId = await givenAccount({
      resources: [
        { type: 'PHONE_NUMBER', id: 'num-1', name: 'n', ownerId: 'dan' },
        { type: 'PHONE_NUMBER', id: 'num-bea', name: 'b', ownerId: 'bea' },
        { type: 'TEAM', id: 'team-1', name: 'Solo', ownerId: 'amir', members: ['dan'] },
        { type: 'TEAM', id: 'team-2', name: 'Busy', ownerId: 'amir', members: ['dan', 'erin'] },
      ],
    });
    const before = await accountSnapshot(accountId);
    const bogus = Array.from({ length: 998 }, (_, i) => ({
      resourceType: 'PHONE_NUMBER' as const,
      resourceId: `nobody-${i}`,
      toUserId: 'bea',
    }));
    const named = [
      { resourceType: 'PHONE_NUMBER' as const, resourceId: 'num-bea', toUserId: 'erin' }, // bea's, not dan's
      { resourceType: 'TEAM' as const, resourceId: 'team-2', toUserId: 'bea' }, // dan is not its last member
    ];

    const refused = await api.call('POST', `/v1/accounts/${accountId}/users/dan/removal`, {
      as: 'amir',
      body: { confirm: true, reassignTo: 'bea', reassignments: [...named, ...bogus] },
    });

    expect(refused.body).toMatchObject({ status: 409, code: 'RESOURCE_NOT_OWNED' });
    expect(refused.body.resources).toHaveLength(1000);
    expect(refused.body.resources.slice(0, 2)).toEqual([
      { resourceType: 'PHONE_NUMBER', resourceId: 'num-bea' },
      { resourceType: 'TEAM', resourceId: 'team-2' },
    ]);
    expect(await accountSnapshot(accountId)).toBe(before);

    // What dan holds may be named: his number and the team he is the last member of.
    const accepted = await api.call('POST', `/v1/accounts/${accountId}/users/dan/removal`, {
      as: 'amir',
      body: {
        confirm: true,
        reassignments: [
          { resourceType: 'PHONE_NUMBER', resourceId: 'num-1', toUserId: 'erin' },
          { resourceType: 'TEAM', resourceId: 'team-1', toUserId: 'erin' },
        ],
      },
    });
    expect(accepted.status).toBe(202);
  });
});

describe('the "changes nothing" snapshot can fail', () => {
  it('sees a write outside the account partitions (an outbox event, an Idempotency-Key) that names the account', async () => {
    const accountId = await givenAccount();
    const before = await accountSnapshot(accountId);
    await dynamoDocumentClient().send(
      new PutCommand({
        TableName: testTableName(),
        Item: { pk: `IDEMPOTENCY#${accountId}#amir#k`, sk: 'IDEMPOTENCY', entity: 'IDEMPOTENCY', removalId: 'rm-x' },
      }),
    );

    expect(await accountSnapshot(accountId)).not.toBe(before);
  });
});
