// R8's billing half: at a billing-cycle start, every seat adjustment recorded by a removal and due
// by then is applied to what the account is billed for — exactly once (conditional on the
// adjustment still being PENDING), audited, and announced to the billing system (SeatsAdjusted).
import { outboxEvent } from '../events/outbox.ts';
import { SeatsAdjusted } from '../events/seats-adjusted.ts';
import type { AccountStore, Clock, PendingSeatAdjustment } from '../ports.ts';

export interface BillingRun {
  asOf: string;
  applied: PendingSeatAdjustment[];
  alreadyApplied: number;
}

export async function applyDueSeatAdjustments(
  { accounts, clock }: { accounts: AccountStore; clock: Clock },
  asOf: string,
  onApplied: (adjustment: PendingSeatAdjustment) => void = () => undefined,
): Promise<BillingRun> {
  const run: BillingRun = { asOf, applied: [], alreadyApplied: 0 };
  for (const adjustment of await accounts.listDueAdjustments(asOf)) {
    const appliedAt = clock.now().toISOString();
    const { accountId, removalId, seats, effectiveOn } = adjustment;
    const outcome = await accounts.applyAdjustment({
      adjustment,
      appliedAt,
      audit: {
        id: `${removalId}.seats-applied`,
        accountId,
        at: appliedAt,
        actor: { type: 'SYSTEM', id: 'billing-cycle' },
        action: 'SEAT_ADJUSTMENT_APPLIED',
        details: { removalId, seats, effectiveOn },
      },
      outbox: outboxEvent(SeatsAdjusted, `${removalId}.seats-adjusted`, {
        version: 1,
        accountId,
        removalId,
        seats,
        effectiveOn,
        appliedAt,
        occurredAt: appliedAt,
      }),
    });
    if (outcome === 'applied') {
      run.applied.push(adjustment);
      onApplied(adjustment);
    } else run.alreadyApplied++;
  }
  return run;
}
