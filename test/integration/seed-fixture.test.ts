// `offboard seed`: the fixture format of docs/api.md, validated with clear errors, loaded idempotently.
import { describe, expect, it } from 'vitest';
import { FixtureError, parseFixture } from '#core/fixture.ts';
import { dynamoDocumentClient } from '#adapters/clients.ts';
import { seedAccount } from '#adapters/dynamodb/seed-writer.ts';
import { accountSnapshot, views, stores, uniqueId, allResources } from '../support/accounts.ts';
import { testTableName } from '../support/env.ts';

/** The fixture with its user ids made this account's own (a user id names one user in one account). */
const ownUsers = (accountId: string, value: ReturnType<typeof fixture>) =>
  JSON.parse(JSON.stringify(value).replace(/"u-(olivia|ivan)"/g, `"u-$1-${accountId}"`)) as ReturnType<typeof fixture>;

const fixture = (accountId: string, extra: Record<string, unknown> = {}) => ({
  accounts: [
    {
      accountId,
      name: 'Acme',
      plan: 'NANO',
      billingCycleDay: 1,
      users: [
        { userId: 'u-olivia', email: 'Olivia@Acme.test', displayName: 'Olivia', role: 'OWNER', status: 'ACTIVE' },
        { userId: 'u-ivan', email: 'ivan@acme.test', displayName: 'Ivan', role: 'MEMBER', status: 'INACTIVE' },
      ],
      resources: [
        { type: 'TEAM', id: 'team-sales', name: 'Sales', ownerId: 'u-olivia', members: ['u-olivia', 'u-ivan'] },
      ],
      callLogs: [{ callId: 'c-1', userId: 'u-ivan', at: '2026-11-01T10:00:00Z', durationSeconds: 42 }],
      ...extra,
    },
  ],
});

describe('fixture validation', () => {
  it('accepts the docs/api.md example shape', () => {
    expect(parseFixture(fixture('acme')).accounts[0]?.users).toHaveLength(2);
  });

  it.each([
    [{ plan: 'GOLD' }, 'accounts.0.plan'],
    [{ billingCycleDay: 32 }, 'accounts.0.billingCycleDay'],
    [{ unexpected: true }, 'accounts.0'],
    [
      { resources: [{ type: 'TEAM', id: 't', name: 'T', ownerId: 'u-nobody' }] },
      'accounts.0.resources.0.ownerId: unknown user u-nobody',
    ],
    [
      { resources: [{ type: 'PHONE_NUMBER', id: 'n', name: 'N', ownerId: 'u-olivia', members: ['u-ivan'] }] },
      'only TEAM and ROUTING_RULE have members',
    ],
    [
      { callLogs: [{ callId: 'c', userId: 'u-x', at: '2026-11-01T10:00:00Z', durationSeconds: 1 }] },
      'accounts.0.callLogs.0.userId',
    ],
    [{ users: [{ userId: 'a#b', email: 'a@b.test', displayName: 'A', role: 'OWNER' }] }, 'accounts.0.users.0.userId'],
    [{ accountId: 'acme#AUDIT' }, 'accounts.0.accountId'],
    [
      { resources: [{ type: 'TEAM', id: 'x'.repeat(101), name: 'T', ownerId: 'u-olivia' }] },
      'accounts.0.resources.0.id',
    ],
    [{ users: [{ userId: 'm', email: 'm@b.test', displayName: 'M', role: 'MEMBER' }] }, 'exactly one OWNER'],
  ])('refuses %j naming the problem (%s)', (extra, message) => {
    expect(() => parseFixture(fixture('acme', extra))).toThrow(FixtureError);
    expect(() => parseFixture(fixture('acme', extra))).toThrow(message);
  });
});

describe('seeding', () => {
  it('writes the account, users, resources with members and call logs; seats count ACTIVE and INACTIVE users', async () => {
    const accountId = uniqueId('seed');
    const result = await seedAccount(
      dynamoDocumentClient(),
      testTableName(),
      parseFixture(fixture(accountId)).accounts[0]!,
    );

    expect(result.outcome).toBe('created');
    expect(await stores().accounts.getAccount(accountId)).toMatchObject({
      plan: 'NANO',
      ownerId: 'u-olivia',
      seatsUsed: 2,
    });
    expect(await stores().users.getUser(accountId, 'u-olivia')).toMatchObject({
      email: 'olivia@acme.test',
      status: 'ACTIVE',
      version: 1,
    });
    expect(await allResources(accountId)).toEqual([
      {
        accountId,
        type: 'TEAM',
        id: 'team-sales',
        name: 'Sales',
        ownerId: 'u-olivia',
        members: ['u-ivan', 'u-olivia'],
      },
    ]);
    expect(await stores().plans.listOwnership(accountId, 'u-ivan')).toEqual({
      owned: [],
      memberships: [{ type: 'TEAM', id: 'team-sales', name: 'Sales' }],
    });
    expect((await views().callLogs(accountId, {}, 50)).calls).toEqual([
      {
        callId: 'c-1',
        at: '2026-11-01T10:00:00.000Z',
        userId: 'u-ivan',
        userDisplayName: 'Ivan',
        durationSeconds: 42,
        direction: null,
        number: null,
      },
    ]);
  });

  it('is idempotent: seeding again leaves a live account exactly as it is', async () => {
    const accountId = uniqueId('seed');
    const account = parseFixture(ownUsers(accountId, fixture(accountId))).accounts[0]!;
    await seedAccount(dynamoDocumentClient(), testTableName(), account);
    const before = await stores().accounts.getAccount(accountId);

    const again = await seedAccount(dynamoDocumentClient(), testTableName(), account);

    expect(again.outcome).toBe('exists');
    expect(await stores().accounts.getAccount(accountId)).toEqual(before);
  });

  it("refuses a user id of another account with the offending field's path, and writes nothing (a token would act in both)", async () => {
    const first = uniqueId('seed');
    await seedAccount(
      dynamoDocumentClient(),
      testTableName(),
      parseFixture(ownUsers(first, fixture(first))).accounts[0]!,
    );
    const second = uniqueId('seed');
    const reusing = ownUsers(first, fixture(second)); // the same user ids as the first account

    const seeding = seedAccount(dynamoDocumentClient(), testTableName(), parseFixture(reusing).accounts[0]!);

    await expect(seeding).rejects.toThrow(FixtureError);
    await expect(seeding).rejects.toThrow(`users.0.userId: u-olivia-${first} is already a user of account ${first}`);
    expect(await accountSnapshot(second)).toBe('[]');
  });
});

describe('prototype keys are refused at the fixture edge', () => {
  it('refuses __proto__, constructor and prototype as keys, naming where, before any parsing', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const hostile = JSON.parse(`{"accounts":[{"accountId":"a","${key}":{"polluted":true}}]}`);
      expect(() => parseFixture(hostile)).toThrow(`accounts.0.${key}`);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
