// Step 6: remove the user in one transaction (REMOVED tombstone keeping the display name, email
// freed, seat released, next-cycle adjustment recorded, audit USER_REMOVED, removal COMPLETED) and
// hand back the UserRemoved detail to publish. A retry rebuilds the same detail from the table.
import { isSeatBased, nextCycleStart } from '../billing/seats.ts';
import { NotFoundError } from '../errors.ts';
import { buildUserRemovedDetail, type UserRemovedDetail } from '../events/user-removed.ts';
import type { RemovalRequest } from '../model/index.ts';
import type { CompletedRemoval } from '../ports.ts';
import type { RemovalDeps } from './deps.ts';

export async function completeRemoval(
  { store, clock }: RemovalDeps,
  request: RemovalRequest,
): Promise<{ detail: UserRemovedDetail }> {
  const { accountId, userId, removalId } = request;
  const [{ account, users }, batches] = await Promise.all([
    store.getRemovalContext({ accountId, userIds: [userId], removalId }),
    store.listAppliedBatches(removalId),
  ]);
  const user = users.get(userId);
  if (!account || !user || user.removalId !== removalId || (user.status !== 'REMOVING' && user.status !== 'REMOVED')) {
    throw new NotFoundError(`User ${userId} is not held by removal ${removalId}`);
  }

  if (user.status === 'REMOVING') {
    const removedAt = clock.now().toISOString();
    const seatReleased = isSeatBased(account.plan);
    const completed: CompletedRemoval = {
      removedAt,
      seatReleased,
      billingEffectiveOn: seatReleased ? nextCycleStart(removedAt, account.billingCycleDay) : null,
    };
    const outcome = await store.completeRemoval({
      request,
      user,
      completed,
      adjustment: completed.billingEffectiveOn
        ? { accountId, removalId, seats: -1, effectiveOn: completed.billingEffectiveOn }
        : null,
      audit: {
        id: `${removalId}.removed`,
        accountId,
        at: removedAt,
        actor: request.requestedBy,
        action: 'USER_REMOVED',
        targetUserId: userId,
        details: {
          removalId,
          displayName: user.displayName,
          seat: { released: seatReleased, billingEffectiveOn: completed.billingEffectiveOn },
        },
      },
    });
    if (outcome === 'removed') return { detail: buildUserRemovedDetail({ request, user, completed, batches }) };
  }
  return { detail: await storedDetail({ store, clock }, request, batches) };
}

/** The detail of a removal already committed (a retried step after a lost acknowledgement). */
async function storedDetail(
  { store }: RemovalDeps,
  request: RemovalRequest,
  batches: Awaited<ReturnType<RemovalDeps['store']['listAppliedBatches']>>,
) {
  const [user, removal] = await Promise.all([
    store.getUser(request.accountId, request.userId),
    store.getRemoval(request.removalId),
  ]);
  if (!user || !removal?.completedAt) throw new NotFoundError(`Removal ${request.removalId} has no completed record`);
  return buildUserRemovedDetail({
    request,
    user,
    completed: {
      removedAt: removal.completedAt,
      seatReleased: removal.seat?.released ?? false,
      billingEffectiveOn: removal.seat?.billingEffectiveOn ?? null,
    },
    batches,
  });
}
