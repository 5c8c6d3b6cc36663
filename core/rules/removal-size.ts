// How much one removal may hand over. A removal is one Step Functions execution, and AWS ends an
// execution uncatchably at 25,000 history events (and any state over 256 KiB): the user would stay
// REMOVING with nothing undone. test/workflow/execution-limits.test.ts computes from the ASL the
// most events a removal can write with MAX_REMOVAL_BATCHES batches in every round, every attempt
// retried, and proves it below the limit; the bounds below are what that test allows.
import { RemovalTooLargeError } from '../errors.ts';
import type { User } from '../model/index.ts';

/** The most transaction-sized batches one scan round may plan. */
export const MAX_REMOVAL_BATCHES = 150;

/**
 * The most owned resources and rotations a user may hold when a removal is asked for. A batch
 * carries at least 48 changes (each change one item, plus at most one new target's item, in a
 * 100-item transaction with 3 items of its own), so this many always fit MAX_REMOVAL_BATCHES.
 */
export const MAX_REMOVAL_HOLDINGS = 7_000;

export const holdingsOf = (user: Pick<User, 'ownedCount' | 'memberCount'>): number =>
  (user.ownedCount ?? 0) + (user.memberCount ?? 0);

/** Refuses, before anything changes, a removal that could not finish in one execution. */
export function assertRemovalFitsOneRun(user: Pick<User, 'userId' | 'ownedCount' | 'memberCount'>): void {
  const holdings = holdingsOf(user);
  if (holdings > MAX_REMOVAL_HOLDINGS) throw new RemovalTooLargeError(user.userId, holdings, MAX_REMOVAL_HOLDINGS);
}

/** The plan's own bound: holdings that grew after the request was accepted fail the removal before a batch runs. */
export function assertPlanFitsOneRun(userId: string, batches: number, changes: number): void {
  if (batches > MAX_REMOVAL_BATCHES) throw new RemovalTooLargeError(userId, changes, MAX_REMOVAL_HOLDINGS);
}
