// R8 billing: seat adjustments recorded at removal are applied at the next cycle start, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDueSeatAdjustments } from '#core/billing/apply-seat-adjustments.ts';
import { systemClock } from '#core/ports.ts';
import { givenAccount, views, removalRequest, stores } from '../support/accounts.ts';
import { startTestRuntime } from '../support/workflow.ts';
import { eventually } from '../support/eventually.ts';
import type { LocalRuntime } from '#local/runtime.ts';

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime?.stop());

const billing = () => ({ accounts: stores().accounts, clock: systemClock });

async function removedWithAdjustment(plan: 'SWIFT' | 'NANO' = 'SWIFT') {
  const accountId = await givenAccount({ plan, billingCycleDay: 1 });
  const request = removalRequest(accountId, 'farah');
  expect((await (await runtime.startRemoval(request)).done).status).toBe('SUCCEEDED');
  const [adjustment] = await views().pendingSeatAdjustments(accountId);
  return { accountId, request, adjustment: adjustment! };
}

describe('R8 the billing cycle applies each adjustment exactly once', () => {
  it('applies nothing before the cycle start, then once on it, and nothing on a second run', async () => {
    const { accountId, adjustment } = await removedWithAdjustment();
    const billedBefore = (await stores().accounts.getAccount(accountId))!.billedSeats;
    const dayBefore = new Date(Date.parse(`${adjustment.effectiveOn}T00:00:00Z`) - 86_400_000)
      .toISOString()
      .slice(0, 10);

    const early = await applyDueSeatAdjustments(billing(), dayBefore);
    const first = await applyDueSeatAdjustments(billing(), adjustment.effectiveOn);
    const second = await applyDueSeatAdjustments(billing(), adjustment.effectiveOn);

    expect(early.applied.filter((a) => a.accountId === accountId)).toEqual([]);
    expect(first.applied.filter((a) => a.accountId === accountId)).toEqual([adjustment]);
    expect(second.applied.filter((a) => a.accountId === accountId)).toEqual([]);
    expect((await stores().accounts.getAccount(accountId))!.billedSeats).toBe(billedBefore - 1);
    expect(await views().pendingSeatAdjustments(accountId)).toEqual([]);
    const audit = (await views().auditLog(accountId)).entries.filter((e) => e.action === 'SEAT_ADJUSTMENT_APPLIED');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: { type: 'SYSTEM', id: 'billing-cycle' }, details: { seats: -1 } });
    const events = await eventually(() => {
      const found = runtime.bus.events({ detailType: 'SeatsAdjusted' }).filter((e) => e.detail.accountId === accountId);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(events[0]?.detail).toMatchObject({
      version: 1,
      removalId: adjustment.removalId,
      seats: -1,
      effectiveOn: adjustment.effectiveOn,
    });
  });

  it('two runs at once apply an adjustment once', async () => {
    const { accountId } = await removedWithAdjustment();
    const billedBefore = (await stores().accounts.getAccount(accountId))!.billedSeats;

    const runs = await Promise.all([
      applyDueSeatAdjustments(billing(), '2999-12-31'),
      applyDueSeatAdjustments(billing(), '2999-12-31'),
    ]);

    expect(runs.flatMap((r) => r.applied).filter((a) => a.accountId === accountId)).toHaveLength(1);
    expect((await stores().accounts.getAccount(accountId))!.billedSeats).toBe(billedBefore - 1);
  });

  it('keeps the seat billed until the cycle start while it is usable at once', async () => {
    const { accountId } = await removedWithAdjustment();
    const account = (await stores().accounts.getAccount(accountId))!;
    expect(account.billedSeats).toBe(account.seatsUsed + 1);
  });
});
