// Fault injection for every task of the removal workflow: a failure before its write, a failure
// after it (lost acknowledgement), a duplicate invocation, and a crash after the state followed
// by a redrive. Every run completes, and the invariants hold.
import { workflowInputOf } from '#core/model/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '#local/runtime.ts';
import { startTestRuntime, userRemovedEvents } from '../support/workflow.ts';
import { givenAccount, views, removalRequest, stores, allResources } from '../support/accounts.ts';
import {
  injectFault,
  type FaultSpec,
  isBatchTransaction,
  isRemovalTransaction,
  pauseBefore,
} from '../support/faults.ts';
import { eventually } from '../support/eventually.ts';
import { dynamoDocumentClient, eventBridgeClient } from '#adapters/clients.ts';
import { injectTransactionConflicts, seededRandom } from '#local/transaction-conflicts.ts';
import { acceptRemoval, DUE_NOW_MARGIN_MS } from '#core/removal/accept-removal.ts';
import { cancelRemoval } from '#core/removal/cancel-removal.ts';

const duplicated = new Set<string>();
/** Crash plans by account: the task whose start is the crash point, and the execution to abort. */
const crashes = new Map<string, { taskId: string; removalId: string; spent?: boolean }>();
/** Which planned crash a task's payload belongs to: by removal id, or by account for the tasks that only carry that. */
const planFor = (payload: any) =>
  crashes.get(payload?.removalId ?? payload?.request?.removalId ?? '') ?? crashes.get(payload?.accountId ?? '');
let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime({
    invokeTwice: (taskId) => duplicated.has(taskId),
    onTaskStart: (taskId, payload) => {
      const plan = planFor(payload);
      if (!plan || plan.taskId !== taskId || plan.spent) return;
      plan.spent = true;
      runtime.stepFunctions.describeExecution(plan.removalId)?.abort();
      throw Object.assign(new Error('process crashed between states (injected)'), { name: 'Crash' });
    },
  });
});
afterAll(() => runtime?.stop());

const text = (value: any): string => String(value?.S ?? value ?? '');

/** Each task's write (or, for read-only tasks, its read): the request a fault is injected at. */
const TASKS: { task: string; state: string; next: string; command: string; when: (input: any) => boolean }[] = [
  {
    task: 'AuthorizeRemoval',
    state: 'Authorize the removal',
    next: 'PlanReassignment',
    command: 'TransactWriteItemsCommand',
    when: (input) =>
      text(input?.TransactItems?.[0]?.Update?.ExpressionAttributeValues?.[':removing']) === 'REMOVING' &&
      !isRemovalTransaction(input),
  },
  {
    task: 'PlanReassignment',
    state: 'Scan and plan the reassignment',
    next: 'ReassignBatch',
    command: 'QueryCommand',
    // Its scan: the owner index, what the user owns and where it is a member (tokens left out).
    when: (input) =>
      input?.IndexName === 'gsi1' &&
      !input?.Select &&
      text(input?.ExpressionAttributeValues?.[':tokens']) === 'TOKEN#' &&
      String(input?.KeyConditionExpression).includes('<'),
  },
  {
    task: 'ReassignBatch',
    state: 'Reassign in batches',
    next: 'CompleteRemoval',
    command: 'TransactWriteItemsCommand',
    when: isBatchTransaction,
  },
  {
    task: 'CompleteRemoval',
    state: 'Remove the user',
    next: 'PutEvents:UserRemoved',
    command: 'TransactWriteItemsCommand',
    when: isRemovalTransaction,
  },
];

/** An error no Retry matches: the step fails for good (here right after its request went through). */
const nonTransient = () =>
  Object.assign(new Error('Request rejected after it was applied (injected)'), {
    name: 'ValidationException',
    $metadata: { httpStatusCode: 400 },
  });

const RESOURCES = [
  ...Array.from({ length: 3 }, (_, i) => ({
    type: 'PHONE_NUMBER' as const,
    id: `n${i}`,
    name: `n${i}`,
    ownerId: 'dan',
  })),
  { type: 'TEAM' as const, id: 't1', name: 'Solo', ownerId: 'amir', members: ['dan'] },
];

/**
 * `deliveries`: how many times UserRemoved may reach the bus — once, except after a lost PutEvents
 * acknowledgement, when Step Functions sends the same event again (consumers dedupe on removalId).
 */
async function assertInvariants(accountId: string, removalId: string, deliveries = 1) {
  const users = await Promise.all(
    ['olivia', 'amir', 'bea', 'dan', 'erin', 'farah', 'gus'].map((id) => stores().users.getUser(accountId, id)),
  );
  const byId = new Map(users.map((u) => [u!.userId, u!]));
  // Every resource has an ACTIVE owner and every rotation an active member — but for the user of a
  // removal that failed, whom R13 leaves INACTIVE with what they held (R9), until an admin acts.
  const record = await stores().removals.getRemoval(removalId);
  const leftInactive = record?.status === 'FAILED' ? record.userId : undefined;
  const active = (id: string) =>
    byId.get(id)?.status === 'ACTIVE' || (id === leftInactive && byId.get(id)?.status === 'INACTIVE');
  for (const resource of await allResources(accountId)) {
    expect(resource.ownerId === null || active(resource.ownerId), `${resource.id} owner`).toBe(true);
    if (resource.type === 'TEAM') expect(resource.members.some(active)).toBe(true);
  }
  // Seats used = users holding seats.
  const holders = users.filter((u) => ['ACTIVE', 'INACTIVE', 'REMOVING'].includes(u!.status)).length;
  expect((await stores().accounts.getAccount(accountId))?.seatsUsed).toBe(holders);
  // At most one UserRemoved; the audit log tells the whole story, once.
  const events = userRemovedEvents(runtime, removalId);
  expect(events.length).toBeLessThanOrEqual(deliveries);
  expect(new Set(events.map((e) => JSON.stringify(e.detail))).size).toBeLessThanOrEqual(1);
  const actions = (await views().auditLog(accountId, 100)).entries.map((e) => e.action).reverse();
  const removal = await stores().removals.getRemoval(removalId);
  if (removal?.status === 'COMPLETED') {
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(actions).toEqual(['REMOVAL_REQUESTED', 'RESOURCE_REASSIGNED', 'USER_REMOVED']);
  } else {
    expect(actions.filter((a) => a === 'REMOVAL_FAILED')).toHaveLength(1);
  }
}

/** Removes dan to bea with one fault injected: it fires once and the run still succeeds. */
async function removeThroughFault(accountId: string, fault: FaultSpec) {
  const injected = injectFault(fault);
  const request = removalRequest(accountId, 'dan', { reassignTo: 'bea' });
  try {
    const execution = await (await runtime.startRemoval(request)).done;
    expect(injected.fired()).toBe(1);
    expect(execution.status).toBe('SUCCEEDED');
  } finally {
    injected.remove();
  }
  return request;
}

describe('R10 fault injection on every task', () => {
  for (const { task, state, next, command, when } of TASKS) {
    it.each(['before', 'after'] as const)(`${task}: a failure %s its request is retried to one removal`, async (at) => {
      const accountId = await givenAccount({ resources: RESOURCES });
      const request = await removeThroughFault(accountId, { command, when, at });
      await assertInvariants(accountId, request.removalId);
    });

    it(`${task}: a non-transient failure right after its request ends cleanly: compensated before the final commit, published after it`, async () => {
      const accountId = await givenAccount({ resources: RESOURCES });
      const request = removalRequest(accountId, 'dan', { reassignTo: 'bea' });
      const fault = injectFault({ command, when, at: 'after', error: nonTransient });
      let execution;
      try {
        execution = await (await runtime.startRemoval(request)).done;
      } finally {
        fault.remove();
      }
      expect(fault.fired()).toBe(1);

      const removal = await stores().removals.getRemoval(request.removalId);
      if (task === 'CompleteRemoval') {
        // Committed: nothing to undo, and UserRemoved is still published, once.
        expect(`${execution.status} ${execution.error ?? ''}`).toBe('SUCCEEDED ');
        expect(removal?.status).toBe('COMPLETED');
        expect(userRemovedEvents(runtime, request.removalId)).toHaveLength(1);
      } else {
        expect(execution).toMatchObject({ status: 'FAILED', error: 'ValidationException' });
        // R13 fail closed: the user whose access ended stays out (INACTIVE) after the compensation.
        expect(removal).toMatchObject({ status: 'FAILED', restoredStatus: 'INACTIVE' });
        expect(
          runtime.bus.events({ detailType: 'RemovalFailed' }).filter((e) => e.detail.removalId === request.removalId),
        ).toHaveLength(1);
      }
      await assertInvariants(accountId, request.removalId);
    });

    it(`${task}: a duplicate invocation changes nothing twice`, async () => {
      const accountId = await givenAccount({ resources: RESOURCES });
      const request = removalRequest(accountId, 'dan', { reassignTo: 'bea' });
      duplicated.add(task);
      try {
        expect((await (await runtime.startRemoval(request)).done).status).toBe('SUCCEEDED');
      } finally {
        duplicated.delete(task);
      }
      await assertInvariants(accountId, request.removalId);
    });

    it(`${task}: a crash after "${state}", before the next state works, then a redrive, completes once`, async () => {
      const accountId = await givenAccount({ resources: RESOURCES });
      const request = removalRequest(accountId, 'dan', { reassignTo: 'bea' });
      const plan = { taskId: next, removalId: request.removalId };
      crashes.set(accountId, plan).set(request.removalId, plan);

      const first = await (await runtime.startRemoval(request)).done;
      expect(first.status).toBe('ABORTED');
      const final = await runtime.stepFunctions.redriveExecution(request.removalId).done;

      expect(final.status).toBe('SUCCEEDED');
      await assertInvariants(accountId, request.removalId);
    });
  }
});

describe('R10 TransactionConflict, as AWS raises it under concurrency', () => {
  it('with 20% of transactions cancelled by conflicts, three removals at once in one account each complete once', async () => {
    const owned = (userId: string) =>
      Array.from({ length: 3 }, (_, i) => ({
        type: 'PHONE_NUMBER' as const,
        id: `${userId}-${i}`,
        name: `${userId} ${i}`,
        ownerId: userId,
      }));
    const accountId = await givenAccount({
      resources: [
        ...owned('dan'),
        ...owned('erin'),
        ...owned('farah'),
        { type: 'TEAM', id: 't1', name: 'Solo', ownerId: 'amir', members: ['dan'] },
      ],
    });
    const conflicts = injectTransactionConflicts(dynamoDocumentClient(), { rate: 0.2, random: seededRandom(7) });
    const requests = ['dan', 'erin', 'farah'].map((userId) => removalRequest(accountId, userId, { reassignTo: 'bea' }));
    let executions;
    try {
      executions = await Promise.all(requests.map(async (request) => (await runtime.startRemoval(request)).done));
    } finally {
      conflicts.remove();
    }

    expect(executions.map((e) => e.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    expect(conflicts.counts().cancelled).toBeGreaterThan(0);
    const owners = new Set(
      (await allResources(accountId)).filter((r) => r.type === 'PHONE_NUMBER').map((r) => r.ownerId),
    );
    expect(owners).toEqual(new Set(['bea']));
    for (const request of requests) expect(userRemovedEvents(runtime, request.removalId)).toHaveLength(1);
    const users = await Promise.all(['dan', 'erin', 'farah'].map((id) => stores().users.getUser(accountId, id)));
    expect(users.map((u) => u?.status)).toEqual(['REMOVED', 'REMOVED', 'REMOVED']);
    expect((await stores().accounts.getAccount(accountId))?.seatsUsed).toBe(4);
    const actions = (await views().auditLog(accountId, 100)).entries.map((e) => e.action);
    expect(actions.filter((a) => a === 'USER_REMOVED')).toHaveLength(3);
  });
});

describe('R10 a cancellation racing the start of a scheduled removal', () => {
  it('ends the run as a clean cancellation: the user untouched, no RemovalFailed', async () => {
    const accountId = await givenAccount({ resources: RESOURCES });
    const request = removalRequest(accountId, 'dan', { reassignTo: 'bea' });
    const deps = (await import('#functions/shared/composition.ts')).composition().adminDeps();
    await acceptRemoval(deps, {
      request,
      target: (await stores().users.getUser(accountId, 'dan'))!,
      // Soon, yet far enough ahead to be scheduled rather than started now (DUE_NOW_MARGIN_MS).
      effectiveAt: new Date(Date.now() + DUE_NOW_MARGIN_MS + 60_000).toISOString(),
    });
    // The schedule fires (the execution starts) while an admin cancels: Authorize has read the
    // removal SCHEDULED, and its write reaches DynamoDB only after the cancellation.
    const hold = pauseBefore({
      command: 'TransactWriteItemsCommand',
      when: (input) => text(input?.TransactItems?.[0]?.Update?.ExpressionAttributeValues?.[':removing']) === 'REMOVING',
    });
    try {
      // As the schedule's target does: StartExecution with the workflow input of the accepted request.
      const execution = runtime.startExecutionDirectly(workflowInputOf(request));
      await eventually(() =>
        expect(execution.history.some((e) => e.state?.name === 'Authorize the removal')).toBe(true),
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      await cancelRemoval(deps, (await stores().users.getUser(accountId, 'amir'))!, request.removalId);
      hold.release();

      const done = await execution.done;
      expect(`${done.status} ${done.error ?? ''}`).toBe('SUCCEEDED ');
      expect(done.history.some((e) => e.state?.name === 'Removal was cancelled')).toBe(true);
    } finally {
      hold.remove();
    }
    expect(await stores().removals.getRemoval(request.removalId)).toMatchObject({ status: 'CANCELLED' });
    expect(await stores().users.getUser(accountId, 'dan')).toMatchObject({ status: 'ACTIVE' });
    expect(
      runtime.bus.events({ detailType: 'RemovalFailed' }).filter((e) => e.detail.removalId === request.removalId),
    ).toEqual([]);
  });
});

describe('R4 R10 concurrency between removals', () => {
  it('removing A to B while B is being removed: A is refused (B is not a valid target), B completes', async () => {
    const accountId = await givenAccount({
      resources: [
        { type: 'PHONE_NUMBER', id: 'dan-1', name: 'd', ownerId: 'dan' },
        { type: 'PHONE_NUMBER', id: 'bea-1', name: 'b', ownerId: 'bea' },
      ],
    });
    const removeBea = removalRequest(accountId, 'bea', { reassignTo: 'erin' });
    const removeDanToBea = removalRequest(accountId, 'dan', { reassignTo: 'bea' });
    // Hold bea's reassignment until dan's removal has run.
    const hold = pauseBefore({
      command: 'TransactWriteItemsCommand',
      when: (input) => isBatchTransaction(input) && JSON.stringify(input).includes(removeBea.removalId),
    });
    try {
      const bea = await runtime.startRemoval(removeBea);
      await eventually(async () => expect((await stores().users.getUser(accountId, 'bea'))?.status).toBe('REMOVING'));

      const dan = await (await runtime.startRemoval(removeDanToBea)).done;
      hold.release();
      const beaDone = await bea.done;

      expect(dan.status).toBe('FAILED');
      expect(dan.error).toBe('INVALID_REASSIGNMENT_TARGET');
      expect(beaDone.status).toBe('SUCCEEDED');
      // Dan's access ended with the 202: refused, he stays out (R13).
      expect(await stores().users.getUser(accountId, 'dan')).toMatchObject({ status: 'INACTIVE' });
      const owners = new Map((await allResources(accountId)).map((r) => [r.id, r.ownerId]));
      expect(Object.fromEntries(owners)).toEqual({ 'dan-1': 'dan', 'bea-1': 'erin' });
      // Both stories in the audit log, each once; one UserRemoved (bea's). Dan's removal was accepted
      // (REMOVAL_REQUESTED) and refused by Authorize's R4 check before it took hold of him.
      const actions = (await views().auditLog(accountId, 100)).entries.map((e) => e.action).sort();
      expect(actions).toEqual([
        'REMOVAL_FAILED',
        'REMOVAL_REQUESTED',
        'REMOVAL_REQUESTED',
        'RESOURCE_REASSIGNED',
        'USER_REMOVED',
      ]);
      expect(userRemovedEvents(runtime, removeBea.removalId)).toHaveLength(1);
      expect(userRemovedEvents(runtime, removeDanToBea.removalId)).toHaveLength(0);
      expect((await stores().accounts.getAccount(accountId))?.seatsUsed).toBe(6);
    } finally {
      hold.remove();
    }
  });
});

describe('R10 fault injection on the compensation and the decision wait', () => {
  /** The compensation's transaction: the removal record set to FAILED. */
  const isFailureTransaction = (input: any) =>
    text(input?.TransactItems?.[0]?.Update?.ExpressionAttributeValues?.[':status']) === 'FAILED';

  for (const at of ['before', 'after', 'twice'] as const) {
    it(`RecordRemovalFailure: ${at === 'twice' ? 'a duplicate invocation' : `a failure ${at} its write`} records the failure once and leaves the user INACTIVE (R13)`, async () => {
      const accountId = await givenAccount({ resources: RESOURCES });
      const request = removalRequest(accountId, 'dan'); // no target: refused by R4, compensated
      const fault =
        at === 'twice'
          ? undefined
          : injectFault({ command: 'TransactWriteItemsCommand', when: isFailureTransaction, at });
      if (at === 'twice') duplicated.add('RecordRemovalFailure');
      try {
        const execution = await (await runtime.startRemoval(request)).done;
        expect(execution.status).toBe('FAILED');
        expect(execution.error).toBe('RESOURCES_NEED_REASSIGNMENT');
        if (fault) expect(fault.fired()).toBe(1);
      } finally {
        fault?.remove();
        duplicated.delete('RecordRemovalFailure');
      }
      expect(await stores().removals.getRemoval(request.removalId)).toMatchObject({
        status: 'FAILED',
        restoredStatus: 'INACTIVE',
      });
      expect(
        runtime.bus.events({ detailType: 'RemovalFailed' }).filter((e) => e.detail.removalId === request.removalId),
      ).toHaveLength(1);
      await assertInvariants(accountId, request.removalId);
    });
  }

  for (const at of ['before', 'after', 'twice'] as const) {
    it(`AwaitDecision: ${at === 'twice' ? 'a duplicate invocation' : `a failure ${at} its write`} still waits once, and the decision completes the removal`, async () => {
      const accountId = await givenAccount({ resources: RESOURCES, fallbackUserId: 'gus' });
      const request = removalRequest(accountId, 'dan', { by: { type: 'HR_SYSTEM', id: 'hr.system' }, policy: {} });
      const fault =
        at === 'twice'
          ? undefined
          : injectFault({
              command: 'UpdateItemCommand',
              when: (input) => text(input?.ExpressionAttributeValues?.[':awaiting']) === 'AWAITING_DECISION',
              at,
            });
      if (at === 'twice') duplicated.add('AwaitDecision');
      try {
        const execution = await runtime.startRemoval(request);
        // Bounded; on timeout the last status seen is in the failure.
        await eventually(async () => {
          expect((await stores().removals.getRemoval(request.removalId))?.status).toBe('AWAITING_DECISION');
          expect(runtime.stepFunctions.describeExecution(request.removalId)).toBeDefined();
        });
        await new Promise((r) => setTimeout(r, 50)); // the retried or repeated invocation settles
        runtime.stepFunctions.sendTaskSuccess((await stores().removals.getRemoval(request.removalId))!.taskToken!, {
          reassignTo: 'bea',
        });
        const done = await execution.done;
        expect(`${done.status} ${done.error} ${done.cause}`).toBe('SUCCEEDED undefined undefined');
      } finally {
        fault?.remove();
        duplicated.delete('AwaitDecision');
      }
      await assertInvariants(accountId, request.removalId);
    });
  }
});

describe('R10 fault injection on "Publish UserRemoved" (events:putEvents)', () => {
  const isUserRemoved = (input: any) => input?.Entries?.[0]?.DetailType === 'UserRemoved';

  it.each(['before', 'after'] as const)(
    'a PutEvents failure %s the event reaches the bus is retried; the CRM consumer removes the agent once',
    async (at) => {
      const accountId = await givenAccount({ resources: RESOURCES });
      await runtime.crm.link(accountId, 'dan', 'agent-dan', new Date(0).toISOString());
      const request = await removeThroughFault(accountId, {
        client: await eventBridgeClient(),
        command: 'PutEventsCommand',
        when: isUserRemoved,
        at,
      });

      // A lost acknowledgement makes Step Functions send the same event again: the bus then carries
      // it twice, identical, and the consumer's dedupe on removalId applies it once (version 1 → 2).
      expect(userRemovedEvents(runtime, request.removalId)).toHaveLength(at === 'before' ? 1 : 2);
      await eventually(async () =>
        expect(await runtime.crm.get(accountId, 'dan')).toMatchObject({ state: 'UNMAPPED', version: 2 }),
      );
      await assertInvariants(accountId, request.removalId, 2);
    },
  );
});
