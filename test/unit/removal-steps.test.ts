// The removal workflow's steps as use cases, on the in-memory ports (the fast tier: no Java, no
// table). Each test names the rule it proves; test/workflow runs the same steps from the ASL file
// against DynamoDB Local.
import { describe, expect, it } from 'vitest';
import { authorizeRemoval } from '#core/removal/authorize-removal.ts';
import { planRemovalReassignment } from '#core/removal/plan-reassignment.ts';
import { reassignBatch } from '#core/removal/reassign-batch.ts';
import { completeRemoval } from '#core/removal/complete-removal.ts';
import { recordRemovalFailure } from '#core/removal/record-failure.ts';
import type { RemovalRequest } from '#core/model/index.ts';
import type { RemovalDeps } from '#core/removal/deps.ts';
import { fixedClock, givenInMemoryAccount, NOW } from '../support/in-memory/acme.ts';
import { inMemoryStores } from '../support/in-memory/stores.ts';
import type { InMemoryDatabase } from '../support/in-memory/database.ts';

let accepting: InMemoryDatabase | undefined;

function givenAccount() {
  const store = givenInMemoryAccount();
  accepting = store;
  const deps: RemovalDeps = { ...inMemoryStores(store), clock: fixedClock };
  return { store, deps };
}

/** A removal request as an accepted request recorded it in the test's account (R14: the workflow acts on nothing else). */
const request = (extra: Partial<RemovalRequest> = {}): RemovalRequest =>
  accepting!.recordAccepted({
    removalId: 'rm-1',
    accountId: 'acme',
    userId: 'dan',
    requestedBy: { type: 'USER', id: 'amir' },
    requestedAt: NOW.toISOString(),
    reassignTo: 'bea',
    ...extra,
  });

/** Authorize, then plan, as the first two states run them. */
async function authorizeAndPlan(deps: RemovalDeps, req: RemovalRequest) {
  const { subject, checkedTargets } = await authorizeRemoval(deps, req);
  const plan = await planRemovalReassignment(deps, {
    request: req,
    planId: 'p1',
    decision: null,
    checkedTargets,
    holdings: subject.holdings,
  });
  return { subject, plan };
}

/** Authorize, plan, every batch, remove: the happy path of the ASL, step by step. */
async function removeEndToEnd(deps: RemovalDeps, req: RemovalRequest) {
  const { subject, plan } = await authorizeAndPlan(deps, req);
  const outcomes = [];
  for (const { batchKey, batch } of plan.batches)
    outcomes.push(await reassignBatch(deps, { removalId: req.removalId, batchKey, batch }));
  const completed = await completeRemoval(deps, {
    request: req,
    subject,
    reassignment: { rounds: 0, batches: plan.batches, outcomes },
  });
  return { plan, outcomes, completed };
}

describe('R1 R6 authorize', () => {
  it('takes hold of the user (REMOVING, API tokens revoked) once; a retry finds it held and changes nothing', async () => {
    const { store, deps } = givenAccount();

    const first = await authorizeRemoval(deps, request());
    const again = await authorizeRemoval(deps, request());

    expect(again).toEqual(first);
    expect(await store.getUser('acme', 'dan')).toMatchObject({
      status: 'REMOVING',
      previousStatus: 'ACTIVE',
      removalId: 'rm-1',
      tokenGeneration: 1,
    });
    expect(store.outbox.map((e) => e.detailType)).toEqual(['RemovalStarted']);
  });

  it('refuses a member as requester, and the owner as target, changing nothing', async () => {
    const { store, deps } = givenAccount();

    await expect(authorizeRemoval(deps, request({ requestedBy: { type: 'USER', id: 'erin' } }))).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    await expect(authorizeRemoval(deps, request({ removalId: 'rm-2', userId: 'olivia' }))).rejects.toMatchObject({
      code: 'OWNER_MUST_TRANSFER',
    });
    expect((await store.getUser('acme', 'dan'))?.status).toBe('ACTIVE');
    expect(store.outbox).toEqual([]);
  });
});

describe('R4 R5 plan', () => {
  it('hands every owned resource to the target, leaves a shared rotation, and fills the place where the user was the last active member', async () => {
    const { deps } = givenAccount();

    const { plan } = await authorizeAndPlan(deps, request());

    const [batch] = plan.batches.map((b) => b.batch!);
    expect(batch!.ownership.map((o) => [o.id, o.toUserId]).sort()).toEqual([
      ['flow-1', 'bea'],
      ['num-1', 'bea'],
    ]);
    expect(batch!.memberships).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'team-shared', witnessId: 'erin' }),
        expect.objectContaining({ id: 'team-solo', replacedBy: 'bea' }),
      ]),
    );
  });

  it('R4 refuses a plan without a target; R11 an HR removal no policy resolves waits for a decision instead', async () => {
    const { deps } = givenAccount();
    const admin = request({ reassignTo: undefined });
    const hr = request({
      removalId: 'rm-hr',
      reassignTo: undefined,
      requestedBy: { type: 'HR_SYSTEM', id: 'hr.system' },
      policy: {},
    });

    await expect(
      planRemovalReassignment(deps, { request: admin, planId: 'p1', decision: null, checkedTargets: [] }),
    ).rejects.toMatchObject({ code: 'RESOURCES_NEED_REASSIGNMENT' });
    // No manager, and the fallback user (gus) is INACTIVE.
    expect(
      await planRemovalReassignment(deps, { request: hr, planId: 'p1', decision: null, checkedTargets: [] }),
    ).toMatchObject({ needsDecision: true, batches: [] });
  });
});

describe('R4 R5 R7 R8 a removal to the end', () => {
  it('reassigns everything, removes the user with its counters at zero, releases the seat from the next cycle', async () => {
    const { store, deps } = givenAccount();

    const { outcomes, completed } = await removeEndToEnd(deps, request());

    expect(outcomes.map((o) => o.outcome)).toEqual(['applied']);
    expect(await store.getUser('acme', 'dan')).toMatchObject({ status: 'REMOVED', ownedCount: 0, memberCount: 0 });
    expect((await store.listOwnership('acme', 'bea')).owned.map((r) => r.id).sort()).toEqual(['flow-1', 'num-1']);
    expect([
      ...((await store.listRotationMembers('acme', [{ type: 'TEAM', id: 'team-solo', name: '' }])).get(
        'TEAM#team-solo',
      ) ?? []),
    ]).toEqual([
      ['gus', 'INACTIVE'],
      ['bea', 'ACTIVE'],
    ]);
    expect(completed.detail).toMatchObject({
      userId: 'dan',
      displayName: 'Dan',
      reassignments: { total: 2 },
      seat: { released: true, billingEffectiveOn: '2026-12-01' },
    });
    expect(store.adjustments).toEqual([{ accountId: 'acme', removalId: 'rm-1', seats: -1, effectiveOn: '2026-12-01' }]);
    expect((await store.getAccount('acme'))?.seatsUsed).toBe(5);
  });

  it('R10 a batch retried after its commit is recognised and not applied twice', async () => {
    const { store, deps } = givenAccount();
    const { plan } = await removeEndToEnd(deps, request());
    const { batchKey, batch } = plan.batches[0]!;

    expect(await reassignBatch(deps, { removalId: 'rm-1', batchKey, batch })).toMatchObject({
      outcome: 'already-applied',
    });
    expect((await store.getUser('acme', 'bea'))?.ownedCount).toBe(2);
  });

  it('R4 a target deactivated before its batch commits refuses the batch and changes nothing', async () => {
    const { store, deps } = givenAccount();
    const { plan } = await authorizeAndPlan(deps, request());
    store.users.get('acme/bea')!.status = 'INACTIVE';

    await expect(
      reassignBatch(deps, { removalId: 'rm-1', batchKey: plan.batches[0]!.batchKey, batch: plan.batches[0]!.batch }),
    ).rejects.toMatchObject({ code: 'INVALID_REASSIGNMENT_TARGET' });
    expect((await store.listOwnership('acme', 'dan')).owned).toHaveLength(2);
  });
});

describe('R10 record the failure (compensation)', () => {
  it('R13 leaves the user INACTIVE (fail closed), records FAILED once and hands back the same RemovalFailed detail on a retry', async () => {
    const { store, deps } = givenAccount();
    await authorizeRemoval(deps, request());
    const error = { Error: 'States.Timeout', Cause: 'nobody decided' };

    const first = await recordRemovalFailure(deps, { request: request(), error });
    const retry = await recordRemovalFailure(deps, { request: request(), error });

    expect(first.detail).toMatchObject({
      removalId: 'rm-1',
      restoredStatus: 'INACTIVE',
      failure: { code: 'States.Timeout' },
    });
    expect(retry.detail).toEqual(first.detail);
    // A failure never gives access back; an admin may Activate. Tokens stay revoked.
    expect(await store.getUser('acme', 'dan')).toMatchObject({ status: 'INACTIVE', tokenGeneration: 1 });
    expect((await store.getRemoval('rm-1'))?.status).toBe('FAILED');
  });

  it('a removal cancelled while waiting gives the user back with RemovalCancelled, and publishes no failure', async () => {
    const { store, deps } = givenAccount();
    await authorizeRemoval(deps, request());
    Object.assign(store.removals.get('rm-1')!, {
      status: 'CANCELLED',
      endedAt: NOW.toISOString(),
      cancelledBy: { type: 'USER', id: 'amir' },
    });

    const outcome = await recordRemovalFailure(deps, {
      request: request(),
      error: { Error: 'REMOVAL_CANCELLED', Cause: 'Cancelled by USER amir' },
    });

    expect(outcome).toEqual({ detail: null, cancelled: true, completed: false });
    expect((await store.getUser('acme', 'dan'))?.status).toBe('ACTIVE');
    expect(store.outbox.map((e) => e.detailType)).toEqual(['RemovalStarted', 'RemovalCancelled']);
    expect((await store.getRemoval('rm-1'))?.status).toBe('CANCELLED');
  });
});
