// "Remove the user": remove the user in one transaction (REMOVED tombstone keeping the display name, email
// freed, seat released, next-cycle adjustment recorded, audit USER_REMOVED, removal COMPLETED) and
// hand back the UserRemoved detail to publish. On the usual path it reads nothing: the user and the
// account's terms come from Authorize, the reassignments from the plan this run applied. A retry
// after a lost acknowledgement rebuilds the same detail from the table.
import { isSeatBased, nextCycleStart } from '../billing/seats.ts';
import { NotFoundError } from '../errors.ts';
import { buildUserRemovedDetail, type UserRemovedDetail } from '../events/user-removed.ts';
import type { BatchOutcome, PlanBatch, RemovalRequest, RemovalSubject } from '../model/index.ts';
import type { CompletedRemoval } from '../ports.ts';
import type { RemovalDeps } from './deps.ts';

/** What the workflow's state knows about the reassignment when the user is removed. */
export interface ReassignmentRecord {
  /** Scan-and-plan rounds before the one that settled (0: the first plan was the last). */
  rounds: number;
  /** The last plan's batches: inline, or `null` each when the plan was stored. */
  batches: { batchKey: string; batch: PlanBatch | null }[];
  /** The last plan's Map results, in batch order. */
  outcomes: { outcome: BatchOutcome }[];
}

/**
 * The batches this run applied, when its state proves it: one round, an inline plan, and every
 * batch committed by this run's own transaction. Anything else (several rounds, a stored plan, a
 * batch found committed by an earlier attempt) → `null`: the batch markers in the table decide.
 */
export function batchesKnownApplied({ rounds, batches, outcomes }: ReassignmentRecord): PlanBatch[] | null {
  if (rounds > 0 || outcomes.length !== batches.length) return null;
  if (outcomes.some((o) => o.outcome !== 'applied')) return null;
  const inline = batches.flatMap(({ batch }) => (batch ? [batch] : []));
  return inline.length === batches.length ? inline : null;
}

export async function completeRemoval(
  { removals, plans, clock }: RemovalDeps,
  input: { request: RemovalRequest; subject: RemovalSubject; reassignment: ReassignmentRecord | 'committed' },
): Promise<{ detail: UserRemovedDetail }> {
  const { request, subject } = input;
  const { accountId, userId, removalId } = request;
  const user = { accountId, userId, email: subject.email, displayName: subject.displayName, ...subject.lookups };
  // After the final commit, when its step failed anyway: the detail as the table has it.
  if (input.reassignment === 'committed')
    return {
      detail: await committedDetail(removals, { request, user, batches: await plans.listAppliedBatches(removalId) }),
    };

  const removedAt = clock.now().toISOString();
  const seatReleased = isSeatBased(subject.plan);
  const completed: CompletedRemoval = {
    removedAt,
    seatReleased,
    billingEffectiveOn: seatReleased ? nextCycleStart(removedAt, subject.billingCycleDay) : null,
  };
  const outcome = await removals.completeRemoval({
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
  const batches = batchesKnownApplied(input.reassignment) ?? (await plans.listAppliedBatches(removalId));
  if (outcome === 'removed') return { detail: buildUserRemovedDetail({ request, user, completed, batches }) };
  return { detail: await committedDetail(removals, { request, user, batches }) };
}

/** The detail of a removal already committed (a retried step after a lost acknowledgement). */
async function committedDetail(
  removals: RemovalDeps['removals'],
  { request, user, batches }: Omit<Parameters<typeof buildUserRemovedDetail>[0], 'completed'>,
) {
  const removal = await removals.getRemoval(request.removalId);
  if (!removal?.endedAt) throw new NotFoundError(`Removal ${request.removalId} has no completed record`);
  return buildUserRemovedDetail({
    request,
    user,
    completed: {
      removedAt: removal.endedAt,
      seatReleased: removal.seat?.released ?? false,
      billingEffectiveOn: removal.seat?.billingEffectiveOn ?? null,
    },
    batches,
  });
}
