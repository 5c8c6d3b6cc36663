// R1 at the moment of the write, not only at the check: a change an admin asks for (a removal
// taking its user, a status change, a new user) commits only if that admin is still an ACTIVE
// admin or owner of the account. Two admins removing or deactivating each other at once cannot
// both win: each write checks the other's requester, and DynamoDB serializes the two.
import { NotAllowedError } from '#core/errors.ts';
import type { AuditEntry } from '#core/model/index.ts';
import * as k from './keys.ts';
import { namedItems, type TransactItem } from './transact.ts';

/**
 * The transaction's items with the check of its requester (the audit entry's actor, when a user)
 * appended, and whether a cancellation's codes say that check failed.
 */
export function withRequesterCheck(tableName: string, items: TransactItem[], audit: AuditEntry) {
  if (audit.actor.type !== 'USER') return { items, requesterFailed: () => false };
  const check: TransactItem = {
    ConditionCheck: {
      TableName: tableName,
      Key: k.key(k.accountPk(audit.accountId), k.userSk(audit.actor.id)),
      ConditionExpression: '#status = :active AND #role IN (:admin, :owner)',
      ExpressionAttributeNames: { '#status': 'status', '#role': 'role' },
      ExpressionAttributeValues: { ':active': 'ACTIVE', ':admin': 'ADMIN', ':owner': 'OWNER' },
    },
  };
  const named = namedItems([...items.map((item, i) => [`item ${i}`, item] as const), ['requester', check]]);
  return { items: named.items, requesterFailed: (codes: string[]) => named.failed(codes).has('requester') };
}

export const requesterNoLongerAdmin = () =>
  new NotAllowedError('You are no longer an active admin of this account; nothing was changed');
