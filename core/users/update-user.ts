// PATCH …/users/{userId}: an admin changes a user's role (ADMIN ↔ MEMBER) or display name. R1 at
// the write (the requester still an ACTIVE admin when it commits); the owner's role changes only by
// ownership transfer (R2); nobody changes their own role (a lock-out or a self-promotion); a user
// being removed or removed is not changed. Audited USER_UPDATED, announced UserUpdated.
import { assertAdmin } from '../access/caller-access.ts';
import { CannotChangeOwnRoleError, NotFoundError, OwnerMustTransferError, RemovalInProgressError } from '../errors.ts';
import { outboxEvent } from '../events/outbox.ts';
import { UserUpdated } from '../events/user-updated.ts';
import type { User } from '../model/index.ts';
import type { AdminDeps } from '../admin-deps.ts';
import { userView } from './user-view.ts';

export interface UserChanges {
  role?: 'ADMIN' | 'MEMBER' | undefined;
  displayName?: string | undefined;
}

export async function updateUser(
  { users, clock }: AdminDeps,
  caller: User,
  userId: string,
  input: UserChanges,
): Promise<ReturnType<typeof userView>> {
  assertAdmin(caller, 'change users');
  const target = await users.getUser(caller.accountId, userId);
  if (!target || target.status === 'REMOVED') throw new NotFoundError('No such user in this account');
  const roleChanges = input.role !== undefined && input.role !== target.role;
  if (roleChanges && target.userId === caller.userId)
    throw new CannotChangeOwnRoleError('Nobody changes their own role: ask another admin or the owner');
  if (roleChanges && target.role === 'OWNER')
    throw new OwnerMustTransferError("The owner's role changes only by transferring ownership to an admin");
  if (target.status === 'REMOVING' || target.pendingRemovalId)
    throw new RemovalInProgressError(target.removalId ?? target.pendingRemovalId ?? 'unknown');

  const changes: Partial<Pick<User, 'role' | 'displayName'>> = {};
  if (roleChanges) changes.role = input.role;
  if (input.displayName !== undefined && input.displayName !== target.displayName)
    changes.displayName = input.displayName;
  if (Object.keys(changes).length === 0) return userView(target); // as asked already: nothing to do

  const previous = Object.fromEntries(Object.keys(changes).map((name) => [name, target[name as keyof typeof changes]]));
  const at = clock.now().toISOString();
  const actor = { type: 'USER' as const, id: caller.userId };
  const changeId = `${userId}.updated.${target.version}`;
  await users.updateProfile({
    user: target,
    changes,
    audit: {
      id: changeId,
      accountId: caller.accountId,
      at,
      actor,
      action: 'USER_UPDATED',
      targetUserId: userId,
      details: { changes, previous },
    },
    outbox: outboxEvent(
      UserUpdated,
      changeId,
      { version: 1, accountId: caller.accountId, userId, changes, previous, by: actor, at, occurredAt: at },
      [userId],
    ),
  });
  return userView({ ...target, ...changes });
}
