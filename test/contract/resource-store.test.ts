// The ResourceStore contract, run against DynamoDB Local and against the in-memory fake with the
// same cases: every writer of ownership and membership moves the users' counters and memberOf in
// the same change (R12), refuses a receiver that is not ACTIVE or is being removed, and changes
// nothing under a stale read — so the fake the fast tier uses cannot drift from the table.
import { describe, expect, it } from 'vitest';
import { InvalidOwnerError, NotAllowedError } from '#core/errors.ts';
import { outboxEvent } from '#core/events/outbox.ts';
import { ResourceCreated } from '#core/events/resource-events.ts';
import type { AuditEntry, Resource, User } from '#core/model/index.ts';
import type { Stores } from '#core/ports.ts';
import { givenInMemoryAccount } from '../support/in-memory/acme.ts';
import { inMemoryStores } from '../support/in-memory/stores.ts';
import { givenAccount, removalRequest, stores as dynamoStores } from '../support/accounts.ts';

/** The fast tier's account (acme.ts), the same in both: dan owns num-1 and flow-1 and is in both teams. */
const ACME_RESOURCES = [
  { type: 'PHONE_NUMBER' as const, id: 'num-1', name: '+1 555 0001', ownerId: 'dan' },
  { type: 'CALL_FLOW' as const, id: 'flow-1', name: 'Support', ownerId: 'dan' },
  { type: 'TEAM' as const, id: 'team-shared', name: 'Shared', ownerId: 'amir', members: ['dan', 'erin'] },
  { type: 'TEAM' as const, id: 'team-solo', name: 'Solo', ownerId: 'amir', members: ['dan', 'gus'] },
];

interface Harness {
  stores: Stores;
  accountId: string;
}

const HARNESSES: [string, () => Promise<Harness>][] = [
  [
    'DynamoDB Local',
    async () => ({ stores: dynamoStores(), accountId: await givenAccount({ resources: ACME_RESOURCES }) }),
  ],
  ['the in-memory fake', async () => ({ stores: inMemoryStores(givenInMemoryAccount()), accountId: 'acme' })],
];

const audit = (accountId: string, by = 'amir'): AuditEntry => ({
  id: `audit-${Math.random()}`,
  accountId,
  at: new Date().toISOString(),
  actor: { type: 'USER', id: by },
  action: 'RESOURCE_CREATED',
  details: {},
});
const event = (accountId: string) =>
  outboxEvent(ResourceCreated, `event-${Math.random()}`, {
    version: 1,
    accountId,
    resourceType: 'TEAM',
    resourceId: 'x',
    name: 'x',
    ownerId: null,
    members: [],
    by: { type: 'USER', id: 'amir' },
    at: new Date().toISOString(),
    occurredAt: new Date().toISOString(),
  });

describe.each(HARNESSES)('R12 the resource store contract on %s', (_name, given) => {
  const holdings = async ({ stores, accountId }: Harness, userId: string) => {
    const user = (await stores.users.getUser(accountId, userId)) as User;
    return { owned: user.ownedCount ?? 0, members: user.memberCount ?? 0, memberOf: user.memberOf ?? {} };
  };
  const get = (h: Harness, type: Resource['type'], id: string) =>
    h.stores.resources.getResource(h.accountId, { type, id }).then((r) => r!);

  it('a new resource raises its owner’s ownedCount and each member’s memberCount and memberOf', async () => {
    const h = await given();
    const team: Resource = {
      accountId: h.accountId,
      type: 'TEAM',
      id: 'team-new',
      name: 'Night desk',
      ownerId: 'erin',
      members: ['dan', 'erin'],
    };
    const [erin, dan] = [await holdings(h, 'erin'), await holdings(h, 'dan')];

    await h.stores.resources.createResource({ resource: team, audit: audit(h.accountId), outbox: event(h.accountId) });

    expect(await holdings(h, 'erin')).toEqual({
      owned: erin.owned + 1,
      members: erin.members + 1,
      memberOf: { ...erin.memberOf, 'TEAM#team-new': 'Night desk' },
    });
    expect((await holdings(h, 'dan')).members).toBe(dan.members + 1);
    expect((await get(h, 'TEAM', 'team-new')).memberStatuses).toEqual({ dan: 'ACTIVE', erin: 'ACTIVE' });
  });

  it('refuses an owner or member who is INACTIVE or has a removal pending (INVALID_OWNER), changing nothing', async () => {
    const h = await given();
    const dan = (await h.stores.users.getUser(h.accountId, 'dan'))!;
    await h.stores.removals.createRemoval({
      request: removalRequest(h.accountId, 'dan'),
      status: 'SCHEDULED',
      effectiveAt: new Date(Date.now() + 86_400_000).toISOString(),
      user: dan,
      idempotency: null,
      audit: { ...audit(h.accountId), action: 'REMOVAL_REQUESTED' },
      outbox: null,
    });
    const before = await holdings(h, 'dan');
    const number = (ownerId: string, id: string): Resource => ({
      accountId: h.accountId,
      type: 'PHONE_NUMBER',
      id,
      name: '+1 555 0002',
      ownerId,
      members: [],
    });

    for (const [ownerId, id] of [
      ['dan', 'num-to-leaver'],
      ['gus', 'num-to-inactive'],
    ] as const)
      await expect(
        h.stores.resources.createResource({
          resource: number(ownerId, id),
          audit: audit(h.accountId),
          outbox: event(h.accountId),
        }),
      ).rejects.toThrow(InvalidOwnerError);

    expect(await holdings(h, 'dan')).toEqual(before);
    expect(await h.stores.resources.getResource(h.accountId, { type: 'PHONE_NUMBER', id: 'num-to-leaver' })).toBe(
      undefined,
    );
  });

  it('a hand-over moves one count from the old owner to the new, and a number to the pool and back', async () => {
    const h = await given();
    const [dan, erin] = [await holdings(h, 'dan'), await holdings(h, 'erin')];

    const toErin = await h.stores.resources.updateResource({
      resource: await get(h, 'PHONE_NUMBER', 'num-1'),
      changes: { ownerId: 'erin' },
      audit: audit(h.accountId),
    });
    expect(toErin).toBe('done');
    expect([(await holdings(h, 'dan')).owned, (await holdings(h, 'erin')).owned]).toEqual([
      dan.owned - 1,
      erin.owned + 1,
    ]);

    await h.stores.resources.updateResource({
      resource: await get(h, 'PHONE_NUMBER', 'num-1'),
      changes: { ownerId: null },
      audit: audit(h.accountId),
    });
    expect((await get(h, 'PHONE_NUMBER', 'num-1')).ownerId).toBe(null);
    expect((await holdings(h, 'erin')).owned).toBe(erin.owned);

    await h.stores.resources.updateResource({
      resource: await get(h, 'PHONE_NUMBER', 'num-1'),
      changes: { ownerId: 'dan' },
      audit: audit(h.accountId),
    });
    expect((await holdings(h, 'dan')).owned).toBe(dan.owned);
  });

  it('a change under a stale read answers changed and changes nothing', async () => {
    const h = await given();
    const read = await get(h, 'PHONE_NUMBER', 'num-1');
    await h.stores.resources.updateResource({
      resource: read,
      changes: { ownerId: 'erin' },
      audit: audit(h.accountId),
    });
    const bea = await holdings(h, 'bea');

    const stale = await h.stores.resources.updateResource({
      resource: read,
      changes: { ownerId: 'bea' },
      audit: audit(h.accountId),
    });

    expect(stale).toBe('changed');
    expect(await holdings(h, 'bea')).toEqual(bea);
    expect((await get(h, 'PHONE_NUMBER', 'num-1')).ownerId).toBe('erin');
  });

  it('a rename reaches the members’ memberOf', async () => {
    const h = await given();

    await h.stores.resources.updateResource({
      resource: await get(h, 'TEAM', 'team-shared'),
      changes: { name: 'Shared desk' },
      audit: audit(h.accountId),
    });

    expect((await holdings(h, 'erin')).memberOf['TEAM#team-shared']).toBe('Shared desk');
    expect((await holdings(h, 'dan')).memberOf['TEAM#team-shared']).toBe('Shared desk');
  });

  it('R5 members join and leave with their counters; a witness no longer taking calls answers changed', async () => {
    const h = await given();
    const farahless = await holdings(h, 'bea');

    expect(
      await h.stores.resources.addMember({
        resource: await get(h, 'TEAM', 'team-solo'),
        userId: 'bea',
        audit: audit(h.accountId),
        outbox: event(h.accountId),
      }),
    ).toBe('done');
    expect(await holdings(h, 'bea')).toEqual({
      owned: farahless.owned,
      members: farahless.members + 1,
      memberOf: { ...farahless.memberOf, 'TEAM#team-solo': 'Solo' },
    });

    // gus is INACTIVE: he cannot be the witness that someone else still takes team-solo's calls.
    const withGus = await h.stores.resources.removeMember({
      resource: await get(h, 'TEAM', 'team-solo'),
      userId: 'dan',
      witnessId: 'gus',
      audit: audit(h.accountId),
      outbox: event(h.accountId),
    });
    expect(withGus).toBe('changed');

    const dan = await holdings(h, 'dan');
    const withBea = await h.stores.resources.removeMember({
      resource: await get(h, 'TEAM', 'team-solo'),
      userId: 'dan',
      witnessId: 'bea',
      audit: audit(h.accountId),
      outbox: event(h.accountId),
    });
    expect(withBea).toBe('done');
    expect((await holdings(h, 'dan')).members).toBe(dan.members - 1);
    expect((await holdings(h, 'dan')).memberOf['TEAM#team-solo']).toBe(undefined);
    expect((await get(h, 'TEAM', 'team-solo')).members).toEqual(['bea', 'gus']);
  });

  it('deleting a rotation gives back its owner’s and members’ counts', async () => {
    const h = await given();
    const [amir, dan, erin] = [await holdings(h, 'amir'), await holdings(h, 'dan'), await holdings(h, 'erin')];

    const outcome = await h.stores.resources.deleteResource({
      resource: await get(h, 'TEAM', 'team-shared'),
      audit: audit(h.accountId),
      outbox: event(h.accountId),
    });

    expect(outcome).toBe('done');
    expect((await holdings(h, 'amir')).owned).toBe(amir.owned - 1);
    expect((await holdings(h, 'dan')).members).toBe(dan.members - 1);
    expect((await holdings(h, 'erin')).memberOf).toEqual(
      Object.fromEntries(Object.entries(erin.memberOf).filter(([key]) => key !== 'TEAM#team-shared')),
    );
    expect(await h.stores.resources.getResource(h.accountId, { type: 'TEAM', id: 'team-shared' })).toBe(undefined);
  });

  it('R1 at the write: a requester who is not an admin changes nothing', async () => {
    const h = await given();

    await expect(
      h.stores.resources.updateResource({
        resource: await get(h, 'PHONE_NUMBER', 'num-1'),
        changes: { ownerId: 'erin' },
        audit: audit(h.accountId, 'dan'),
      }),
    ).rejects.toThrow(NotAllowedError);
    expect((await get(h, 'PHONE_NUMBER', 'num-1')).ownerId).toBe('dan');
  });
});
