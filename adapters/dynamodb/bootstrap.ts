// The first account and its owner in a deployed stack (`npx offboard bootstrap`): written like a
// fixture (idempotent: an existing account is left as it is), plus the owner's UserAdded event in
// the outbox, from which the identity sync creates the owner's sign-in identity and invitation.
// Running it again changes nothing: the same account, the same owner, the same event id.
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import type { FixtureAccount } from '#core/fixture.ts';
import { userAddedEvent } from '#core/users/user-added-event.ts';
import * as k from './keys.ts';
import { getItem } from './item-io.ts';
import { outboxItem, toUser } from './items.ts';
import { seedAccount } from './seed-writer.ts';

export interface BootstrapInput {
  accountId: string;
  name: string;
  plan: FixtureAccount['plan'];
  billingCycleDay: number;
  ownerEmail: string;
  ownerName: string;
}

export async function bootstrapAccount(
  db: DynamoDBDocumentClient,
  tableName: string,
  input: BootstrapInput,
): Promise<{ outcome: 'created' | 'exists'; ownerId: string }> {
  const existing = await getItem(db, tableName, k.key(k.accountPk(input.accountId), k.ACCOUNT_SK));
  const ownerId = (existing?.ownerId as string | undefined) ?? `u-${randomUUID()}`;
  const seeded = existing
    ? { outcome: 'exists' as const }
    : await seedAccount(db, tableName, {
        accountId: input.accountId,
        name: input.name,
        plan: input.plan,
        billingCycleDay: input.billingCycleDay,
        users: [
          {
            userId: ownerId,
            email: input.ownerEmail,
            displayName: input.ownerName,
            role: 'OWNER',
            status: 'ACTIVE',
          },
        ],
        resources: [],
        callLogs: [],
      });
  const ownerItem = await getItem(db, tableName, k.key(k.accountPk(input.accountId), k.userSk(ownerId)));
  if (!ownerItem) throw new Error(`Account ${input.accountId} has no owner item ${ownerId}`);
  const owner = toUser(ownerItem);
  if (owner.email !== input.ownerEmail.toLowerCase())
    throw new Error(`Account ${input.accountId} already exists with another owner (${owner.email})`);
  // Written once (a deterministic id, conditional): a run that stopped before it completes it, and
  // a second run publishes nothing twice.
  const at = new Date().toISOString();
  const event = userAddedEvent(owner, { type: 'SYSTEM', id: 'bootstrap' }, at);
  await db
    .send(
      new PutCommand({
        TableName: tableName,
        Item: outboxItem(event, at),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
    .catch((error: Error) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
  return { outcome: seeded.outcome === 'created' ? 'created' : 'exists', ownerId };
}
