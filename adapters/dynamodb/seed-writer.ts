// Writes a validated fixture into the table. Idempotent: an account that already exists is left
// exactly as it is (its live state may have moved on); a partly written one is completed, because
// the account item is written last and only if absent.
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { memberStatusOf, resourceKey, SEAT_HOLDING_STATUSES, type User } from '#core/model/index.ts';
import { FixtureError, type FixtureAccount } from '#core/fixture.ts';
import { queryAll } from './query-all.ts';
import { TABLE_DESIGN } from './table-design.ts';
import * as k from './keys.ts';
import { batchPutAll, getItem } from './item-io.ts';
import { accountItem, callItem, emailClaimItem, resourceItem, userItem } from './items.ts';

const countBy = (ids: string[]) => {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
};

export type SeedOutcome = { accountId: string; outcome: 'created' | 'exists'; items: number };

/**
 * A sign-in token carries only the user id, so a user id must name one user in one account: a
 * fixture reusing another account's user id would let that user's token act in this account.
 * `sharedUserIds: 'allowed'` is for test casts only, whose throwaway accounts share ids on purpose.
 */
export interface SeedOptions {
  sharedUserIds?: 'refused' | 'allowed';
}

export async function seedAccount(
  db: DynamoDBDocumentClient,
  tableName: string,
  account: FixtureAccount,
  { sharedUserIds = 'refused' }: SeedOptions = {},
): Promise<SeedOutcome> {
  const { accountId } = account;
  // Every user carries the count of what it owns and where it is a member (see User.ownedCount).
  const owned = countBy(account.resources.map((r) => r.ownerId));
  // Each user's rotations (its memberOf: resourceKey → name), in one pass over the resources.
  const memberOf = new Map<string, Record<string, string>>();
  for (const r of account.resources)
    for (const userId of r.members ?? []) {
      const rotations = memberOf.get(userId) ?? {};
      rotations[resourceKey(r)] = r.name;
      memberOf.set(userId, rotations);
    }
  const users: User[] = account.users.map((u) => ({
    ...u,
    accountId,
    email: u.email.toLowerCase(),
    version: 1,
    ownedCount: owned.get(u.userId) ?? 0,
    memberCount: Object.keys(memberOf.get(u.userId) ?? {}).length,
    memberOf: memberOf.get(u.userId) ?? {},
  }));
  const statusOf = new Map(users.map((u) => [u.userId, memberStatusOf(u.status)]));
  const displayNames = new Map(users.map((u) => [u.userId, u.displayName]));
  const owner = users.find((u) => u.role === 'OWNER') as User;

  const items: Record<string, unknown>[] = [
    ...users.flatMap((u) => [userItem(u), emailClaimItem(u)]),
    ...account.resources.map((r) =>
      resourceItem(
        { ...r, accountId },
        (r.members ?? []).map((userId) => ({ userId, status: statusOf.get(userId) ?? 'INACTIVE' })),
      ),
    ),
    // Call logs carry the name at call time and are never modified (R7); each callId is claimed
    // as the platform's records claim theirs, so a record resent later is not stored twice.
    ...account.callLogs.flatMap((c) => {
      const at = new Date(c.at).toISOString();
      return [
        callItem({
          accountId,
          callId: c.callId,
          at,
          userId: c.userId,
          userDisplayName: displayNames.get(c.userId) as string,
          durationSeconds: c.durationSeconds,
          direction: c.direction ?? null,
          number: c.number ?? null,
        }),
        { ...k.key(k.accountPk(accountId), k.callIdSk(c.callId)), entity: 'CALL_ID', at },
      ];
    }),
  ];

  if (await getItem(db, tableName, k.key(k.accountPk(accountId), k.ACCOUNT_SK)))
    return { accountId, outcome: 'exists', items: 0 };
  if (sharedUserIds === 'refused') await refuseUserIdsOfOtherAccounts(db, tableName, account);

  await batchPutAll(db, tableName, items);
  try {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: accountItem({
          accountId,
          name: account.name,
          plan: account.plan,
          billingCycleDay: account.billingCycleDay,
          ownerId: owner.userId,
          ...(account.fallbackUserId ? { fallbackUserId: account.fallbackUserId } : {}),
          seatsUsed: users.filter((u) => SEAT_HOLDING_STATUSES.includes(u.status)).length,
          billedSeats: users.filter((u) => SEAT_HOLDING_STATUSES.includes(u.status)).length,
        }),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return { accountId, outcome: 'exists', items: 0 };
    throw error;
  }
  return { accountId, outcome: 'created', items: items.length + 1 };
}

async function refuseUserIdsOfOtherAccounts(db: DynamoDBDocumentClient, tableName: string, account: FixtureAccount) {
  const taken = await Promise.all(
    account.users.map(async (user, i) => {
      const holders = await queryAll(db, {
        TableName: tableName,
        IndexName: TABLE_DESIGN.gsi1.name,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': k.userIdIndexPk(user.userId) },
        ProjectionExpression: 'accountId',
      });
      const other = holders.map((h) => h.accountId as string).find((a) => a !== account.accountId);
      return other ? `  users.${i}.userId: ${user.userId} is already a user of account ${other}` : undefined;
    }),
  );
  const lines = taken.filter((line): line is string => line !== undefined);
  if (lines.length > 0)
    throw new FixtureError(`The fixture for account ${account.accountId} is not valid:\n${lines.join('\n')}`);
}
