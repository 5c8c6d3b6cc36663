// R1–R4 refusals inside the workflow: the run fails cleanly with the problem code, nothing the
// refusal concerns changes, the user is back to its previous status, RemovalFailed is published.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '#local/runtime.ts';
import { RemovalFailed } from '#core/events/removal-failed.ts';
import type { RemovalRequest } from '#core/model/index.ts';
import {
  accountSnapshot,
  givenAccount,
  views,
  removalRequest,
  recordAccepted,
  stores,
  type AccountSpec,
  allResources,
} from '../support/accounts.ts';
import { startTestRuntime, userRemovedEvents } from '../support/workflow.ts';

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime?.stop());

const RESOURCES: AccountSpec['resources'] = [
  { type: 'PHONE_NUMBER', id: 'num-1', name: '+1 555 0001', ownerId: 'dan' },
  { type: 'TEAM', id: 'team-1', name: 'Support', ownerId: 'amir', members: ['dan'] },
];

/** Runs a removal expected to be refused and checks everything a refusal must leave untouched. */
/** `statusAfter`: the user's status after the refusal — as before, unless the removal had taken it (R13: INACTIVE). */
async function expectRefused(accountId: string, request: RemovalRequest, code: string, statusAfter?: 'INACTIVE') {
  const userBefore = await stores().users.getUser(accountId, request.userId);
  const accountBefore = await stores().accounts.getAccount(accountId);
  const resourcesBefore = await allResources(accountId);

  // Straight at the workflow: these are its own defences, for what the API refuses first or what
  // changed after it accepted (a role lost, a target gone) — the API's checks are in test/api.
  const execution = await runtime.startExecutionDirectly(await recordAccepted(request)).done;

  expect(execution.status).toBe('FAILED');
  expect(execution.error).toBe(code);
  const userAfter = await stores().users.getUser(accountId, request.userId);
  expect(userAfter?.status).toBe(statusAfter ?? userBefore?.status);
  expect(userAfter?.removalId).toBeUndefined();
  expect(await stores().accounts.getAccount(accountId)).toEqual(accountBefore);
  expect(await allResources(accountId)).toEqual(resourcesBefore);
  expect(userRemovedEvents(runtime, request.removalId)).toEqual([]);

  const removal = await stores().removals.getRemoval(request.removalId);
  expect(removal).toMatchObject({ status: 'FAILED', failure: { code } });
  expect(removal?.failure?.message).toBeTruthy();
  const failed = runtime.bus
    .events({ detailType: 'RemovalFailed' })
    .filter((e) => e.detail.removalId === request.removalId);
  expect(failed).toHaveLength(1);
  expect(RemovalFailed.parse(failed[0]?.detail).failure.code).toBe(code);
  const audit = (await views().auditLog(accountId)).entries;
  expect(audit.map((e) => e.action)).toContain('REMOVAL_FAILED');
  expect(audit.map((e) => e.action)).not.toContain('USER_REMOVED');
  return removal;
}

describe('R1 only an ACTIVE admin or owner of the same account may remove', () => {
  it('refuses a member', async () => {
    const accountId = await givenAccount({ resources: RESOURCES });
    await expectRefused(accountId, removalRequest(accountId, 'dan', { by: 'erin', reassignTo: 'bea' }), 'NOT_ALLOWED');
  });

  it('refuses an admin who has been deactivated, whatever their token said', async () => {
    const accountId = await givenAccount({ resources: RESOURCES, statuses: { amir: 'INACTIVE' } });
    await expectRefused(accountId, removalRequest(accountId, 'dan', { by: 'amir', reassignTo: 'bea' }), 'NOT_ALLOWED');
  });

  it('refuses an admin of another account', async () => {
    const accountId = await givenAccount({ resources: RESOURCES });
    const otherAccount = await givenAccount();
    const request = {
      ...removalRequest(accountId, 'dan', { reassignTo: 'bea' }),
      requestedBy: { type: 'USER' as const, id: `amir-of-${otherAccount}` },
    };
    await expectRefused(accountId, request, 'NOT_ALLOWED');
  });
});

describe('R2 the owner must transfer ownership first', () => {
  it('refuses removing the account owner', async () => {
    const accountId = await givenAccount();
    await expectRefused(accountId, removalRequest(accountId, 'olivia', { by: 'amir' }), 'OWNER_MUST_TRANSFER');
  });
});

describe('R3 nobody removes themselves', () => {
  it('refuses an admin removing themselves', async () => {
    const accountId = await givenAccount();
    await expectRefused(accountId, removalRequest(accountId, 'amir', { by: 'amir' }), 'CANNOT_REMOVE_SELF');
  });
});

describe('R4 owned resources need a valid target', () => {
  it('refuses without a target, lists the blocking resources, and R13 leaves the user it had taken INACTIVE', async () => {
    const accountId = await givenAccount({ resources: RESOURCES });
    const removal = await expectRefused(
      accountId,
      removalRequest(accountId, 'dan'),
      'RESOURCES_NEED_REASSIGNMENT',
      'INACTIVE',
    );
    expect(removal?.failure?.message).toContain('PHONE_NUMBER +1 555 0001');
    expect(removal?.failure?.message).toContain('TEAM Support'); // dan is its last active member (R5)
    expect(removal?.restoredStatus).toBe('INACTIVE');
  });

  it('leaves an INACTIVE user INACTIVE', async () => {
    const accountId = await givenAccount({ resources: RESOURCES, statuses: { dan: 'INACTIVE' } });
    const removal = await expectRefused(
      accountId,
      removalRequest(accountId, 'dan'),
      'RESOURCES_NEED_REASSIGNMENT',
      'INACTIVE',
    );
    expect(removal?.restoredStatus).toBe('INACTIVE');
  });

  it.each([
    ['an INACTIVE user', 'gus'],
    ['the user being removed', 'dan'],
    ['an unknown user', 'nobody'],
  ])('refuses %s as target', async (_, target) => {
    const accountId = await givenAccount({ resources: RESOURCES });
    const removal = await expectRefused(
      accountId,
      removalRequest(accountId, 'dan', { reassignTo: target }),
      'INVALID_REASSIGNMENT_TARGET',
    );
    expect(removal?.failure?.message).toContain(target);
  });
});

describe('R14 the workflow acts only on removals an accepted request recorded', () => {
  /** Starts the execution with this input, as anyone allowed StartExecution could; expects it to act on nothing. */
  async function expectNothingDone(accountId: string, input: RemovalRequest) {
    const before = await accountSnapshot(accountId);
    const execution = await runtime.startExecutionDirectly(input).done;
    expect(`${execution.status} ${execution.error ?? ''}`).toBe('FAILED REMOVAL_NOT_ACCEPTED');
    expect(execution.history.some((e) => e.state?.name === 'Undo and record the failure')).toBe(false);
    expect(await accountSnapshot(accountId)).toBe(before);
    const announced = runtime.bus.events().filter((e) => e.detail.removalId === input.removalId);
    expect(announced).toEqual([]);
  }

  it('a start naming an account, a user and an HR requester, with no record behind it, removes nobody', async () => {
    const accountId = await givenAccount({ resources: RESOURCES });
    await expectNothingDone(
      accountId,
      removalRequest(accountId, 'bea', { by: { type: 'HR_SYSTEM', id: 'hr.system' }, policy: {} }),
    );
    expect(await stores().users.getUser(accountId, 'bea')).toMatchObject({ status: 'ACTIVE' });
  });

  it('a start that says otherwise than the record (another target or requester) acts on nothing', async () => {
    const accountId = await givenAccount({ resources: RESOURCES });
    const toBea = await recordAccepted(removalRequest(accountId, 'dan', { reassignTo: 'bea' }));
    await expectNothingDone(accountId, { ...toBea, reassignTo: 'erin' });
    const byAmir = await recordAccepted(removalRequest(accountId, 'erin', { reassignTo: 'bea' }));
    await expectNothingDone(accountId, { ...byAmir, requestedBy: { type: 'USER', id: 'olivia' } });
  });
});
