// DELETE …/removals/{removalId}: a removal that has not started (SCHEDULED) or waits for a
// decision (AWAITING_DECISION) is cancelled; anything else is NOT_CANCELLABLE.
import { assertAdmin } from '../access/caller-access.ts';
import { findRemoval } from './removal-view.ts';
import { RemovalCancelled } from '../events/removal-cancelled.ts';
import type { User } from '../model/index.ts';
import { outboxEvent } from '../events/outbox.ts';
import type { AdminDeps } from '../admin-deps.ts';

export async function cancelRemoval(
  { store, accounts, scheduler, clock }: AdminDeps,
  caller: User,
  removalId: string,
): Promise<{ removalId: string; status: 'CANCELLED' }> {
  assertAdmin(caller, 'cancel removals');
  const removal = await findRemoval(store, caller.accountId, removalId);
  if (removal.status === 'CANCELLED') return { removalId, status: 'CANCELLED' };
  const cancelledAt = clock.now().toISOString();
  const cancelledBy = { type: 'USER' as const, id: caller.userId };
  await accounts.cancelRemoval({
    removal,
    cancelledAt,
    outbox: outboxEvent(
      RemovalCancelled,
      `${removalId}.cancelled`,
      { version: 1, removalId, accountId: caller.accountId, userId: removal.userId, cancelledBy, cancelledAt },
      [removal.userId],
    ),
    audit: {
      id: `${removalId}.cancelled`,
      accountId: caller.accountId,
      at: cancelledAt,
      actor: cancelledBy,
      action: 'REMOVAL_CANCELLED',
      targetUserId: removal.userId,
      details: { removalId },
    },
  });
  // After the record: a schedule firing meanwhile finds the removal CANCELLED and stops.
  if (removal.status === 'SCHEDULED') await scheduler.cancel(removalId);
  return { removalId, status: 'CANCELLED' };
}
