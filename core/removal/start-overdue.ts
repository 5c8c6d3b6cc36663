// The overdue sweep (R11): every few minutes, starts each SCHEDULED removal whose effective time
// has passed — should its one-time schedule never fire (deleted with its group, dropped by
// Scheduler, its target failing past its retries), the leaver would otherwise keep access. Safe
// beside the schedule: both start the execution named by the removalId with the same input, and
// a start of an existing execution changes nothing (R10).
import type { RemovalStore, RemovalWorkflow } from '../ports.ts';

/** How often the sweep runs: the stack's schedule and the local runtime alike. */
export const OVERDUE_SWEEP_EVERY_MINUTES = 5;
/** The schedule's own time to fire (within its minute, then its retries) before the sweep steps in. */
export const OVERDUE_GRACE_MS = 5 * 60 * 1000;
/** Removals one sweep looks at; the next sweep takes the rest. */
export const OVERDUE_PER_SWEEP = 100;

export interface OverdueSweep {
  started: string[];
  /** Index entries of removals no longer SCHEDULED (started, cancelled), taken out. */
  forgotten: number;
  failed: { removalId: string; error: string }[];
}

export async function startOverdueRemovals(deps: {
  removals: RemovalStore;
  workflow: RemovalWorkflow;
  clock: { now(): Date };
}): Promise<OverdueSweep> {
  const asOf = new Date(deps.clock.now().getTime() - OVERDUE_GRACE_MS).toISOString();
  const sweep: OverdueSweep = { started: [], forgotten: 0, failed: [] };
  for (const removalId of await deps.removals.listOverdueScheduled(asOf, OVERDUE_PER_SWEEP)) {
    try {
      const record = await deps.removals.getRemoval(removalId);
      if (record?.status === 'SCHEDULED' && record.effectiveAt && record.effectiveAt <= asOf) {
        await deps.workflow.start(record.request);
        sweep.started.push(removalId);
      } else {
        await deps.removals.forgetScheduled(removalId);
        sweep.forgotten++;
      }
    } catch (error) {
      // One removal's trouble does not hold back the others; the handler reports it as a failure.
      sweep.failed.push({ removalId, error: (error as Error).message });
    }
  }
  return sweep;
}
