// A removal as GET …/removals/{removalId} shows it (API.md), with the reassignments it has made so far.
import { reassignmentsOf } from '../events/user-removed.ts';
import type { Reassignment, RemovalRecord } from '../model/index.ts';
import type { RemovalReader } from '../ports.ts';

export interface RemovalView {
  removalId: string;
  userId: string;
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
  status: removal.status,
  step: removal.step,
  requestedBy: removal.requestedBy,
  effectiveAt: removal.effectiveAt ?? null,
  startedAt: removal.startedAt ?? null,
  completedAt: removal.completedAt ?? null,
  failure: removal.failure ?? null,
});

export async function removalView(store: RemovalReader, removal: RemovalRecord): Promise<RemovalView> {
  const batches = await store.listAppliedBatches(removal.removalId);
  return { ...removalSummary(removal), reassignments: reassignmentsOf(removal.userId, batches) };
}
