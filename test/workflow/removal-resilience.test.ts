// R10 and failure handling: duplicates, transient errors, lost acknowledgements, a crash in the
// middle of reassignment, and two removals racing for one user. Faults come from SDK middleware.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoDocumentClient } from '#adapters/clients.ts';
import { resourceItem } from '#adapters/dynamodb/items.ts';
import { holdingsUpdate } from '#adapters/dynamodb/holdings.ts';
import type { Resource } from '#core/model/index.ts';
import type { LocalRuntime } from '#local/runtime.ts';
import { UserRemoved } from '#core/events/user-removed.ts';
import { givenAccount, views, removalRequest, stores, recordAccepted } from '../support/accounts.ts';
import { testTableName } from '../support/env.ts';
import {
  crashAfterFirstCommit,
  injectFault,
  onceBefore,
  pauseBefore,
  isBatchTransaction,
  isRemovalTransaction,
} from '../support/faults.ts';
import { startTestRuntime, userRemovedEvents } from '../support/workflow.ts';
import { eventually } from '../support/eventually.ts';

/**
 * A new resource given to its owner without the owner's R12 check (the test of the final removal
 * write's own guard: something handed to a user the way no product path may any more).
 */
const newResourceTransaction = (tableName: string, resource: Omit<Resource, 'members'> & { ownerId: string }) => [
  { Put: { TableName: tableName, Item: resourceItem(resource), ConditionExpression: 'attribute_not_exists(pk)' } },
  holdingsUpdate(tableName, { accountId: resource.accountId, userId: resource.ownerId, owned: 1, require: 'exists' }),
];

let runtime: LocalRuntime;
let removeFaults: (() => void)[] = [];
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterEach(() => {
  removeFaults.forEach((remove) => remove());
  removeFaults = [];
});
afterAll(() => runtime?.stop());

const numbers = (count: number, ownerId: string) =>
  Array.from({ length: count }, (_, i) => ({
    type: 'PHONE_NUMBER' as const,
    id: `num-${String(i).padStart(4, '0')}`,
    name: `+1 555 ${String(i).padStart(4, '0')}`,
    ownerId,
  }));

const retriedStates = (history: { type: string; state?: { name: string } }[]) =>
  history.filter((e) => e.type === 'StateRetried').map((e) => e.state?.name);

describe('R10 a duplicated start never removes twice', () => {
  it('starting the same removalId twice yields one execution, one removal and one UserRemoved', async () => {
    const accountId = await givenAccount({ resources: numbers(3, 'dan') });
    const seatsBefore = (await stores().accounts.getAccount(accountId))?.seatsUsed ?? 0;
    const request = removalRequest(accountId, 'dan', { reassignTo: 'bea' });

    // Straight at the execution API: the API's own guard would refuse the second request first.
    await recordAccepted(request);
    const first = runtime.startExecutionDirectly(request);
    const second = runtime.startExecutionDirectly(request);
    await Promise.all([first.done, second.done]);
    const third = runtime.startExecutionDirectly(request); // after completion, too

    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(first.status).toBe('SUCCEEDED');
    expect(userRemovedEvents(runtime, request.removalId)).toHaveLength(1);
    expect((await stores().accounts.getAccount(accountId))?.seatsUsed).toBe(seatsBefore - 1);
    expect(await views().pendingSeatAdjustments(accountId)).toHaveLength(1);
  });

  it('a second removal of the same user while one holds it fails with REMOVAL_IN_PROGRESS and does not restore the user', async () => {
    const accountId = await givenAccount({ resources: numbers(2, 'dan') });
    const winner = removalRequest(accountId, 'dan', { reassignTo: 'bea' });
    const loser = removalRequest(accountId, 'dan', { reassignTo: 'erin', by: 'bea' });
    // Order the race: the winner's final transaction waits until the loser has run.
    const pause = pauseBefore({ command: 'TransactWriteItemsCommand', when: isRemovalTransaction });
    removeFaults.push(pause.remove);

    const winnerRun = await runtime.startRemoval(winner);
    await eventually(async () => expect((await stores().users.getUser(accountId, 'dan'))?.status).toBe('REMOVING'));
    // The loser reaches the workflow as if the API's guard had been passed in a race: Authorize must refuse it.
    const loserRun = await runtime.startExecutionDirectly(await recordAccepted(loser)).done;
    pause.release();
    const winnerDone = await winnerRun.done;

    expect(loserRun.status).toBe('FAILED');
    expect(loserRun.error).toBe('REMOVAL_IN_PROGRESS');
    expect(winnerDone.status).toBe('SUCCEEDED');
    expect(await stores().users.getUser(accountId, 'dan')).toMatchObject({
      status: 'REMOVED',
      removalId: winner.removalId,
    });
    expect(await stores().removals.getRemoval(loser.removalId)).toMatchObject({
      status: 'FAILED',
      restoredStatus: null,
    });
    expect(userRemovedEvents(runtime, winner.removalId)).toHaveLength(1);
    expect(userRemovedEvents(runtime, loser.removalId)).toHaveLength(0);
  });
});

describe('R10 transient failures are retried to the same final state', () => {
  it('retries a batch transaction that was throttled before it reached DynamoDB', async () => {
    const accountId = await givenAccount({ resources: numbers(3, 'dan') });
    const fault = injectFault({ command: 'TransactWriteItemsCommand', when: isBatchTransaction, at: 'before' });
    removeFaults.push(fault.remove);
    const request = removalRequest(accountId, 'dan', { reassignTo: 'bea' });

    const execution = await (await runtime.startRemoval(request)).done;

    expect(fault.fired()).toBe(1);
    expect(execution.status).toBe('SUCCEEDED');
    expect(retriedStates(execution.history)).toEqual(['Reassign one batch']);
    const detail = UserRemoved.parse(userRemovedEvents(runtime, request.removalId)[0]?.detail);
    expect(detail.reassignments.total).toBe(3);
    expect((await views().auditLog(accountId)).entries.filter((e) => e.action === 'RESOURCE_REASSIGNED')).toHaveLength(
      1,
    );
  });

  it('a batch committed whose acknowledgement was lost is recognised on retry, not applied twice', async () => {
    const accountId = await givenAccount({ resources: numbers(3, 'dan') });
    const fault = injectFault({ command: 'TransactWriteItemsCommand', when: isBatchTransaction, at: 'after' });
    removeFaults.push(fault.remove);
    const request = removalRequest(accountId, 'dan', { reassignTo: 'bea' });

    const execution = await (await runtime.startRemoval(request)).done;

    expect(execution.status).toBe('SUCCEEDED');
    expect(retriedStates(execution.history)).toEqual(['Reassign one batch']);
    expect(UserRemoved.parse(userRemovedEvents(runtime, request.removalId)[0]?.detail).reassignments.total).toBe(3);
  });

  it('the final removal committed whose acknowledgement was lost frees one seat and emits one UserRemoved', async () => {
    const accountId = await givenAccount({ resources: numbers(1, 'dan') });
    const seatsBefore = (await stores().accounts.getAccount(accountId))?.seatsUsed ?? 0;
    const fault = injectFault({ command: 'TransactWriteItemsCommand', when: isRemovalTransaction, at: 'after' });
    removeFaults.push(fault.remove);
    const request = removalRequest(accountId, 'dan', { reassignTo: 'bea' });

    const execution = await (await runtime.startRemoval(request)).done;

    expect(execution.status).toBe('SUCCEEDED');
    expect(retriedStates(execution.history)).toEqual(['Remove the user']);
    expect((await stores().accounts.getAccount(accountId))?.seatsUsed).toBe(seatsBefore - 1);
    const events = userRemovedEvents(runtime, request.removalId);
    expect(events).toHaveLength(1);
    expect(UserRemoved.parse(events[0]?.detail).reassignments.total).toBe(1);
  });
});

describe('R10 a crash in the middle of reassignment, then a new run', () => {
  it('completes with every resource reassigned once, one seat freed and one UserRemoved', async () => {
    // 250 numbers: three batches of ≤ 100 transaction items.
    const accountId = await givenAccount({ resources: numbers(250, 'dan') });
    const seatsBefore = (await stores().accounts.getAccount(accountId))?.seatsUsed ?? 0;
    const request = removalRequest(accountId, 'dan', { reassignTo: 'bea' });
    const crash = crashAfterFirstCommit({
      command: 'TransactWriteItemsCommand',
      when: isBatchTransaction,
      onCrash: () => runtime.stepFunctions.describeExecution(request.removalId)?.abort(),
    });
    removeFaults.push(crash.remove);

    const first = await (await runtime.startRemoval(request)).done;
    crash.remove();
    expect(crash.crashed()).toBe(true);
    expect(first.status).toBe('ABORTED');
    const stranded = await stores().plans.listOwnership(accountId, 'dan');
    expect(stranded.owned.length).toBeGreaterThan(0);
    expect(stranded.owned.length).toBeLessThan(250);
    expect((await stores().users.getUser(accountId, 'dan'))?.status).toBe('REMOVING');

    const second = await runtime.stepFunctions.redriveExecution(request.removalId).done;

    expect(second.status).toBe('SUCCEEDED');
    expect(await stores().plans.listOwnership(accountId, 'dan')).toEqual({ owned: [], memberships: [] });
    expect((await stores().plans.listOwnership(accountId, 'bea')).owned).toHaveLength(250);
    expect((await stores().accounts.getAccount(accountId))?.seatsUsed).toBe(seatsBefore - 1);
    const events = userRemovedEvents(runtime, request.removalId);
    expect(events).toHaveLength(1);
    const detail = UserRemoved.parse(events[0]?.detail);
    expect(detail.reassignments.total).toBe(250);
    expect(new Set(detail.reassignments.items.map((i) => i.resourceId)).size).toBe(250);
    const audit = (await views().auditLog(accountId, 100)).entries;
    const reassignedIds = audit
      .filter((e) => e.action === 'RESOURCE_REASSIGNED')
      .flatMap((e) => (e.details.reassignments as { resourceId: string }[]).map((r) => r.resourceId));
    expect(reassignedIds).toHaveLength(250);
    expect(new Set(reassignedIds).size).toBe(250);
    expect(audit.filter((e) => e.action === 'USER_REMOVED')).toHaveLength(1);
  });
});

describe('R4 R5 the world changing during reassignment', () => {
  it('a target deactivated mid-reassignment fails the batch on its check (R4): nothing reassigned, the user left INACTIVE (R13)', async () => {
    const accountId = await givenAccount({ resources: numbers(3, 'dan') });
    const deactivateTarget = onceBefore({ command: 'TransactWriteItemsCommand', when: isBatchTransaction }, () =>
      dynamoDocumentClient().send(
        new UpdateCommand({
          TableName: testTableName(),
          Key: { pk: `ACCOUNT#${accountId}`, sk: 'USER#bea' },
          UpdateExpression: 'SET #status = :inactive',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':inactive': 'INACTIVE' },
        }),
      ),
    );
    removeFaults.push(deactivateTarget.remove);
    const request = removalRequest(accountId, 'dan', { reassignTo: 'bea' });

    const execution = await (await runtime.startRemoval(request)).done;

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('INVALID_REASSIGNMENT_TARGET');
    // The batch's own check names the target: no replanning round is spent on it.
    expect(execution.history.some((e) => e.type === 'StateEntered' && e.state?.name === 'Count another round')).toBe(
      false,
    );
    expect((await stores().plans.listOwnership(accountId, 'dan')).owned).toHaveLength(3);
    expect((await stores().users.getUser(accountId, 'dan'))?.status).toBe('INACTIVE');
  });

  it('a resource given to the user meanwhile is caught by the final write (OwnershipChanged) and reassigned in another round', async () => {
    const accountId = await givenAccount({ resources: numbers(2, 'dan') });
    // Given the way every writer must (the resource and dan's counter together), before dan is taken.
    const giveAnotherNumber = onceBefore({ command: 'TransactWriteItemsCommand', when: isBatchTransaction }, () =>
      dynamoDocumentClient().send(
        new TransactWriteCommand({
          TransactItems: newResourceTransaction(testTableName(), {
            accountId,
            type: 'PHONE_NUMBER',
            id: 'num-late',
            name: '+1 555 9999',
            ownerId: 'dan',
          }),
        }),
      ),
    );
    removeFaults.push(giveAnotherNumber.remove);
    const request = removalRequest(accountId, 'dan', { reassignTo: 'bea' });

    const execution = await (await runtime.startRemoval(request)).done;

    expect(execution.status).toBe('SUCCEEDED');
    expect((await stores().plans.listOwnership(accountId, 'bea')).owned.map((r) => r.id).sort()).toEqual([
      'num-0000',
      'num-0001',
      'num-late',
    ]);
    expect(UserRemoved.parse(userRemovedEvents(runtime, request.removalId)[0]?.detail).reassignments.total).toBe(3);
  });
});
