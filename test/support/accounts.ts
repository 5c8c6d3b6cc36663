// Test accounts: each test seeds its own account (unique id) into the shared DynamoDB Local.
import { randomUUID } from 'node:crypto';
import { parseFixture, type FixtureAccount } from '#core/fixture.ts';
import type { Actor, RemovalRequest, Resource } from '#core/model/index.ts';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { acceptedRemovalItem } from '#adapters/dynamodb/removal-record.ts';
import { dynamoDocumentClient } from '#adapters/clients.ts';
import { seedAccount } from '#adapters/dynamodb/seed-writer.ts';
import { DynamoAccountViews } from '#adapters/dynamodb/account-views.ts';
import { composition } from '#functions/shared/composition.ts';
import { testTableName } from './env.ts';

export const uniqueId = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

type UserSpec = FixtureAccount['users'][number];
type ResourceSpec = FixtureAccount['resources'][number];

/** The cast of every test account: an owner, two admins and four members (gus is INACTIVE). */
export const CAST: Omit<UserSpec, 'email'>[] = [
  { userId: 'olivia', displayName: 'Olivia Owner', role: 'OWNER', status: 'ACTIVE' },
  { userId: 'amir', displayName: 'Amir Admin', role: 'ADMIN', status: 'ACTIVE' },
  { userId: 'bea', displayName: 'Bea Admin', role: 'ADMIN', status: 'ACTIVE' },
  { userId: 'dan', displayName: 'Dan Member', role: 'MEMBER', status: 'ACTIVE' },
  { userId: 'erin', displayName: 'Erin Member', role: 'MEMBER', status: 'ACTIVE' },
  { userId: 'farah', displayName: 'Farah Member', role: 'MEMBER', status: 'ACTIVE' },
  { userId: 'gus', displayName: 'Gus Member', role: 'MEMBER', status: 'INACTIVE' },
];

export interface AccountSpec {
  plan?: FixtureAccount['plan'];
  billingCycleDay?: number;
  resources?: ResourceSpec[];
  callLogs?: FixtureAccount['callLogs'];
  /** Status overrides by userId. */
  statuses?: Record<string, UserSpec['status']>;
  fallbackUserId?: string;
  /**
   * The cast's user ids made unique to this account (`amir` → `amir-<account suffix>`, see `userOf`),
   * for sign-ins that carry only a user id (GET /v1/me finds the one account of a user id).
   */
  uniqueUserIds?: boolean;
}

/** A cast member's user id in an account seeded with `uniqueUserIds`. */
export const userOf = (accountId: string, castId: string) => `${castId}-${accountId.slice('acct-'.length)}`;

/** Seeds a fresh account with the cast and the given resources; returns its id. */
export async function givenAccount(spec: AccountSpec = {}): Promise<string> {
  const accountId = uniqueId('acct');
  const id = (castId: string) => (spec.uniqueUserIds ? userOf(accountId, castId) : castId);
  const fixture = parseFixture({
    accounts: [
      {
        accountId,
        name: `Test ${accountId}`,
        plan: spec.plan ?? 'SWIFT',
        billingCycleDay: spec.billingCycleDay ?? 1,
        ...(spec.fallbackUserId ? { fallbackUserId: id(spec.fallbackUserId) } : {}),
        users: CAST.map((u) => ({
          ...u,
          userId: id(u.userId),
          email: `${u.userId}@${accountId}.test`,
          status: spec.statuses?.[u.userId] ?? u.status,
        })),
        resources: (spec.resources ?? []).map((r) => ({
          ...r,
          ownerId: id(r.ownerId),
          ...(r.members ? { members: r.members.map(id) } : {}),
        })),
        callLogs: spec.callLogs ?? [],
      },
    ],
  });
  await seedAccount(dynamoDocumentClient(), testTableName(), fixture.accounts[0] as FixtureAccount, {
    sharedUserIds: 'allowed',
  });
  return accountId;
}

export function removalRequest(
  accountId: string,
  userId: string,
  options: Partial<Omit<RemovalRequest, 'accountId' | 'userId'>> & { by?: string | Actor } = {},
): RemovalRequest {
  const { by = 'amir', ...rest } = options;
  return {
    removalId: uniqueId('rm'),
    accountId,
    userId,
    requestedBy: typeof by === 'string' ? { type: 'USER', id: by } : by,
    requestedAt: new Date().toISOString(),
    ...rest,
  };
}

/**
 * The removal record an accepted request writes (R14: the workflow acts on nothing else), alone —
 * without the user's pending guard the API writes beside it — for tests of the workflow's steps and
 * of its own defences against what changed after the API accepted a request. Returns the request.
 */
export async function recordAccepted(
  request: RemovalRequest,
  options: { status?: 'RUNNING' | 'SCHEDULED'; effectiveAt?: string } = {},
): Promise<RemovalRequest> {
  const status = options.status ?? 'RUNNING';
  await dynamoDocumentClient()
    .send(
      new PutCommand({
        TableName: testTableName(),
        Item: acceptedRemovalItem(request, status, options.effectiveAt),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
    .catch((error: Error) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
  return request;
}

/** The stores the functions of this process use (its composition). */
export const stores = () => composition().removalDeps();
export const views = () => new DynamoAccountViews(dynamoDocumentClient(), testTableName());

/** Every resource of a (test-sized) account, page after page, in key order. */
export async function allResources(accountId: string): Promise<Resource[]> {
  const all: Resource[] = [];
  let cursor: string | undefined;
  do {
    const page = await views().resources(accountId, {}, 200, cursor);
    all.push(...page.resources);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/**
 * Every item of the whole table that has anything to do with the account — its partitions, and the
 * removal records, batches, Idempotency-Keys, outbox events and API tokens elsewhere (each names the
 * account) — to prove a refused request changed nothing anywhere. Account ids are unique per test.
 */
export async function accountSnapshot(accountId: string): Promise<string> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamoDocumentClient().send(
      new ScanCommand({ TableName: testTableName(), ConsistentRead: true, ExclusiveStartKey }),
    );
    items.push(...(page.Items ?? []).filter((item) => JSON.stringify(item).includes(accountId)));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  const key = (item: Record<string, unknown>) => `${item.pk}|${item.sk}`;
  return JSON.stringify(items.sort((a, b) => key(a).localeCompare(key(b))));
}
