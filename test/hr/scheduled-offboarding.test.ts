// R11: HR terminations schedule removals for their effective time; reschedules and cancellations
// apply until the removal starts, in any delivery order; R6 applies when the removal starts.
import { describe, expect, it } from 'vitest';
import { givenAccount, views, stores } from '../support/accounts.ts';
import { useApiRuntime, waitForRemoval } from '../support/api.ts';
import { eventually } from '../support/eventually.ts';
import { hrSender, inSeconds } from '../support/hr.ts';
import { injectFault } from '../support/faults.ts';
import { CreateScheduleCommand, DeleteScheduleCommand } from '@aws-sdk/client-scheduler';
import { startOverdueRemovals } from '#core/removal/start-overdue.ts';
import { atExpression } from '#adapters/scheduler/eventbridge-scheduler.ts';
import { composition } from '#functions/shared/composition.ts';

const api = useApiRuntime();
const sendHr = hrSender(() => api.runtime);
const email = (accountId: string, userId: string) => `${userId}@${accountId}.test`;
/** An admin's removal of `userId`, effective at `effectiveAt` (the dashboard's POST …/removal). */
const removeAt = (accountId: string, userId: string, effectiveAt: string) =>
  api.call('POST', `/v1/accounts/${accountId}/users/${userId}/removal`, {
    as: 'amir',
    body: { confirm: true, effectiveAt },
  });
const pendingRemoval = async (accountId: string, userId: string) => {
  const user = await stores().users.getUser(accountId, userId);
  return user?.pendingRemovalId ? stores().removals.getRemoval(user.pendingRemovalId) : undefined;
};

describe('R11 an HR termination schedules the removal for its effective time', () => {
  it('schedules, leaves the user working until then (R6 at start), then removes it; audited as HR_SYSTEM', async () => {
    const accountId = await givenAccount();
    const effectiveAt = inSeconds(3600).toISOString();

    await sendHr(
      'EmployeeTerminated',
      { accountId, email: email(accountId, 'farah'), effectiveAt, reason: 'Resigned' },
      inSeconds(-60),
    );

    const scheduled = await pendingRemoval(accountId, 'farah');
    expect(scheduled).toMatchObject({
      status: 'SCHEDULED',
      effectiveAt,
      requestedBy: { type: 'HR_SYSTEM', id: 'hr.system' },
    });
    expect(api.runtime.scheduler.schedules().map((s) => s.name)).toContain(scheduled?.removalId);
    expect((await api.call('GET', `/v1/accounts/${accountId}/users`, { as: 'farah' })).status).toBe(200);
    await eventually(() =>
      expect(
        api.runtime.bus
          .events({ detailType: 'RemovalScheduled' })
          .filter((e) => e.detail.removalId === scheduled?.removalId),
      ).toHaveLength(1),
    );

    // The clock reaches the effective time (the test's clock: no real hour, no race with one).
    expect(api.runtime.scheduler.fireDueBy(new Date(effectiveAt))).toBe(1);
    const done = await waitForRemoval(api.call, `/v1/accounts/${accountId}/removals/${scheduled?.removalId}`, 'amir');

    expect(done).toMatchObject({ status: 'COMPLETED', requestedBy: { type: 'HR_SYSTEM' } });
    expect((await api.call('GET', `/v1/accounts/${accountId}/users`, { as: 'farah' })).body.code).toBe(
      'ACCESS_REVOKED',
    );
    const actors = (await views().auditLog(accountId)).entries.map((e) => e.actor.type);
    expect(new Set(actors)).toEqual(new Set(['HR_SYSTEM']));
  });

  it('R10 a duplicated EmployeeTerminated makes one removal', async () => {
    const accountId = await givenAccount();
    const event = { accountId, email: email(accountId, 'erin'), effectiveAt: inSeconds(3600).toISOString() };
    const time = inSeconds(-30);

    await sendHr('EmployeeTerminated', event, time);
    await sendHr('EmployeeTerminated', event, time);
    await sendHr('EmployeeTerminated', event, inSeconds(-20)); // resent later, same content

    const removals = (await api.call('GET', `/v1/accounts/${accountId}/removals`, { as: 'amir' })).body.removals;
    expect(removals).toHaveLength(1);
    expect(removals[0]).toMatchObject({ userId: 'erin', status: 'SCHEDULED' });
  });

  it('reports a termination of an unknown employee (audit and event) instead of failing', async () => {
    const accountId = await givenAccount();

    await sendHr(
      'EmployeeTerminated',
      { accountId, email: 'nobody@x.test', effectiveAt: inSeconds(60).toISOString() },
      inSeconds(-5),
    );

    expect((await views().auditLog(accountId)).entries).toEqual([
      expect.objectContaining({
        action: 'HR_TERMINATION_UNMATCHED',
        details: expect.objectContaining({ code: 'NO_SUCH_USER' }),
      }),
    ]);
    await eventually(() =>
      expect(
        api.runtime.bus.events({ detailType: 'TerminationUnmatched' }).filter((e) => e.detail.accountId === accountId),
      ).toHaveLength(1),
    );
    expect(api.runtime.bus.failedInvocations()).toEqual([]);
  });

  it("sends a malformed HR event, with the reason, to the HR function's on-failure destination", async () => {
    await sendHr('EmployeeTerminated', { accountId: 'x', email: 'not-an-email' }, inSeconds(-1));
    const letter = api.runtime.bus.failedInvocations().find((d) => d.rule === 'hr-events');
    expect(letter?.error).toMatch(/Malformed HR event: .*email/);
    expect(letter?.error).toContain('effectiveAt');
  });
});

describe('R11 HR events survive failures of the HR function (Lambda async retries)', () => {
  it('a transient failure after the register was saved still ends with the removal scheduled', async () => {
    const accountId = await givenAccount();
    const effectiveAt = inSeconds(3600).toISOString();
    // The removal's transaction fails once, after the HR register took the event.
    const fault = injectFault({
      command: 'TransactWriteItemsCommand',
      when: (input) =>
        input.TransactItems.some((item: any) => (item.Put?.Item?.entity?.S ?? item.Put?.Item?.entity) === 'REMOVAL'),
      at: 'before',
      error: () => Object.assign(new Error('Service unavailable (injected)'), { name: 'ServiceUnavailable' }),
    });
    try {
      await sendHr('EmployeeTerminated', { accountId, email: email(accountId, 'erin'), effectiveAt }, inSeconds(-5));
    } finally {
      fault.remove();
    }

    expect(fault.fired()).toBe(1);
    expect(await pendingRemoval(accountId, 'erin')).toMatchObject({ status: 'SCHEDULED', effectiveAt });
    expect(api.runtime.bus.failedInvocations().filter((f) => f.event.detail.accountId === accountId)).toEqual([]);
  });
});

describe('R11 reschedules and cancellations, in either order', () => {
  it('moves the schedule on TerminationRescheduled, and cancels on TerminationCancelled', async () => {
    const accountId = await givenAccount();
    const who = { accountId, email: email(accountId, 'erin') };
    await sendHr('EmployeeTerminated', { ...who, effectiveAt: inSeconds(3600).toISOString() }, inSeconds(-30));
    const later = inSeconds(7200).toISOString();

    await sendHr('TerminationRescheduled', { ...who, effectiveAt: later }, inSeconds(-20));
    const rescheduled = await pendingRemoval(accountId, 'erin');
    expect(rescheduled).toMatchObject({ status: 'SCHEDULED', effectiveAt: later });
    expect(
      api.runtime.scheduler
        .schedules()
        .find((s) => s.name === rescheduled?.removalId)
        ?.at.toISOString(),
    ).toBe(later);

    await sendHr('TerminationCancelled', who, inSeconds(-10));
    expect(await stores().removals.getRemoval(rescheduled!.removalId)).toMatchObject({ status: 'CANCELLED' });
    expect(api.runtime.scheduler.schedules().map((s) => s.name)).not.toContain(rescheduled?.removalId);
    expect((await stores().users.getUser(accountId, 'erin'))?.pendingRemovalId).toBeUndefined();
  });

  it('a cancellation that overtakes its termination wins: no removal is scheduled', async () => {
    const accountId = await givenAccount();
    const who = { accountId, email: email(accountId, 'erin') };

    await sendHr('TerminationCancelled', who, inSeconds(-10));
    await sendHr('EmployeeTerminated', { ...who, effectiveAt: inSeconds(3600).toISOString() }, inSeconds(-30));

    expect(await pendingRemoval(accountId, 'erin')).toBeUndefined();
    expect((await api.call('GET', `/v1/accounts/${accountId}/removals`, { as: 'amir' })).body.removals).toEqual([]);
  });

  it('a reschedule that overtakes its termination wins: scheduled at the rescheduled time', async () => {
    const accountId = await givenAccount();
    const who = { accountId, email: email(accountId, 'erin') };
    const rescheduledTo = inSeconds(7200).toISOString();

    await sendHr('TerminationRescheduled', { ...who, effectiveAt: rescheduledTo }, inSeconds(-10));
    await sendHr('EmployeeTerminated', { ...who, effectiveAt: inSeconds(3600).toISOString() }, inSeconds(-30));

    expect(await pendingRemoval(accountId, 'erin')).toMatchObject({ status: 'SCHEDULED', effectiveAt: rescheduledTo });
  });
});

describe('R11 schedules months ahead, and times already past, as EventBridge Scheduler has them', () => {
  it('keeps a removal scheduled 40 days ahead waiting (HR and dashboard): nothing starts now', async () => {
    const accountId = await givenAccount();
    const fortyDays = inSeconds(40 * 24 * 3600).toISOString();
    await sendHr(
      'EmployeeTerminated',
      { accountId, email: email(accountId, 'erin'), effectiveAt: fortyDays },
      inSeconds(-5),
    );
    const fromDashboard = await removeAt(accountId, 'farah', fortyDays);
    const fromHr = await pendingRemoval(accountId, 'erin');

    // Give a wrongly armed timer (Node fires delays over ~24.8 days at once) time to fire.
    await new Promise((resolve) => setTimeout(resolve, 300));

    for (const removalId of [fromHr?.removalId, fromDashboard.body.removalId]) {
      expect(await stores().removals.getRemoval(removalId)).toMatchObject({
        status: 'SCHEDULED',
        effectiveAt: fortyDays,
      });
      expect(api.runtime.stepFunctions.describeExecution(removalId)).toBeUndefined();
      expect(
        api.runtime.scheduler
          .schedules()
          .find((s) => s.name === removalId)
          ?.at.toISOString(),
      ).toBe(fortyDays);
    }
  });

  it('starts a removal at once when HR reschedules it to a time already past', async () => {
    const accountId = await givenAccount();
    const who = { accountId, email: email(accountId, 'erin') };
    await sendHr('EmployeeTerminated', { ...who, effectiveAt: inSeconds(3600).toISOString() }, inSeconds(-30));
    const scheduled = await pendingRemoval(accountId, 'erin');

    await sendHr('TerminationRescheduled', { ...who, effectiveAt: inSeconds(-120).toISOString() }, inSeconds(-20));

    const done = await waitForRemoval(api.call, `/v1/accounts/${accountId}/removals/${scheduled?.removalId}`, 'amir');
    expect(done).toMatchObject({ status: 'COMPLETED' });
    expect(api.runtime.scheduler.schedules().map((s) => s.name)).not.toContain(scheduled?.removalId);
  });
});

describe('R11 a time too near to schedule safely starts the removal now', () => {
  it('starts a removal effective within two minutes at once (202 RUNNING, no schedule): Scheduler never fires an at() that has passed when it arrives', async () => {
    const accountId = await givenAccount();
    const soon = await removeAt(accountId, 'farah', inSeconds(90).toISOString());
    const later = await removeAt(accountId, 'erin', inSeconds(180).toISOString());

    expect(soon).toMatchObject({ status: 202, body: { status: 'RUNNING' } });
    expect(later).toMatchObject({ status: 202, body: { status: 'SCHEDULED' } });
    const names = api.runtime.scheduler.schedules().map((s) => s.name);
    expect(names).not.toContain(soon.body.removalId);
    expect(names).toContain(later.body.removalId);
    expect(await waitForRemoval(api.call, soon.body.statusUrl, 'amir')).toMatchObject({ status: 'COMPLETED' });
  });

  it('the local Scheduler drops an at() inside the minute it arrives in, as AWS may: it never fires', async () => {
    const accountId = await givenAccount();
    // The runtime's own Scheduler client, pointed at the local endpoint.
    const client = await composition().clients.scheduler();
    const near = `near-${accountId}`;
    await client.send(
      new CreateScheduleCommand({
        Name: near,
        GroupName: 'offboard-removals',
        ScheduleExpression: atExpression(inSeconds(30).toISOString()),
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: {
          Arn: 'arn:aws:scheduler:::aws-sdk:sfn:startExecution',
          RoleArn: 'arn:aws:iam::000000000000:role/scheduler',
          Input: JSON.stringify({ StateMachineArn: 'local', Name: near, Input: '{}' }),
        },
      }),
    );
    const scheduled = await removeAt(accountId, 'farah', inSeconds(3600).toISOString());

    // Its time has come, yet it does not fire; a schedule made an hour ahead does when its time comes.
    expect(api.runtime.scheduler.fireDueBy(inSeconds(45))).toBe(0);
    api.runtime.scheduler.fireDueBy(inSeconds(3601));
    expect(await waitForRemoval(api.call, scheduled.body.statusUrl, 'amir')).toMatchObject({ status: 'COMPLETED' });
    // Kept and listed, as AWS lists it, but it never starts anything.
    expect(api.runtime.scheduler.schedules().map((s) => s.name)).toContain(near);
  });
});

describe('R11 the overdue sweep starts what its schedule did not', () => {
  const sweepAt = (time: Date) => startOverdueRemovals({ ...composition().adminDeps(), clock: { now: () => time } });

  it('starts a scheduled removal whose schedule vanished once its time has passed, once; cleans the index after', async () => {
    const accountId = await givenAccount();
    const accepted = await removeAt(accountId, 'farah', inSeconds(3600).toISOString());
    const { removalId } = accepted.body;
    // The schedule is lost (its group deleted, a target failing past its retries).
    await (
      await composition().clients.scheduler()
    ).send(new DeleteScheduleCommand({ Name: removalId, GroupName: 'offboard-removals' }));

    expect(await stores().removals.listOverdueScheduled(inSeconds(7200).toISOString(), 1000)).toContain(removalId);
    const early = await sweepAt(inSeconds(3600 + 60)); // due, but the schedule still has its grace
    const due = await sweepAt(inSeconds(3600 + 6 * 60));
    const done = await waitForRemoval(api.call, accepted.body.statusUrl, 'amir');
    const after = await sweepAt(inSeconds(3600 + 12 * 60));
    const again = await sweepAt(inSeconds(3600 + 18 * 60));

    expect(early.started).not.toContain(removalId);
    expect(due.started).toContain(removalId);
    expect(done).toMatchObject({ status: 'COMPLETED' });
    expect(after.started).not.toContain(removalId);
    expect(again.started).not.toContain(removalId);
    // Taken out of the index of scheduled removals once it was no longer SCHEDULED.
    expect(await stores().removals.listOverdueScheduled(inSeconds(7200).toISOString(), 1000)).not.toContain(removalId);
    expect(
      api.runtime.bus.events({ detailType: 'UserRemoved' }).filter((e) => e.detail.removalId === removalId),
    ).toHaveLength(1);
  });

  it('R10 a sweep racing the schedule it backs up starts no second execution', async () => {
    const accountId = await givenAccount();
    const accepted = await removeAt(accountId, 'erin', inSeconds(3600).toISOString());

    api.runtime.scheduler.fireDueBy(inSeconds(3600));
    await sweepAt(inSeconds(3600 + 6 * 60));
    const done = await waitForRemoval(api.call, accepted.body.statusUrl, 'amir');

    expect(done).toMatchObject({ status: 'COMPLETED' });
    expect(
      api.runtime.bus
        .events({ detailType: 'UserRemoved' })
        .filter((e) => e.detail.removalId === accepted.body.removalId),
    ).toHaveLength(1);
  });
});

describe('the dashboard schedules and cancels too', () => {
  it('answers 202 SCHEDULED for a future effectiveAt, and DELETE cancels it', async () => {
    const accountId = await givenAccount();
    const accepted = await removeAt(accountId, 'farah', inSeconds(3600).toISOString());
    expect(accepted).toMatchObject({ status: 202, body: { status: 'SCHEDULED' } });

    const cancelled = await api.call('DELETE', accepted.body.statusUrl, { as: 'amir' });

    expect(cancelled.body).toEqual({ removalId: accepted.body.removalId, status: 'CANCELLED' });
    expect(api.runtime.scheduler.schedules().map((s) => s.name)).not.toContain(accepted.body.removalId);
    expect((await stores().users.getUser(accountId, 'farah'))?.status).toBe('ACTIVE');
    await eventually(() =>
      expect(
        api.runtime.bus
          .events({ detailType: 'RemovalCancelled' })
          .filter((e) => e.detail.removalId === accepted.body.removalId),
      ).toHaveLength(1),
    );
  });
});
