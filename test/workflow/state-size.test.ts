// Step Functions limits every state's input and output to 256 KiB and fails the execution with
// States.DataLimitExceeded, which no Catch handles (the user would stay REMOVING). The local runtime
// enforces the limit as AWS does; the largest removal the API accepts stays far below it, because
// what is large (per-resource reassignments, big plans, a decision) stays in the table.
import { describe, expect, it } from 'vitest';
import { parseFixture, type FixtureAccount } from '#core/fixture.ts';
import { dynamoDocumentClient } from '#adapters/clients.ts';
import { seedAccount } from '#adapters/dynamodb/seed-writer.ts';
import { MAX_STATE_BYTES } from '#local/step-functions.ts';
import { givenAccount, removalRequest, stores, uniqueId, allResources } from '../support/accounts.ts';
import { useApiRuntime } from '../support/api.ts';
import { eventually } from '../support/eventually.ts';
import { testTableName } from '../support/env.ts';
import { userRemovedEvents } from '../support/workflow.ts';

const api = useApiRuntime();

/** An id of exactly `length` characters (the API accepts ids of up to 100). */
const longId = (prefix: string, length = 100) => `${uniqueId(prefix)}-`.padEnd(length, 'x');
const largestStateOf = (removalId: string) =>
  Math.max(
    ...(api.runtime.stepFunctions.describeExecution(removalId)?.history ?? []).map((e) =>
      Buffer.byteLength(JSON.stringify(e.state?.input ?? e.state?.output ?? null)),
    ),
  );

describe('R4 R10 the 256 KiB state limit (States.DataLimitExceeded cannot be caught)', () => {
  it('the largest removal the API accepts completes: 1,000 per-resource reassignments, 100-character ids, longest names and reason', async () => {
    const accountId = longId('acct');
    const user = (userId: string, role: 'OWNER' | 'ADMIN' | 'MEMBER') => ({
      userId,
      email: `${userId.slice(0, 40)}@example.test`,
      displayName: 'N'.repeat(200),
      role,
      status: 'ACTIVE' as const,
    });
    const [owner, admin, leaver] = [longId('owner'), longId('admin'), longId('leaver')];
    const targets = Array.from({ length: 10 }, () => longId('target'));
    const numbers = Array.from({ length: 1000 }, (_, i) => ({
      type: 'PHONE_NUMBER' as const,
      id: longId(`n${i}`),
      name: `+1 555 ${i} `.padEnd(200, 'n'),
      ownerId: leaver,
    }));
    const fixture = parseFixture({
      accounts: [
        {
          accountId,
          name: 'Largest removal',
          plan: 'ENTERPRISE',
          billingCycleDay: 31,
          users: [
            user(owner, 'OWNER'),
            user(admin, 'ADMIN'),
            user(leaver, 'MEMBER'),
            ...targets.map((t) => user(t, 'MEMBER')),
          ],
          resources: numbers,
        },
      ],
    });
    await seedAccount(dynamoDocumentClient(), testTableName(), fixture.accounts[0] as FixtureAccount, {
      sharedUserIds: 'allowed',
    });
    const reassignments = numbers.map((n, i) => ({
      resourceType: n.type,
      resourceId: n.id,
      toUserId: targets[i % targets.length]!,
    }));

    const accepted = await api.call('POST', `/v1/accounts/${accountId}/users/${leaver}/removal`, {
      as: admin,
      body: { confirm: true, reassignments, reason: 'R'.repeat(500) },
    });
    expect(accepted.status).toBe(202);
    const removalId = accepted.body.removalId as string;
    const execution = await eventually(async () => {
      const current = api.runtime.stepFunctions.describeExecution(removalId);
      expect(current?.status).not.toBe('RUNNING');
      return current!;
    }, 60_000);

    expect(`${execution.status} ${execution.error ?? ''}`).toBe('SUCCEEDED ');
    expect(await stores().removals.getRemoval(removalId)).toMatchObject({ status: 'COMPLETED' });
    const owners = new Map((await allResources(accountId)).map((r) => [r.id, r.ownerId]));
    for (const [i, n] of numbers.entries()) expect(owners.get(n.id)).toBe(targets[i % targets.length]);
    const [event] = userRemovedEvents(api.runtime, removalId);
    expect(event?.detail).toMatchObject({ reassignments: { total: 1000 } });
    expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThan(256 * 1024);
    // Every state stayed within the limit, with room to spare.
    expect(largestStateOf(removalId)).toBeLessThan(MAX_STATE_BYTES / 2);
  });

  it('the local runtime fails a state over 256 KiB as AWS does: FAILED with States.DataLimitExceeded, no Catch, no compensation', async () => {
    const numbers = Array.from({ length: 900 }, (_, i) => ({
      type: 'PHONE_NUMBER' as const,
      id: `n-${i}`,
      name: `+1 555 ${i}`,
      ownerId: 'dan',
    }));
    const accountId = await givenAccount({ plan: 'ENTERPRISE', resources: numbers });
    // An input just under the limit (a 240 KB field the API would never let through): with the
    // plan that follows, the state passes 256 KiB after "Scan and plan the reassignment".
    const request = removalRequest(accountId, 'dan', { reassignTo: 'bea', correlationId: 'c'.repeat(240 * 1024) });

    const execution = await (await api.runtime.startRemoval(request)).done;

    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    // Uncatchable: the compensation never ran, so the user is still held (hence the fix).
    expect((await stores().removals.getRemoval(request.removalId))?.status).not.toBe('FAILED');
  });
});
