// "Reassign one batch" (one Map iteration): apply one planned batch in one conditional transaction. Safe to
// retry: a batch already committed is recognised by its marker and not applied again.
import { NotFoundError } from '../errors.ts';
import { reassignmentsOf } from '../events/user-removed.ts';
import type { BatchOutcome, PlanBatch } from '../model/index.ts';
import type { RemovalDeps } from './deps.ts';

export async function reassignBatch(
  { plans }: RemovalDeps,
  input: { removalId: string; batchKey: string; batch: PlanBatch | null },
): Promise<{ outcome: BatchOutcome; changes: number }> {
  const batch = input.batch ?? (await plans.getPlanBatch(input.removalId, input.batchKey));
  if (!batch) throw new NotFoundError(`No planned batch ${input.batchKey} for removal ${input.removalId}`);
  const outcome = await plans.applyBatch(batch, {
    id: `${batch.removalId}.batch.${batch.batchKey}`,
    accountId: batch.accountId,
    at: batch.plannedAt,
    actor: batch.requestedBy,
    action: 'RESOURCE_REASSIGNED',
    targetUserId: batch.userId,
    details: {
      removalId: batch.removalId,
      reassignments: reassignmentsOf(batch.userId, [batch]),
      membershipsLeft: batch.memberships.map((m) => ({ resourceType: m.type, resourceId: m.id })),
      replacedBy: batch.memberships
        .filter((m) => m.replacedBy)
        .map((m) => ({ resourceType: m.type, resourceId: m.id, toUserId: m.replacedBy })),
    },
  });
  return { outcome, changes: batch.ownership.length + batch.memberships.length };
}
