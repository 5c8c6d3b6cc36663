// CloudWatch metrics of removals (Powertools Metrics, Embedded Metric Format on stdout): how many
// start, complete, fail or are cancelled, how long they take and how much they reassign. Emitted by
// the workflow's task Lambdas as each transition happens; a step retried after its work was done
// may count twice (metrics are operational signals; the audit log is the record). Off locally and
// in tests (POWERTOOLS_DEV), as Powertools does.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { UserRemovedDetail } from '#core/events/user-removed.ts';
import type { RemovalRequest } from '#core/model/index.ts';

export const METRICS_NAMESPACE = 'Offboard';

export function removalMetrics(metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'offboard' })) {
  const emit = (record: (m: Metrics) => void) => {
    record(metrics);
    metrics.publishStoredMetrics();
  };
  return {
    metrics,
    /** A removal took hold of its user (Authorize). */
    started: (request: RemovalRequest) =>
      emit((m) => {
        m.addDimension('requestedBy', request.requestedBy.type);
        m.addMetric('RemovalsStarted', MetricUnit.Count, 1);
      }),
    /** The user is removed: how much was reassigned, and how long since the removal was requested. */
    completed: (request: RemovalRequest, detail: UserRemovedDetail) =>
      emit((m) => {
        m.addMetric('RemovalsCompleted', MetricUnit.Count, 1);
        m.addMetric('ResourcesReassigned', MetricUnit.Count, detail.reassignments.total);
        const duration = Date.parse(detail.removedAt) - Date.parse(request.requestedAt);
        if (Number.isFinite(duration) && duration >= 0)
          m.addMetric('RemovalDuration', MetricUnit.Milliseconds, duration);
      }),
    /** The removal ended without removing the user. */
    ended: (outcome: { cancelled: boolean; completed: boolean }) =>
      outcome.completed
        ? undefined
        : emit((m) => m.addMetric(outcome.cancelled ? 'RemovalsCancelled' : 'RemovalsFailed', MetricUnit.Count, 1)),
  };
}

export type RemovalMetrics = ReturnType<typeof removalMetrics>;
