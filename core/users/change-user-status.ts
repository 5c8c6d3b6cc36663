// R9: deactivate (reversible; the user keeps seat, role and resources but cannot sign in, and its
// API tokens are revoked for good: the token generation moves on) and activate. R1–R3 apply; both are idempotent.
import { checkMayManageUser } from '../rules/who-may-manage-users.ts';
import { RemovalInProgressError } from '../errors.ts';
import { UserActivated } from '../events/user-activated.ts';
import { UserDeactivated } from '../events/user-deactivated.ts';
import type { Actor, User } from '../model/index.ts';
import { outboxEvent } from '../events/outbox.ts';
import type { AdminDeps } from '../admin-deps.ts';
import type { RemovalDeps } from '../removal/deps.ts';

export async function changeUserStatus(
  deps: RemovalDeps,
  caller: User,
  userId: string,
  action: 'deactivate' | 'activate',
): Promise<{ userId: string; status: 'ACTIVE' | 'INACTIVE' }> {
  const [account, found] = await Promise.all([
    deps.accounts.getAccount(caller.accountId),
    deps.users.getUser(caller.accountId, userId),
  ]);
  const target = checkMayManageUser({ account, caller, target: found, action });
  return setUserStatus(deps, target, action, { type: 'USER', id: caller.userId });
}

/**
 * The change itself, once who asks has been checked (R1–R3 for an admin, R2 for an integration):
 * idempotent; a user being removed is refused.
 */
export async function setUserStatus(
  { users, clock }: Pick<AdminDeps, 'users' | 'clock'>,
  target: User,
  action: 'deactivate' | 'activate',
  actor: Actor,
): Promise<{ userId: string; status: 'ACTIVE' | 'INACTIVE' }> {
  const { accountId, userId } = target;
  const to = action === 'deactivate' ? 'INACTIVE' : 'ACTIVE';
  if (target.status === 'REMOVING')
    throw new RemovalInProgressError(target.removalId ?? target.pendingRemovalId ?? 'unknown');

  if (target.status !== to) {
    const at = clock.now().toISOString();
    const changeId = `${userId}.${action}.${target.version}`;
    const detail = { version: 1 as const, accountId, userId, by: actor, at, occurredAt: at };
    await users.changeUserStatus({
      user: target,
      to,
      outbox: outboxEvent(action === 'deactivate' ? UserDeactivated : UserActivated, changeId, detail, [userId]),
      audit: {
        id: changeId,
        accountId,
        at,
        actor,
        action: action === 'deactivate' ? 'USER_DEACTIVATED' : 'USER_ACTIVATED',
        targetUserId: userId,
        details: { displayName: target.displayName },
      },
    });
  }
  return { userId, status: to };
}
