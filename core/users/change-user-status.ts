// R9: deactivate (reversible; the user keeps seat, role and resources but cannot sign in, and its
// API tokens are revoked for good: the token generation moves on) and activate. R1–R3 apply; both are idempotent.
import { checkMayManageUser } from '../rules/who-may-manage-users.ts';
import { RemovalInProgressError } from '../errors.ts';
import { UserActivated } from '../events/user-activated.ts';
import { UserDeactivated } from '../events/user-deactivated.ts';
import type { User } from '../model/index.ts';
import { outboxEvent } from '../events/outbox.ts';
import type { AdminDeps } from '../admin-deps.ts';

export async function changeUserStatus(
  { users, accounts, clock }: AdminDeps,
  caller: User,
  userId: string,
  action: 'deactivate' | 'activate',
): Promise<{ userId: string; status: 'ACTIVE' | 'INACTIVE' }> {
  const [account, found] = await Promise.all([
    accounts.getAccount(caller.accountId),
    users.getUser(caller.accountId, userId),
  ]);
  const target = checkMayManageUser({ account, caller, target: found, action });
  const to = action === 'deactivate' ? 'INACTIVE' : 'ACTIVE';
  if (target.status === 'REMOVING')
    throw new RemovalInProgressError(target.removalId ?? target.pendingRemovalId ?? 'unknown');

  if (target.status !== to) {
    const at = clock.now().toISOString();
    const changeId = `${userId}.${action}.${target.version}`;
    const detail = {
      version: 1 as const,
      accountId: caller.accountId,
      userId,
      by: { type: 'USER' as const, id: caller.userId },
      at,
      occurredAt: at,
    };
    await users.changeUserStatus({
      user: target,
      to,
      outbox: outboxEvent(action === 'deactivate' ? UserDeactivated : UserActivated, changeId, detail, [userId]),
      audit: {
        id: changeId,
        accountId: caller.accountId,
        at,
        actor: { type: 'USER', id: caller.userId },
        action: action === 'deactivate' ? 'USER_DEACTIVATED' : 'USER_ACTIVATED',
        targetUserId: userId,
        details: { displayName: target.displayName },
      },
    });
  }
  return { userId, status: to };
}
