// Accepting a checked removal request: the record, the user's pending guard and (if any) the
// Idempotency-Key in one transaction, then either the execution starts now or a one-time schedule
// starts it at effectiveAt (R11). Shared by the dashboard and the HR path.
import { RemovalScheduled } from '../events/removal-scheduled.ts';
import { outboxEvent } from '../events/outbox.ts';
import type { RemovalRequest, User } from '../model/index.ts';
import type { AdminDeps } from '../admin-deps.ts';
import type { RemovalStore } from '../ports.ts';
import { removalRequestedAudit } from './audit-entries.ts';
import { recordRemovalFailure } from './record-failure.ts';

/**
 * Within this much of now, a removal starts now rather than being scheduled: EventBridge Scheduler
 * accepts an `at()` in the past but never fires it, and one a few seconds ahead when sent may have
 * passed by the time Scheduler takes it (retries, a slow request) — the leaver would keep access.
 */
export const DUE_NOW_MARGIN_MS = 2 * 60 * 1000;

/** Whether a removal effective at this time must start now rather than be scheduled. */
export const isDueNow = (effectiveAt: string | null | undefined, now: Date): boolean =>
  !effectiveAt || new Date(effectiveAt).getTime() <= now.getTime() + DUE_NOW_MARGIN_MS;

export async function acceptRemoval(
  deps: AdminDeps,
  args: {
    request: RemovalRequest;
    target: User;
    effectiveAt?: string | undefined;
    idempotency?: Parameters<RemovalStore['createRemoval']>[0]['idempotency'];
  },
): Promise<{ removalId: string; status: 'RUNNING' | 'SCHEDULED' }> {
  const { removals, workflow, scheduler, clock } = deps;
  const { request, target } = args;
  const effectiveAt = isDueNow(args.effectiveAt, clock.now()) ? null : (args.effectiveAt as string);
  const status = effectiveAt ? 'SCHEDULED' : 'RUNNING';
  await removals.createRemoval({
    request,
    status,
    effectiveAt,
    user: target,
    idempotency: args.idempotency ?? null,
    audit: removalRequestedAudit(request, target.displayName),
    outbox: effectiveAt
      ? outboxEvent(
          RemovalScheduled,
          `${request.removalId}.scheduled`,
          {
            version: 1,
            removalId: request.removalId,
            accountId: request.accountId,
            userId: request.userId,
            effectiveAt,
            requestedBy: request.requestedBy,
            occurredAt: request.requestedAt,
          },
          [request.userId],
        )
      : null,
  });
  try {
    if (effectiveAt) await scheduler.schedule(request, effectiveAt);
    else await workflow.start(request);
  } catch (error) {
    // Nothing will run this removal: end it cleanly so the user is not left pending.
    await recordRemovalFailure(deps, {
      request,
      error: { Error: 'WORKFLOW_START_FAILED', Cause: (error as Error).message },
    });
    throw error;
  }
  return { removalId: request.removalId, status };
}
