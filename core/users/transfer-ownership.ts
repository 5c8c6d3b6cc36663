// R2: the owner hands the account to an ACTIVE admin and becomes an admin; only then can the
// former owner be removed or deactivated.
import { InvalidNewOwnerError, NotAllowedError, NotFoundError } from '../errors.ts';
import { OwnershipTransferred } from '../events/ownership-transferred.ts';
import type { User } from '../model/index.ts';
import { outboxEvent } from '../events/outbox.ts';
import type { AdminDeps } from '../admin-deps.ts';

export async function transferOwnership(
  { users, accounts, clock }: AdminDeps,
  caller: User,
  newOwnerId: string,
): Promise<{ ownerId: string }> {
  if (caller.role !== 'OWNER') throw new NotAllowedError('Only the account owner may transfer ownership');
  // Handing the account to oneself changes nothing and is almost certainly a mistake: say so.
  if (newOwnerId === caller.userId) throw new InvalidNewOwnerError(newOwnerId, 'You already own this account');
  const target = await users.getUser(caller.accountId, newOwnerId);
  if (!target || target.status === 'REMOVED') throw new NotFoundError('No such user in this account');
  if (target.status !== 'ACTIVE' || target.role !== 'ADMIN') throw new InvalidNewOwnerError(newOwnerId);

  const at = clock.now().toISOString();
  const changeId = `ownership.${caller.userId}.${newOwnerId}.${caller.version}`;
  await accounts.transferOwnership({
    accountId: caller.accountId,
    from: caller,
    to: target,
    outbox: outboxEvent(
      OwnershipTransferred,
      changeId,
      { version: 1, accountId: caller.accountId, fromUserId: caller.userId, toUserId: newOwnerId, at, occurredAt: at },
      [caller.userId, newOwnerId],
    ),
    audit: {
      id: changeId,
      accountId: caller.accountId,
      at,
      actor: { type: 'USER', id: caller.userId },
      action: 'OWNERSHIP_TRANSFERRED',
      targetUserId: newOwnerId,
      details: { fromUserId: caller.userId, toUserId: newOwnerId },
    },
  });
  return { ownerId: newOwnerId };
}
