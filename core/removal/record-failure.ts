// Compensation: a removal that stopped before the user was removed releases the user — INACTIVE
// if its access had ended (R13, fail closed), its previous status if it was cancelled — records
// FAILED with a code and message, audits REMOVAL_FAILED and hands back the RemovalFailed detail.
// API tokens revoked at the start stay revoked (R6 is not undone).
import type { RemovalFailedDetail } from '../events/removal-failed.ts';
import type { RemovalRequest } from '../model/index.ts';
import type { RemovalDeps } from './deps.ts';
import { removalCancelledEvent } from './cancel-removal.ts';

export interface StepFailure {
  /** Step Functions' `Error`: our problem code, or a service error name. */
  Error: string;
  /** Step Functions' `Cause`: for Lambda errors, a JSON string with errorMessage. */
  Cause?: string | undefined;
}

/** A short code and a human message from a Step Functions error. */
export function describeFailure(error: StepFailure): { code: string; message: string } {
  let message = error.Cause ?? error.Error;
  try {
    const cause = JSON.parse(message) as { errorMessage?: unknown };
    if (typeof cause.errorMessage === 'string') message = cause.errorMessage;
  } catch {
    // Not JSON: the cause is already a plain message.
  }
  return { code: error.Error, message: message.slice(0, 1000) };
}

export async function recordRemovalFailure(
  { users, removals, clock }: RemovalDeps,
  input: { request: RemovalRequest; error: StepFailure },
): Promise<{ detail: RemovalFailedDetail | null; cancelled: boolean; completed: boolean }> {
  const { request } = input;
  const { accountId, userId, removalId } = request;
  const failure = describeFailure(input.error);
  const user = await users.getUser(accountId, userId);
  const heldByThisRemoval = user?.status === 'REMOVING' && user.removalId === removalId;
  const pendingOnThisRemoval = user?.pendingRemovalId === removalId;
  const releaseUser = heldByThisRemoval || pendingOnThisRemoval;
  const failedAt = clock.now().toISOString();
  const cancelled = input.error.Error === 'REMOVAL_CANCELLED';
  // R13 fail closed: once this removal ended the user's access (taken, or accepted to run at once),
  // a failure leaves them INACTIVE — a terminated employee never gets access back by a failure; an
  // admin may Activate. Only a cancellation gives the previous status back.
  const accessEnded = heldByThisRemoval || (pendingOnThisRemoval && user?.accessEndedBy === removalId);
  const restoreTo = cancelled
    ? heldByThisRemoval
      ? (user.previousStatus ?? 'ACTIVE')
      : null
    : accessEnded
      ? ('INACTIVE' as const)
      : null;
  // Cancelled while waiting: RemovalCancelled goes out with the user given back (cancel-removal.ts).
  const cancellation = cancelled ? await removals.getRemoval(removalId) : undefined;

  const outcome = await removals.failRemoval({
    request,
    failure,
    failedAt,
    restoreTo,
    releaseUser,
    taken: heldByThisRemoval,
    cancelled,
    audit: {
      id: cancelled ? `${removalId}.released` : `${removalId}.failed`,
      accountId,
      at: failedAt,
      actor: request.requestedBy,
      action: cancelled ? 'REMOVAL_CANCELLED' : 'REMOVAL_FAILED',
      targetUserId: userId,
      details: { removalId, failure, restoredStatus: restoreTo },
    },
    ...(cancellation?.cancelledBy
      ? {
          outbox: removalCancelledEvent({
            removalId,
            accountId,
            userId,
            cancelledBy: cancellation.cancelledBy,
            cancelledAt: cancellation.endedAt ?? failedAt,
          }),
        }
      : {}),
  });
  // The user is already removed (the final commit went through, then its step failed): nothing to
  // undo, and no RemovalFailed for a removal that happened — the only way on is publishing it.
  if (outcome === 'already-completed') return { detail: null, cancelled: false, completed: true };
  if (outcome === 'cancelled') return { detail: null, cancelled: true, completed: false };
  // A retry after the first attempt recorded the failure reports that one, as it was recorded.
  const recorded = outcome === 'already-failed' ? await removals.getRemoval(removalId) : undefined;
  const at = recorded?.endedAt ?? failedAt;
  return {
    cancelled: false,
    completed: false,
    detail: {
      version: 1,
      removalId,
      accountId,
      userId,
      failedAt: at,
      failure: recorded?.failure ?? failure,
      restoredStatus: recorded ? (recorded.restoredStatus ?? null) : restoreTo,
      occurredAt: at,
    },
  };
}
