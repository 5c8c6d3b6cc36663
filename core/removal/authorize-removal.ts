// Step 1: re-check R1–R3 from the table and take hold of the user (REMOVING), revoking its access
// (R6, in the same write). A second removal racing for the same user loses on the conditional write.
import { checkHrMayRemove, checkMayManageUser } from '../rules/who-may-manage-users.ts';
import { RemovalCancelledError, RemovalInProgressError } from '../errors.ts';
import type { RemovalRequest, UserStatus } from '../model/index.ts';
import type { RemovalDeps } from './deps.ts';
import { removalRequestedAudit } from './audit-entries.ts';

export interface Authorization {
  previousStatus: UserStatus;
}

export async function authorizeRemoval({ store, clock }: RemovalDeps, request: RemovalRequest): Promise<Authorization> {
  const { accountId, userId, requestedBy, removalId } = request;
  const { account, users, removal } = await store.getRemovalContext({
    accountId,
    userIds: requestedBy.type === 'USER' ? [userId, requestedBy.id] : [userId],
    removalId,
  });
  const target = users.get(userId);
  const caller = requestedBy.type === 'USER' ? users.get(requestedBy.id) : undefined;
  if (removal?.status === 'CANCELLED')
    throw new RemovalCancelledError(`Removal ${removalId} was cancelled before it started`);

  // A retry of this very step (or a redrive) finds the user already held by this removal.
  if (target?.removalId === removalId && (target.status === 'REMOVING' || target.status === 'REMOVED')) {
    return { previousStatus: target.previousStatus ?? 'ACTIVE' };
  }

  const user =
    requestedBy.type === 'USER'
      ? checkMayManageUser({ account, caller, target, action: 'remove' })
      : checkHrMayRemove(account, target);

  if (user.status === 'REMOVING') throw new RemovalInProgressError(user.removalId ?? 'unknown');
  if (user.pendingRemovalId && user.pendingRemovalId !== removalId)
    throw new RemovalInProgressError(user.pendingRemovalId);

  const startedAt = clock.now().toISOString();
  await store.beginRemoval({
    request,
    user,
    startedAt,
    audit: removalRequestedAudit(request, user.displayName),
  });
  // Access ends with that write (R6): the user is REMOVING, which every authorizer check refuses,
  // and its token generation moved on, so its integration tokens stay revoked even if the removal
  // fails and the user gets its status back.
  return { previousStatus: user.status };
}
