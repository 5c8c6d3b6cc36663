// R4 R10 A removal task function's reserved concurrency (the stack's RemovalTaskConcurrency) caps
// the Map batches of every removal at once: Lambda throttles the rest with
// TooManyRequestsException, which the Tasks retry. The local runtime throttles as Lambda does, and
// removals under a tight budget still hand everything over, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '#local/runtime.ts';
import { allResources, givenAccount, removalRequest, stores } from '../support/accounts.ts';
import { startTestRuntime, userRemovedEvents } from '../support/workflow.ts';

let runtime: LocalRuntime;
beforeAll(async () => {
  // The ASL's own backoff (1 s doubling, full jitter), as in AWS: a fixed test interval would spend
  // the ten attempts in milliseconds while the budget is busy, which is not what AWS does.
  runtime = await startTestRuntime({ reservedConcurrency: 2, retryIntervalMs: undefined });
});
afterAll(() => runtime?.stop());

describe('R4 R10 removals under a reserved-concurrency budget', () => {
  it('three removals of 250 numbers each (12 batches wanting 4 at a time) with two invocations per function: throttled, retried, all complete', async () => {
    const leavers = ['dan', 'erin', 'farah'];
    const resources = leavers.flatMap((ownerId) =>
      Array.from({ length: 250 }, (_, i) => ({
        type: 'PHONE_NUMBER' as const,
        id: `${ownerId}-${i}`,
        name: `${ownerId} ${i}`,
        ownerId,
      })),
    );
    const accountId = await givenAccount({ plan: 'ENTERPRISE', resources });
    const requests = leavers.map((userId) => removalRequest(accountId, userId, { reassignTo: 'bea' }));

    const executions = await Promise.all(requests.map(async (request) => (await runtime.startRemoval(request)).done));

    expect(executions.map((e) => e.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    expect(runtime.stepFunctions.throttled.get('ReassignBatch') ?? 0).toBeGreaterThan(0);
    const owners = new Set((await allResources(accountId)).map((r) => r.ownerId));
    expect([...owners]).toEqual(['bea']);
    expect((await stores().users.getUser(accountId, 'bea'))?.ownedCount).toBe(750);
    for (const request of requests) expect(userRemovedEvents(runtime, request.removalId)).toHaveLength(1);
  });
});
