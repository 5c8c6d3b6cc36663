// A removal as GET …/removals/{removalId} shows it (docs/api.md), with the reassignments it has made so far.
import { reassignmentsOf } from '../events/user-removed.ts';
import type { Reassignment, RemovalRecord } from '../model/index.ts';
import type { Stores } from '../ports.ts';
import { NotFoundError } from '../errors.ts';

export interface RemovalView {
  removalId: string;
  userId: string;
  /** Null for removals recorded before names were kept. */
  userDisplayName: string | null;
  status: RemovalRecord['status'];
  step: string;
  requestedBy: RemovalRecord['requestedBy'];
  effectiveAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  reassignments: Reassignment[];
  failure: { code: string; message: string } | null;
}

export const removalSummary = (removal: RemovalRecord): Omit<RemovalView, 'reassignments'> => ({
  removalId: removal.removalId,
  userId: removal.userId,
  userDisplayName: removal.userDisplayName ?? null,
  status: removal.status,
  step: removal.step,
  requestedBy: removal.requestedBy,
  effectiveAt: removal.effectiveAt ?? null,
  startedAt: removal.startedAt ?? null,
  completedAt: removal.endedAt ?? null,
  failure: removal.failure ?? null,
});

export async function removalView(stores: Stores, removal: RemovalRecord): Promise<RemovalView> {
  const batches = await stores.plans.listAppliedBatches(removal.removalId);
  return { ...removalSummary(removal), reassignments: reassignmentsOf(removal.userId, batches) };
}

/** A removal of this account, or NOT_FOUND (another account's removal is not found either). */
export async function findRemoval(stores: Stores, accountId: string, removalId: string): Promise<RemovalRecord> {
  const removal = await stores.removals.getRemoval(removalId);
  if (!removal || removal.accountId !== accountId) throw new NotFoundError('No such removal in this account');
  return removal;
}
