// Cancelling a removal that has not started (SCHEDULED) or waits for a decision
// (AWAITING_DECISION); anything else is NOT_CANCELLABLE. By an admin (DELETE …/removals/{id}) or
// by HR (TerminationCancelled).
import { assertAdmin } from '../access/caller-access.ts';
import { RemovalCancelled } from '../events/removal-cancelled.ts';
import { outboxEvent } from '../events/outbox.ts';
import type { Actor, RemovalRecord, User } from '../model/index.ts';
import type { AdminDeps } from '../admin-deps.ts';
import { findRemoval } from './removal-view.ts';

export async function cancelRemovalAs(
  { removals, scheduler, workflow, clock }: AdminDeps,
  removal: RemovalRecord,
  cancelledBy: Actor,
): Promise<{ removalId: string; status: 'CANCELLED' }> {
  const { removalId, accountId, userId } = removal;
  if (removal.status === 'CANCELLED') return { removalId, status: 'CANCELLED' };
  const cancelledAt = clock.now().toISOString();
  await removals.cancelRemoval({
    removal,
    cancelledAt,
    cancelledBy,
    // A scheduled removal never touched the user: RemovalCancelled now. A waiting one still holds
    // the user (REMOVING): its compensation publishes RemovalCancelled once the user is given back,
    // so that consumers (the identity sync, CRMs) read the user's status as it then is.
    ...(removal.status === 'SCHEDULED'
      ? { outbox: removalCancelledEvent({ removalId, accountId, userId, cancelledBy, cancelledAt }) }
      : {}),
    audit: {
      id: `${removalId}.cancelled`,
      accountId,
      at: cancelledAt,
      actor: cancelledBy,
      action: 'REMOVAL_CANCELLED',
      targetUserId: userId,
      details: { removalId },
    },
  });
  // After the record: a schedule firing meanwhile finds the removal CANCELLED and stops.
  if (removal.status === 'SCHEDULED') await scheduler.cancel(removalId);
  // A waiting execution ends through its compensation, which gives the user back.
  if (removal.status === 'AWAITING_DECISION' && removal.taskToken) {
    await workflow.failWait(
      removal.taskToken,
      'REMOVAL_CANCELLED',
      `Cancelled by ${cancelledBy.type} ${cancelledBy.id}`,
    );
  }
  return { removalId, status: 'CANCELLED' };
}

/** The RemovalCancelled event of a removal (one per removal: its id is derived from the removalId). */
export function removalCancelledEvent(args: {
  removalId: string;
  accountId: string;
  userId: string;
  cancelledBy: Actor;
  cancelledAt: string;
}) {
  return outboxEvent(
    RemovalCancelled,
    `${args.removalId}.cancelled`,
    { version: 1, ...args, occurredAt: args.cancelledAt },
    [args.userId],
  );
}

export async function cancelRemoval(deps: AdminDeps, caller: User, removalId: string) {
  assertAdmin(caller, 'cancel removals');
  const removal = await findRemoval(deps, caller.accountId, removalId);
  return cancelRemovalAs(deps, removal, { type: 'USER', id: caller.userId });
}
