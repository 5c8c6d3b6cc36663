// The two ways a removal is asked for, as use cases on the in-memory ports (the fast tier): an
// admin's POST …/removal (R1–R4 checked before anything is recorded, R10 one removal per user and
// per Idempotency-Key) and HR terminations reconciled against the register (R11).
import { describe, expect, it } from 'vitest';
import { requestRemoval, type RemovalBody } from '#core/removal/request-removal.ts';
import { handleHrEvent } from '#core/hr/handle-hr-event.ts';
import type { HrEnvelope } from '#core/hr/hr-events.ts';
import { fixedClock, givenInMemoryAccount, NOW } from '../support/in-memory/acme.ts';
import { InMemoryHrStore, inMemoryAdminDeps } from '../support/in-memory/admin.ts';

function given() {
  const store = givenInMemoryAccount();
  const { deps, runs } = inMemoryAdminDeps(store, fixedClock);
  const hr = new InMemoryHrStore();
  const remove = async (body: RemovalBody, extra: { as?: string; userId?: string; key?: string } = {}) =>
    requestRemoval(deps, (await store.getUser('acme', extra.as ?? 'amir'))!, {
      userId: extra.userId ?? 'dan',
      body,
      idempotencyKey: extra.key,
    });
  const hrEvent = (event: HrEnvelope) => handleHrEvent({ ...deps, hr, sender: { id: 'hr.system' } }, event);
  return { store, runs, hr, remove, hrEvent };
}

const inHours = (hours: number) => new Date(NOW.getTime() + hours * 3600_000).toISOString();

describe('R1 R4 R6 R10 an admin asks for a removal', () => {
  it("records the removal, ends the user's access at once (R6) and starts the workflow once", async () => {
    const { store, runs, remove } = given();

    const accepted = await remove({ confirm: true, reassignTo: 'bea' }, { key: 'k-1' });

    expect(accepted.status).toBe('RUNNING');
    expect(await store.getUser('acme', 'dan')).toMatchObject({
      pendingRemovalId: accepted.removalId,
      accessEndedBy: accepted.removalId,
    });
    expect(runs.started.map((r) => [r.removalId, r.userId, r.reassignTo])).toEqual([
      [accepted.removalId, 'dan', 'bea'],
    ]);
    expect(store.audit.map((a) => a.action)).toEqual(['REMOVAL_REQUESTED']);
  });

  it('refuses, changing nothing: a member asking, no confirmation, owned resources without a target, an invalid target', async () => {
    const { store, runs, remove } = given();

    await expect(remove({ confirm: true, reassignTo: 'bea' }, { as: 'erin' })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    await expect(remove({ reassignTo: 'bea' })).rejects.toMatchObject({ code: 'CONFIRMATION_REQUIRED' });
    await expect(remove({ confirm: true })).rejects.toMatchObject({ code: 'RESOURCES_NEED_REASSIGNMENT' });
    await expect(remove({ confirm: true, reassignTo: 'gus' })).rejects.toMatchObject({
      code: 'INVALID_REASSIGNMENT_TARGET',
    });
    await expect(remove({ confirm: true, reassignTo: 'bea' }, { userId: 'olivia' })).rejects.toMatchObject({
      code: 'OWNER_MUST_TRANSFER',
    });

    expect(store.removals.size).toBe(0);
    expect(runs.started).toEqual([]);
    expect((await store.getUser('acme', 'dan'))?.pendingRemovalId).toBeUndefined();
  });

  it('R10 the same key answers the same removal; another body with it is refused; another key meets the one in progress', async () => {
    const { store, runs, remove } = given();
    const first = await remove({ confirm: true, reassignTo: 'bea' }, { key: 'k-1' });

    const replay = await remove({ reassignTo: 'bea', confirm: true }, { key: 'k-1' }); // same body, other key order

    expect(replay).toEqual(first);
    expect(store.removals.size).toBe(1);
    expect(runs.started).toHaveLength(2); // restarting is harmless: same execution name
    await expect(remove({ confirm: true, reassignTo: 'amir' }, { key: 'k-1' })).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
    await expect(remove({ confirm: true, reassignTo: 'bea' }, { key: 'k-2' })).rejects.toMatchObject({
      code: 'REMOVAL_IN_PROGRESS',
    });
  });

  it('R11 a removal for later is SCHEDULED, announced, and handed to the scheduler instead of started', async () => {
    const { store, runs, remove } = given();

    const accepted = await remove({ confirm: true, reassignTo: 'bea', effectiveAt: inHours(48) });

    expect(accepted.status).toBe('SCHEDULED');
    expect(runs.started).toEqual([]);
    expect(runs.scheduled.get(accepted.removalId)).toBe(inHours(48));
    expect(store.outbox.map((e) => e.detailType)).toEqual(['RemovalScheduled']);
    expect((await store.getUser('acme', 'dan'))?.accessEndedBy).toBeUndefined(); // access until then
  });
});

describe('R4 R5 the request is checked with as few reads as the body allows', () => {
  /** Counts the scans of the owner index the check makes. */
  function givenCountingScans() {
    const { store, runs, remove } = given();
    let scans = 0;
    const listOwnership = store.listOwnership.bind(store);
    store.listOwnership = (...args) => (scans++, listOwnership(...args));
    return { store, runs, remove, scans: () => scans };
  }

  it('a default target covers everything dan owns and every rotation: no scan, one read of user and targets', async () => {
    const { remove, runs, scans } = givenCountingScans();
    await remove({ confirm: true, reassignTo: 'bea' });
    expect(scans()).toBe(0);
    expect(runs.started).toHaveLength(1);
  });

  it('an invalid default target is still refused without a scan (R4)', async () => {
    const { store, remove, scans } = givenCountingScans();
    await expect(remove({ confirm: true, reassignTo: 'gus' })).rejects.toMatchObject({
      code: 'INVALID_REASSIGNMENT_TARGET',
    });
    expect(scans()).toBe(0);
    expect(store.removals.size).toBe(0);
  });

  it('per-resource reassignments, or no target for what dan holds, are checked on the plan (one scan)', async () => {
    const { remove, scans } = givenCountingScans();
    await expect(remove({ confirm: true })).rejects.toMatchObject({ code: 'RESOURCES_NEED_REASSIGNMENT' });
    expect(scans()).toBe(1);
    await expect(
      remove({
        confirm: true,
        reassignTo: 'bea',
        reassignments: [{ resourceType: 'PHONE_NUMBER', resourceId: 'num-9', toUserId: 'erin' }],
      }),
    ).rejects.toMatchObject({ code: 'RESOURCE_NOT_OWNED' });
    expect(scans()).toBe(2);
  });

  it('a user who holds nothing (its counters) needs no target and no scan', async () => {
    const { remove, runs, scans } = givenCountingScans();
    await remove({ confirm: true }, { userId: 'bea' });
    expect(scans()).toBe(0);
    expect(runs.started.map((r) => r.userId)).toEqual(['bea']);
  });
});

describe('R11 HR terminations, in any order', () => {
  const terminated = (time: string, effectiveAt: string): HrEnvelope => ({
    'detail-type': 'EmployeeTerminated',
    time,
    detail: { accountId: 'acme', email: 'dan@acme.test', effectiveAt },
  });
  const rescheduled = (time: string, effectiveAt: string): HrEnvelope => ({
    'detail-type': 'TerminationRescheduled',
    time,
    detail: { accountId: 'acme', email: 'dan@acme.test', effectiveAt },
  });
  const cancelled = (time: string): HrEnvelope => ({
    'detail-type': 'TerminationCancelled',
    time,
    detail: { accountId: 'acme', email: 'dan@acme.test' },
  });

  it('schedules at the effective time, moves it on a reschedule, ignores an older event, and cancels', async () => {
    const { store, runs, hrEvent } = given();

    expect(await hrEvent(terminated(inHours(-2), inHours(24)))).toBe('scheduled');
    const removalId = (await store.getUser('acme', 'dan'))!.pendingRemovalId!;
    expect(await hrEvent(rescheduled(inHours(-1), inHours(48)))).toBe('rescheduled');
    expect(await hrEvent(terminated(inHours(-3), inHours(12)))).toBe('stale'); // older than what was applied
    expect(runs.scheduled.get(removalId)).toBe(inHours(48));
    expect(await store.getRemoval(removalId)).toMatchObject({ status: 'SCHEDULED', effectiveAt: inHours(48) });

    expect(await hrEvent(cancelled(inHours(0)))).toBe('cancelled');

    expect(runs.scheduled.has(removalId)).toBe(false);
    expect((await store.getRemoval(removalId))?.status).toBe('CANCELLED');
    expect((await store.getUser('acme', 'dan'))?.pendingRemovalId).toBeUndefined();
    expect(store.outbox.map((e) => e.detailType)).toEqual(['RemovalScheduled', 'RemovalScheduled', 'RemovalCancelled']);
  });

  it('a cancellation that arrives before its termination wins: nothing is ever scheduled', async () => {
    const { store, runs, hrEvent } = given();

    expect(await hrEvent(cancelled(inHours(0)))).toBe('nothing-to-cancel');
    expect(await hrEvent(terminated(inHours(-1), inHours(24)))).toBe('stale');

    expect(store.removals.size).toBe(0);
    expect(runs.scheduled.size + runs.started.length).toBe(0);
  });

  it('starts at once a termination already effective, and reports an unknown email instead of failing', async () => {
    const { runs, hr, hrEvent } = given();

    expect(await hrEvent(terminated(inHours(-1), inHours(-1)))).toBe('started');
    expect(runs.started.map((r) => [r.userId, r.requestedBy.type])).toEqual([['dan', 'HR_SYSTEM']]);
    expect(
      await hrEvent({
        'detail-type': 'EmployeeTerminated',
        time: inHours(0),
        detail: { accountId: 'acme', email: 'nobody@acme.test', effectiveAt: inHours(1) },
      }),
    ).toBe('unmatched');
    expect(hr.refusals.map((r) => r.outbox.detailType)).toEqual(['TerminationUnmatched']);
  });
});
