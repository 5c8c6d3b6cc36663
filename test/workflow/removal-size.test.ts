// R13 One removal is one Step Functions execution, which AWS ends uncatchably at 25,000 history
// events: a user holding more than one run can hand over is refused before anything changes, by
// the API and by the workflow's first step (HR terminations are accepted unread); and the local
// runtime counts history events as AWS does and fails an execution past the limit, as AWS would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalRuntime } from '#local/runtime.ts';
import { dynamoDocumentClient } from '#adapters/clients.ts';
import { accountPk, userSk } from '#adapters/dynamodb/keys.ts';
import { MAX_REMOVAL_HOLDINGS } from '#core/rules/removal-size.ts';
import { givenAccount, removalRequest, stores, accountSnapshot, allResources } from '../support/accounts.ts';
import { startTestRuntime } from '../support/workflow.ts';
import { apiClient } from '../support/api.ts';
import { testTableName } from '../support/env.ts';

/** A cut-down history limit: a removal that hands over 250 numbers (3 batches) writes 54 events; one that fails at once, 20. */
const LOW_HISTORY_LIMIT = 40;

let runtime: LocalRuntime;
let call: ReturnType<typeof apiClient>;
beforeAll(async () => {
  runtime = await startTestRuntime({ apiPort: 0, maxHistoryEvents: LOW_HISTORY_LIMIT });
  call = apiClient(runtime);
});
afterAll(() => runtime?.stop());

/** The user's counters as if it owned `owned` resources (what the checks read; seeding 7,001 would take a while). */
const holding = (accountId: string, userId: string, owned: number) =>
  dynamoDocumentClient().send(
    new UpdateCommand({
      TableName: testTableName(),
      Key: { pk: accountPk(accountId), sk: userSk(userId) },
      UpdateExpression: 'SET ownedCount = :owned',
      ExpressionAttributeValues: { ':owned': owned },
    }),
  );

describe('R13 a removal larger than one execution can carry is refused before anything changes', () => {
  it('the API answers 409 REMOVAL_TOO_LARGE and changes nothing; the preview shows it as a blocker', async () => {
    const accountId = await givenAccount();
    await holding(accountId, 'dan', MAX_REMOVAL_HOLDINGS + 1);
    const before = await accountSnapshot(accountId);

    const refused = await call('POST', `/v1/accounts/${accountId}/users/dan/removal`, {
      as: 'amir',
      body: { confirm: true, reassignTo: 'erin' },
    });
    const preview = await call('GET', `/v1/accounts/${accountId}/users/dan/removal-preview`, { as: 'amir' });

    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'REMOVAL_TOO_LARGE', holdings: 7001, limit: MAX_REMOVAL_HOLDINGS });
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(await accountSnapshot(accountId)).toEqual(before);
    expect(preview.body.canRemove).toBe(false);
    expect(preview.body.blockers.map((b: { code: string }) => b.code)).toContain('REMOVAL_TOO_LARGE');
  });

  it('at the limit the request is accepted', async () => {
    const accountId = await givenAccount();
    await holding(accountId, 'farah', MAX_REMOVAL_HOLDINGS);

    const preview = await call('GET', `/v1/accounts/${accountId}/users/farah/removal-preview`, { as: 'amir' });

    expect(preview.body.blockers.map((b: { code: string }) => b.code)).not.toContain('REMOVAL_TOO_LARGE');
  });

  it('an HR termination of such a user fails in Authorize, before anything is handed over: access closed (INACTIVE), the number still theirs', async () => {
    const accountId = await givenAccount({
      resources: [{ type: 'PHONE_NUMBER', id: 'n1', name: 'Main', ownerId: 'dan' }],
    });
    await holding(accountId, 'dan', MAX_REMOVAL_HOLDINGS + 1);
    const request = removalRequest(accountId, 'dan', {
      by: { type: 'HR_SYSTEM', id: 'hr.system' },
      reassignTo: 'erin',
    });

    const execution = await (await runtime.startRemoval(request)).done;

    expect(execution).toMatchObject({ status: 'FAILED', error: 'REMOVAL_TOO_LARGE' });
    expect(await stores().removals.getRemoval(request.removalId)).toMatchObject({
      status: 'FAILED',
      failure: { code: 'REMOVAL_TOO_LARGE' },
    });
    // A failed removal fails closed: the terminated user signs in no more, and an admin can see why.
    expect(await stores().users.getUser(accountId, 'dan')).toMatchObject({ status: 'INACTIVE' });
    expect((await allResources(accountId)).find((r) => r.id === 'n1')?.ownerId).toBe('dan');
  });
});

describe("R13 the local runtime ends an execution at Step Functions' history limit, as AWS does (no Catch)", () => {
  it('a removal handing over 250 numbers passes a 40-event limit: FAILED States.Runtime, the user left as AWS would leave it', async () => {
    const resources = Array.from({ length: 250 }, (_, i) => ({
      type: 'PHONE_NUMBER' as const,
      id: `n${i}`,
      name: `Line ${i}`,
      ownerId: 'dan',
    }));
    const accountId = await givenAccount({ resources });
    const request = removalRequest(accountId, 'dan', { reassignTo: 'erin' });

    const execution = await (await runtime.startRemoval(request)).done;

    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(execution.awsHistoryEvents).toBeGreaterThan(LOW_HISTORY_LIMIT);
    // Nothing caught it: the removal never reached its failure step.
    expect((await stores().removals.getRemoval(request.removalId))?.status).not.toBe('FAILED');
  });
});
