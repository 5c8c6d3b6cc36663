// The whole ASL file run locally (aws-local-stepfunctions, DynamoDB Local, local EventBridge):
// removals that complete, and what they leave behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalRuntime } from '#local/runtime.ts';
import { dynamoDocumentClient } from '#adapters/clients.ts';
import { UserRemoved } from '#core/events/user-removed.ts';
import { givenAccount, views, removalRequest, stores, allResources } from '../support/accounts.ts';
import { startTestRuntime, userRemovedEvents } from '../support/workflow.ts';
import { testTableName } from '../support/env.ts';

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime?.stop());

const ownerOf = async (accountId: string, type: string, id: string) =>
  (await allResources(accountId)).find((r) => r.type === type && r.id === id);

describe('R7 R8 a user who owns nothing is removed', () => {
  it('leaves a REMOVED tombstone with the display name, frees the email and the seat, audits and emits one UserRemoved', async () => {
    // Prepare
    const accountId = await givenAccount({ plan: 'SWIFT', billingCycleDay: 1 });
    const seatsBefore = (await stores().accounts.getAccount(accountId))?.seatsUsed ?? 0;
    const request = removalRequest(accountId, 'farah', { reason: 'Left the company' });

    // Act
    const execution = await (await runtime.startRemoval(request)).done;

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    const user = await stores().users.getUser(accountId, 'farah');
    expect(user).toMatchObject({ status: 'REMOVED', displayName: 'Farah Member', removalId: request.removalId });
    const emailClaim = await dynamoDocumentClient().send(
      new QueryCommand({
        TableName: testTableName(),
        KeyConditionExpression: 'pk = :pk AND sk = :sk',
        ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':sk': `EMAIL#farah@${accountId}.test` },
      }),
    );
    expect(emailClaim.Items).toEqual([]);
    expect((await stores().accounts.getAccount(accountId))?.seatsUsed).toBe(seatsBefore - 1);
    expect(await views().pendingSeatAdjustments(accountId)).toEqual([
      { accountId, removalId: request.removalId, seats: -1, effectiveOn: expect.stringMatching(/^\d{4}-\d{2}-01$/) },
    ]);
    const removal = await stores().removals.getRemoval(request.removalId);
    expect(removal).toMatchObject({ status: 'COMPLETED', userId: 'farah', requestedBy: { type: 'USER', id: 'amir' } });
    const actions = (await views().auditLog(accountId)).entries.map((e) => e.action);
    expect(actions).toEqual(['USER_REMOVED', 'REMOVAL_REQUESTED']);

    const events = userRemovedEvents(runtime, request.removalId);
    expect(events).toHaveLength(1);
    const detail = UserRemoved.parse(events[0]?.detail);
    expect(detail).toMatchObject({
      version: 1,
      accountId,
      userId: 'farah',
      displayName: 'Farah Member',
      removedBy: { type: 'USER', id: 'amir' },
      reason: 'Left the company',
      reassignments: { total: 0, byType: { PHONE_NUMBER: 0, CALL_FLOW: 0, TEAM: 0, ROUTING_RULE: 0 }, items: [] },
      seat: { released: true, billingEffectiveOn: removal?.seat?.billingEffectiveOn },
    });
    // As the optimized putEvents integration does, the execution and state machine ARNs follow the entry's own.
    expect(events[0]).toMatchObject({
      source: 'offboard.users',
      'detail-type': 'UserRemoved',
      resources: ['farah', execution.executionArn, runtime.stepFunctions.stateMachineArn],
    });
  });

  it('R8 on ENTERPRISE releases no billable seat and records no adjustment', async () => {
    const accountId = await givenAccount({ plan: 'ENTERPRISE' });
    const request = removalRequest(accountId, 'farah');

    const execution = await (await runtime.startRemoval(request)).done;

    expect(execution.status).toBe('SUCCEEDED');
    expect(await views().pendingSeatAdjustments(accountId)).toEqual([]);
    expect(UserRemoved.parse(userRemovedEvents(runtime, request.removalId)[0]?.detail).seat).toEqual({
      released: false,
      billingEffectiveOn: null,
    });
  });
});

describe('R4 every owned resource type is reassigned', () => {
  it('hands numbers, call flows, teams and routing rules to the default and per-resource targets', async () => {
    const accountId = await givenAccount({
      resources: [
        { type: 'PHONE_NUMBER', id: 'num-1', name: '+1 555 0001', ownerId: 'dan' },
        { type: 'CALL_FLOW', id: 'flow-1', name: 'Support IVR', ownerId: 'dan' },
        { type: 'TEAM', id: 'team-1', name: 'Support', ownerId: 'dan', members: ['erin'] },
        { type: 'ROUTING_RULE', id: 'rule-1', name: 'Overflow', ownerId: 'dan', members: ['farah'] },
        { type: 'PHONE_NUMBER', id: 'num-amir', name: '+1 555 0002', ownerId: 'amir' },
      ],
    });
    const request = removalRequest(accountId, 'dan', {
      reassignTo: 'bea',
      reassignments: [{ resourceType: 'TEAM', resourceId: 'team-1', toUserId: 'erin' }],
    });

    const execution = await (await runtime.startRemoval(request)).done;

    expect(execution.status).toBe('SUCCEEDED');
    expect((await ownerOf(accountId, 'PHONE_NUMBER', 'num-1'))?.ownerId).toBe('bea');
    expect((await ownerOf(accountId, 'CALL_FLOW', 'flow-1'))?.ownerId).toBe('bea');
    expect((await ownerOf(accountId, 'TEAM', 'team-1'))?.ownerId).toBe('erin');
    expect((await ownerOf(accountId, 'ROUTING_RULE', 'rule-1'))?.ownerId).toBe('bea');
    expect((await ownerOf(accountId, 'PHONE_NUMBER', 'num-amir'))?.ownerId).toBe('amir');
    expect(await stores().plans.listOwnership(accountId, 'dan')).toEqual({ owned: [], memberships: [] });
    expect((await stores().plans.listOwnership(accountId, 'bea')).owned.map((r) => r.id).sort()).toEqual([
      'flow-1',
      'num-1',
      'rule-1',
    ]);

    const detail = UserRemoved.parse(userRemovedEvents(runtime, request.removalId)[0]?.detail);
    expect(detail.reassignments.total).toBe(4);
    expect(detail.reassignments.byType).toEqual({ PHONE_NUMBER: 1, CALL_FLOW: 1, TEAM: 1, ROUTING_RULE: 1 });
    expect(detail.reassignments.items).toContainEqual({
      resourceType: 'TEAM',
      resourceId: 'team-1',
      fromUserId: 'dan',
      toUserId: 'erin',
    });
    const audit = (await views().auditLog(accountId)).entries;
    expect(audit.map((e) => e.action)).toEqual(['USER_REMOVED', 'RESOURCE_REASSIGNED', 'REMOVAL_REQUESTED']);
    expect((audit[1]?.details.reassignments as unknown[]).length).toBe(4);
  });
});

describe('R5 rotations keep an active member', () => {
  it('replaces the user by the target where it was the last active member, and just leaves elsewhere', async () => {
    const accountId = await givenAccount({
      resources: [
        // gus is INACTIVE: dan is the last *active* member of the weekend rule.
        { type: 'ROUTING_RULE', id: 'rule-weekend', name: 'Weekend', ownerId: 'amir', members: ['dan', 'gus'] },
        { type: 'TEAM', id: 'team-solo', name: 'Solo team', ownerId: 'amir', members: ['dan'] },
        { type: 'TEAM', id: 'team-sales', name: 'Sales', ownerId: 'amir', members: ['dan', 'farah'] },
      ],
    });
    const request = removalRequest(accountId, 'dan', {
      reassignTo: 'bea',
      reassignments: [{ resourceType: 'TEAM', resourceId: 'team-solo', toUserId: 'erin' }],
    });

    const execution = await (await runtime.startRemoval(request)).done;

    expect(execution.status).toBe('SUCCEEDED');
    const resources = await allResources(accountId);
    const members = (id: string) => resources.find((r) => r.id === id)?.members.sort();
    expect(members('rule-weekend')).toEqual(['bea', 'gus']);
    expect(members('team-solo')).toEqual(['erin']);
    expect(members('team-sales')).toEqual(['farah']);
    const detail = UserRemoved.parse(userRemovedEvents(runtime, request.removalId)[0]?.detail);
    expect(detail.memberships.left).toHaveLength(3);
    expect(detail.memberships.replacedBy.sort((a, b) => a.resourceId.localeCompare(b.resourceId))).toEqual([
      { resourceType: 'ROUTING_RULE', resourceId: 'rule-weekend', toUserId: 'bea' },
      { resourceType: 'TEAM', resourceId: 'team-solo', toUserId: 'erin' },
    ]);
    expect(detail.reassignments.total).toBe(0);
  });
});

describe('R7 history is never modified', () => {
  it('keeps call logs byte-identical and attributed to the removed user', async () => {
    const accountId = await givenAccount({
      resources: [{ type: 'PHONE_NUMBER', id: 'num-1', name: '+1 555 0001', ownerId: 'dan' }],
      callLogs: [
        { callId: 'c-1', userId: 'dan', at: '2026-11-01T10:00:00Z', durationSeconds: 42 },
        { callId: 'c-2', userId: 'erin', at: '2026-11-01T11:00:00Z', durationSeconds: 7 },
        { callId: 'c-3', userId: 'dan', at: '2026-11-02T09:30:00Z', durationSeconds: 300 },
      ],
    });
    const rawCalls = async () =>
      JSON.stringify(
        (
          await dynamoDocumentClient().send(
            new QueryCommand({
              TableName: testTableName(),
              KeyConditionExpression: 'pk = :pk AND begins_with(sk, :calls)',
              ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':calls': 'CALL#' },
              ConsistentRead: true,
            }),
          )
        ).Items,
      );
    const before = await rawCalls();

    const execution = await (await runtime.startRemoval(removalRequest(accountId, 'dan', { reassignTo: 'erin' }))).done;

    expect(execution.status).toBe('SUCCEEDED');
    expect(await rawCalls()).toBe(before);
    const danCalls = (await views().callLogs(accountId, { userId: 'dan' }, 50)).calls;
    expect(danCalls.map((c) => c.userDisplayName)).toEqual(['Dan Member', 'Dan Member']);
  });
});

describe('R4 a large plan', () => {
  it('is stored in the table rather than carried in the state, and applied in full', async () => {
    const numbers = Array.from({ length: 2400 }, (_, i) => ({
      type: 'PHONE_NUMBER' as const,
      id: `num-${i}`,
      name: `+1 555 ${i}`,
      ownerId: 'dan',
    }));
    const accountId = await givenAccount({ resources: numbers });
    const request = removalRequest(accountId, 'dan', { reassignTo: 'bea' });

    const execution = await (await runtime.startRemoval(request)).done;

    expect(execution.status).toBe('SUCCEEDED');
    const planned = execution.history.find(
      (e) => e.type === 'StateExited' && e.state?.name === 'Scan and plan the reassignment',
    );
    const batches = (planned?.state?.output as { plan: { batches: { batch: unknown }[] } }).plan.batches;
    expect(batches.length).toBe(25);
    expect(batches.every((b) => b.batch === null)).toBe(true);
    expect(UserRemoved.parse(userRemovedEvents(runtime, request.removalId)[0]?.detail).reassignments.total).toBe(2400);
    expect((await stores().plans.listOwnership(accountId, 'bea')).owned).toHaveLength(2400);
  });
});
