// The removal steps as domain functions against DynamoDB Local: each one safe to run twice.
import { describe, expect, it } from 'vitest';
import { dynamoDocumentClient } from '#adapters/clients.ts';
import type { RemovalRequest } from '#core/model/index.ts';
import { newIntegrationToken } from '#core/tokens/integration-token.ts';
import { checkCallerAccess } from '#core/access/caller-access.ts';
import { authenticate } from '#functions/api/auth/authenticate.ts';
import { authorizeRemoval } from '#core/removal/authorize-removal.ts';
import { planRemovalReassignment } from '#core/removal/plan-reassignment.ts';
import { reassignBatch } from '#core/removal/reassign-batch.ts';
import { completeRemoval } from '#core/removal/complete-removal.ts';
import { recordRemovalFailure } from '#core/removal/record-failure.ts';
import { givenAccount, recordAccepted, views, removalRequest, stores, allResources } from '../support/accounts.ts';
import { testTableName } from '../support/env.ts';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { acceptedAsOf } from '#core/removal/request-removal.ts';

const deps = () => stores();
const resources = [
  { type: 'PHONE_NUMBER' as const, id: 'num-1', name: '+1 555 0001', ownerId: 'dan' },
  { type: 'TEAM' as const, id: 'team-1', name: 'Support', ownerId: 'amir', members: ['dan', 'erin'] },
];

/** Authorize's answer for dan (one number, one rotation) removed to bea in the seeded SWIFT account. */
const danTakenForBea = () => ({
  checkedTargets: ['bea'],
  subject: {
    displayName: 'Dan Member',
    email: expect.stringContaining('dan@'),
    plan: 'SWIFT',
    billingCycleDay: 1,
    holdings: { owned: 1, memberships: 1 },
    rotations: [{ type: 'TEAM', id: 'team-1', name: 'Support' }],
  },
});

async function runUntilRemoved(accountId: string, request = removalRequest(accountId, 'dan', { reassignTo: 'bea' })) {
  const { subject, checkedTargets } = await authorizeRemoval(deps(), await recordAccepted(request));
  const { batches } = await planRemovalReassignment(deps(), { request, checkedTargets, planId: 'p1', decision: null });
  const outcomes: Awaited<ReturnType<typeof reassignBatch>>[] = [];
  for (const { batchKey, batch } of batches)
    outcomes.push(await reassignBatch(deps(), { removalId: request.removalId, batchKey, batch }));
  const complete = (rounds = 0) =>
    completeRemoval(deps(), { request, subject, reassignment: { rounds, batches, outcomes } });
  return { request, batches, complete };
}

/** An API token of a user as they are now (not yet stored). */
async function apiTokenOf(accountId: string, userId: string) {
  const creator = (await stores().users.getUser(accountId, userId))!;
  return newIntegrationToken({ kind: 'API', name: 'CRM sync', creator, now: new Date() });
}
const tokenAudit = (record: { accountId: string; tokenId: string; createdBy: string }) => ({
  id: `token.${record.tokenId}.created`,
  accountId: record.accountId,
  at: new Date().toISOString(),
  actor: { type: 'USER' as const, id: record.createdBy },
  action: 'API_TOKEN_CREATED' as const,
  details: {},
});

describe('R6 R10 authorize takes hold of the user once', () => {
  it('moves the user to REMOVING, revokes its API tokens for good, and accepts its own retry', async () => {
    const accountId = await givenAccount({ resources });
    const tokens = stores().tokens;
    const dansToken = await apiTokenOf(accountId, 'dan');
    const erinsToken = await apiTokenOf(accountId, 'erin');
    await tokens.saveToken(dansToken.record, dansToken.hash, tokenAudit(dansToken.record));
    await tokens.saveToken(erinsToken.record, erinsToken.hash, tokenAudit(erinsToken.record));
    const request = removalRequest(accountId, 'dan', { reassignTo: 'bea' });

    const first = await authorizeRemoval(deps(), await recordAccepted(request));
    const retry = await authorizeRemoval(deps(), await recordAccepted(request));

    expect(first).toEqual(danTakenForBea());
    expect(retry).toEqual(first);
    expect(await stores().users.getUser(accountId, 'dan')).toMatchObject({
      status: 'REMOVING',
      removalId: request.removalId,
      previousStatus: 'ACTIVE',
      version: 2,
    });
    expect(await stores().removals.getRemoval(request.removalId)).toMatchObject({
      status: 'RUNNING',
      step: 'AUTHORIZED',
    });
    // Refused even if the removal fails later and Dan is ACTIVE again: the generation moved on once.
    const dan = { ...(await stores().users.getUser(accountId, 'dan'))!, status: 'ACTIVE' as const };
    const erin = (await stores().users.getUser(accountId, 'erin'))!;
    const identityOf = async (secret: string) => {
      const identity = await authenticate(`Bearer ${secret}`, {
        jwt: { verify: async () => ({ sub: 'unused' }) },
        tokens,
      });
      if (identity.kind !== 'api-token') throw new Error('an API token authenticated as something else');
      return identity;
    };
    const [dansIdentity, erinsIdentity] = await Promise.all([
      identityOf(dansToken.secret),
      identityOf(erinsToken.secret),
    ]);
    expect(dan.tokenGeneration).toBe(1);
    expect(() => checkCallerAccess(dansIdentity, accountId, dan, new Date())).toThrow(
      expect.objectContaining({ code: 'ACCESS_REVOKED' }),
    );
    expect(checkCallerAccess(erinsIdentity, accountId, erin, new Date())).toMatchObject({ userId: 'erin' });
  });

  it('does not issue a token carrying a generation that a removal or deactivation has moved past', async () => {
    const accountId = await givenAccount({ resources });
    const tokens = stores().tokens;
    // Erin's token request read her at generation 0; her removal starts before the token commits.
    const raced = await apiTokenOf(accountId, 'erin');
    await authorizeRemoval(deps(), await recordAccepted(removalRequest(accountId, 'erin')));

    await expect(tokens.saveToken(raced.record, raced.hash, tokenAudit(raced.record))).rejects.toMatchObject({
      code: 'ACCESS_REVOKED',
    });
    expect(await tokens.findToken(raced.secret)).toBeUndefined();
  });

  it('R4 refuses a target that is not an ACTIVE user before taking hold of anything', async () => {
    const accountId = await givenAccount({ resources, statuses: { gus: 'INACTIVE' } });
    const before = await stores().users.getUser(accountId, 'dan');

    await expect(
      authorizeRemoval(deps(), await recordAccepted(removalRequest(accountId, 'dan', { reassignTo: 'gus' }))),
    ).rejects.toMatchObject({ code: 'INVALID_REASSIGNMENT_TARGET' });
    // Still ACTIVE at the same version, and its API tokens were not revoked (generation unchanged).
    expect(await stores().users.getUser(accountId, 'dan')).toEqual(before);
  });

  it('refuses a second removal while one holds the user', async () => {
    const accountId = await givenAccount({ resources });
    const first = removalRequest(accountId, 'dan', { reassignTo: 'bea' });
    await authorizeRemoval(deps(), await recordAccepted(first));

    await expect(
      authorizeRemoval(deps(), await recordAccepted(removalRequest(accountId, 'dan', { reassignTo: 'erin' }))),
    ).rejects.toMatchObject({
      code: 'REMOVAL_IN_PROGRESS',
      extra: { removalId: first.removalId },
    });
  });
});

describe('R1 R4 R6 a removal the API started at once is taken in one conditional write', () => {
  /** What the API read when it accepted the request (request-removal.ts builds the same). */
  async function acceptedNow(accountId: string, extra: Partial<RemovalRequest> = {}) {
    const dan = (await stores().users.getUser(accountId, 'dan'))!;
    const account = (await stores().accounts.getAccount(accountId))!;
    return recordAccepted(
      removalRequest(accountId, 'dan', { reassignTo: 'bea', acceptedAs: acceptedAsOf(dan, account), ...extra }),
    );
  }
  /** DynamoDB requests sent while `work` runs. */
  async function countingRequests<T>(work: () => Promise<T>): Promise<{ result: T; requests: string[] }> {
    const requests: string[] = [];
    const name = `count-${Math.random()}`;
    dynamoDocumentClient().middlewareStack.add(
      (next, context) => async (args) => (requests.push(String(context.commandName)), next(args)),
      { step: 'initialize', name },
    );
    try {
      return { result: await work(), requests };
    } finally {
      dynamoDocumentClient().middlewareStack.remove(name);
    }
  }
  const setItem = (accountId: string, sk: string, names: Record<string, string>, values: Record<string, unknown>) =>
    dynamoDocumentClient().send(
      new UpdateCommand({
        TableName: testTableName(),
        Key: { pk: `ACCOUNT#${accountId}`, sk },
        UpdateExpression: `SET ${Object.keys(names)
          .map((n, i) => `${n} = :v${i}`)
          .join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: Object.fromEntries(Object.values(values).map((v, i) => [`:v${i}`, v])),
      }),
    );

  it('when nothing changed since: one transaction, no read, the same authorization a read would give', async () => {
    const accountId = await givenAccount({ resources });
    const request = await acceptedNow(accountId);

    const { result, requests } = await countingRequests(() => authorizeRemoval(deps(), request));

    expect(requests).toEqual(['TransactWriteItemsCommand']);
    expect(result).toEqual(danTakenForBea());
    expect(await stores().users.getUser(accountId, 'dan')).toMatchObject({
      status: 'REMOVING',
      removalId: request.removalId,
    });
    // Its own retry (the write committed, the answer was lost) finds the user already taken.
    expect(await authorizeRemoval(deps(), await recordAccepted(request))).toEqual(result);
  });

  it('a requester who is also the target is checked once (a transaction touches an item once)', async () => {
    const accountId = await givenAccount({ resources });
    const request = await acceptedNow(accountId, { reassignTo: 'amir' });

    const { result, requests } = await countingRequests(() => authorizeRemoval(deps(), request));

    expect(requests).toEqual(['TransactWriteItemsCommand']);
    expect(result.checkedTargets).toEqual(['amir']);
  });

  it('a target deactivated since is refused as a read would refuse it (R4), and dan stays as he was', async () => {
    const accountId = await givenAccount({ resources });
    const request = await acceptedNow(accountId);
    await setItem(accountId, 'USER#bea', { '#status': 'status' }, { status: 'INACTIVE' });

    await expect(authorizeRemoval(deps(), await recordAccepted(request))).rejects.toMatchObject({
      code: 'INVALID_REASSIGNMENT_TARGET',
    });
    expect(await stores().users.getUser(accountId, 'dan')).toMatchObject({ status: 'ACTIVE' });
  });

  it('a requester who lost the admin role since changes nothing (R1)', async () => {
    const accountId = await givenAccount({ resources });
    const request = await acceptedNow(accountId, { requestedBy: { type: 'USER', id: 'bea' } });
    await setItem(accountId, 'USER#bea', { '#role': 'role' }, { role: 'MEMBER' });

    await expect(authorizeRemoval(deps(), await recordAccepted(request))).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    expect(await stores().users.getUser(accountId, 'dan')).toMatchObject({ status: 'ACTIVE' });
  });

  it('an account whose plan changed since: the removal reads and goes on with the plan as it is now', async () => {
    const accountId = await givenAccount({ resources });
    const request = await acceptedNow(accountId);
    await setItem(accountId, 'ACCOUNT', { '#plan': 'plan' }, { plan: 'ENTERPRISE' });

    const { result, requests } = await countingRequests(() => authorizeRemoval(deps(), request));

    expect(result.subject.plan).toBe('ENTERPRISE');
    expect(requests).toEqual(['TransactWriteItemsCommand', 'BatchGetItemCommand', 'TransactWriteItemsCommand']);
  });
});

describe('R10 a batch applied twice changes things once', () => {
  it('answers already-applied the second time and writes one audit entry', async () => {
    const accountId = await givenAccount({ resources });
    const { request, batches } = await runUntilRemoved(accountId);

    const again = await reassignBatch(deps(), { removalId: request.removalId, ...batches[0]! });

    expect(again.outcome).toBe('already-applied');
    expect((await allResources(accountId)).map((r) => [r.id, r.ownerId, r.members])).toEqual([
      ['num-1', 'bea', []],
      ['team-1', 'amir', ['erin']],
    ]);
    expect((await views().auditLog(accountId)).entries.filter((e) => e.action === 'RESOURCE_REASSIGNED')).toHaveLength(
      1,
    );
  });
});

describe('R7 R8 R10 completing twice removes once', () => {
  it('returns the same UserRemoved detail and frees one seat', async () => {
    const accountId = await givenAccount({ resources, billingCycleDay: 15 });
    const seatsBefore = (await stores().accounts.getAccount(accountId))!.seatsUsed;
    const { complete } = await runUntilRemoved(accountId);

    const first = await complete();
    const second = await complete();

    expect(second.detail).toEqual(first.detail);
    expect(first.detail).toMatchObject({
      displayName: 'Dan Member',
      reassignments: { total: 1 },
      memberships: { left: [{ resourceType: 'TEAM', resourceId: 'team-1' }] },
    });
    expect(first.detail.seat.billingEffectiveOn).toMatch(/-15$/);
    expect((await stores().accounts.getAccount(accountId))!.seatsUsed).toBe(seatsBefore - 1);
    expect(await views().pendingSeatAdjustments(accountId)).toHaveLength(1);
  });

  it('reports the same reassignments from the batch markers when the state does not prove them', async () => {
    const accountId = await givenAccount({ resources });
    const { complete } = await runUntilRemoved(accountId);

    // Several rounds: the last plan is not the whole story, so Remove reads the markers.
    const fromMarkers = await complete(1);
    const fromState = await complete(0);

    expect(fromMarkers.detail.reassignments).toEqual(fromState.detail.reassignments);
    expect(fromMarkers.detail.reassignments.items).toEqual([
      { resourceType: 'PHONE_NUMBER', resourceId: 'num-1', fromUserId: 'dan', toUserId: 'bea' },
    ]);
    expect(fromMarkers.detail.memberships).toEqual(fromState.detail.memberships);
  });

  it('compensation after completion undoes nothing and says the removal completed (the workflow then publishes)', async () => {
    const accountId = await givenAccount({ resources });
    const { request, complete } = await runUntilRemoved(accountId);
    await complete();

    await expect(recordRemovalFailure(deps(), { request, error: { Error: 'X', Cause: 'late' } })).resolves.toEqual({
      detail: null,
      cancelled: false,
      completed: true,
    });
    expect((await stores().users.getUser(accountId, 'dan'))?.status).toBe('REMOVED');
    expect((await stores().removals.getRemoval(request.removalId))?.status).toBe('COMPLETED');
  });
});

describe('compensation restores once', () => {
  it('gives the user its previous status back and reports the same failure on a retry', async () => {
    const accountId = await givenAccount({ resources, statuses: { dan: 'INACTIVE' } });
    const request = removalRequest(accountId, 'dan', { reassignTo: 'bea' });
    await authorizeRemoval(deps(), await recordAccepted(request));
    const error = {
      Error: 'RESOURCES_NEED_REASSIGNMENT',
      Cause: JSON.stringify({ errorMessage: 'no target', errorType: 'RESOURCES_NEED_REASSIGNMENT' }),
    };

    const first = await recordRemovalFailure(deps(), { request, error });
    const retry = await recordRemovalFailure(deps(), { request, error });

    expect(first.detail).toMatchObject({
      failure: { code: 'RESOURCES_NEED_REASSIGNMENT', message: 'no target' },
      restoredStatus: 'INACTIVE',
    });
    expect(retry.detail).toEqual(first.detail);
    expect(await stores().users.getUser(accountId, 'dan')).toMatchObject({ status: 'INACTIVE' });
    expect((await stores().users.getUser(accountId, 'dan'))?.removalId).toBeUndefined();
  });
});
