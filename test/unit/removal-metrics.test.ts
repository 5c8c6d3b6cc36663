// R10 operations: removals leave CloudWatch metrics (Embedded Metric Format) as they start, complete,
// fail or are cancelled — how long they took and how much they reassigned.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { removalMetrics } from '#functions/shared/removal-metrics.ts';
import type { UserRemovedDetail } from '#core/events/user-removed.ts';
import type { RemovalRequest } from '#core/model/index.ts';

afterEach(() => vi.restoreAllMocks());

const removalRequest = (accountId: string, userId: string, extra: Partial<RemovalRequest> = {}): RemovalRequest => ({
  removalId: 'rm-1',
  accountId,
  userId,
  requestedBy: { type: 'USER', id: 'amir' },
  requestedAt: new Date().toISOString(),
  ...extra,
});

/** The EMF documents written to stdout while `act` runs. */
function emitted(act: (metrics: ReturnType<typeof removalMetrics>) => void): Record<string, any>[] {
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
  vi.stubEnv('POWERTOOLS_DEV', 'false');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  act(removalMetrics(new Metrics({ namespace: 'Offboard', serviceName: 'offboard' })));
  vi.unstubAllEnvs();
  return lines
    .flatMap((l) => l.split('\n'))
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
}
const metricNames = (doc: Record<string, any>) =>
  doc._aws.CloudWatchMetrics.flatMap((d: { Metrics: { Name: string }[] }) => d.Metrics.map((m) => m.Name));

describe('R10 removal metrics', () => {
  it('a completed removal: one completion, the resources reassigned and the time since it was requested', () => {
    const request = removalRequest('acme', 'dan', { requestedAt: '2026-11-29T10:00:00.000Z' });
    const detail = {
      removedAt: '2026-11-29T10:00:02.500Z',
      reassignments: { total: 7 },
    } as UserRemovedDetail;

    const [doc] = emitted((m) => m.completed(request, detail));

    expect(doc).toMatchObject({ RemovalsCompleted: 1, ResourcesReassigned: 7, RemovalDuration: 2500 });
    expect(doc!._aws.CloudWatchMetrics[0].Namespace).toBe('Offboard');
  });

  it('a start counts by who asked; a failure and a cancellation count apart; a removal that did complete is not a failure', () => {
    const docs = emitted((m) => {
      m.started(removalRequest('acme', 'dan', { requestedBy: { type: 'HR_SYSTEM', id: 'hr.system' } }));
      m.ended({ cancelled: false, completed: false });
      m.ended({ cancelled: true, completed: false });
      m.ended({ cancelled: false, completed: true });
    });

    expect(docs.map(metricNames)).toEqual([['RemovalsStarted'], ['RemovalsFailed'], ['RemovalsCancelled']]);
    expect(docs[0]).toMatchObject({ requestedBy: 'HR_SYSTEM', RemovalsStarted: 1 });
  });
});
