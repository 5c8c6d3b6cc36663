// The removal record's lifecycle: every change of its status is one of these transitions, and the
// store builds each write from this table (its condition is `from`), so no write can move a removal
// along a path not listed here. Creation is the API's or HR's (RUNNING or SCHEDULED); COMPLETED,
// FAILED and CANCELLED are final.
//
//   (new) ─▶ SCHEDULED ─▶ RUNNING ⇄ AWAITING_DECISION ─▶ COMPLETED
//   (new) ─▶ RUNNING                                  ─▶ FAILED
//   SCHEDULED, AWAITING_DECISION ─▶ CANCELLED
import type { RemovalStatus } from '../model/index.ts';

export interface Transition {
  from: readonly RemovalStatus[];
  to: RemovalStatus;
  /** The `step` the record shows after it (GET …/removals/{id}). */
  step: string;
}

export const REMOVAL_TRANSITIONS = {
  /** Authorize took the user (a schedule fired, or a retry or redrive of the step). */
  authorize: { from: ['SCHEDULED', 'RUNNING', 'AWAITING_DECISION'], to: 'RUNNING', step: 'AUTHORIZED' },
  /** HR moved a scheduled removal to another time. */
  reschedule: { from: ['SCHEDULED'], to: 'SCHEDULED', step: 'SCHEDULED' },
  /** Plan found nothing a policy resolves: the workflow waits for an admin (a retry is the same). */
  awaitDecision: { from: ['RUNNING', 'AWAITING_DECISION'], to: 'AWAITING_DECISION', step: 'AWAITING_DECISION' },
  /** An admin decided; the waiting execution resumes. */
  decide: { from: ['AWAITING_DECISION'], to: 'RUNNING', step: 'DECIDED' },
  /** The final transaction: the user is REMOVED (a decision resumes the run before anything else writes). */
  complete: { from: ['RUNNING', 'AWAITING_DECISION'], to: 'COMPLETED', step: 'COMPLETED' },
  /** The compensation: nothing was removed. */
  fail: { from: ['SCHEDULED', 'RUNNING', 'AWAITING_DECISION'], to: 'FAILED', step: 'FAILED' },
  /** An admin or HR cancelled before it started, or while it waited. */
  cancel: { from: ['SCHEDULED', 'AWAITING_DECISION'], to: 'CANCELLED', step: 'CANCELLED' },
} as const satisfies Record<string, Transition>;

export type RemovalTransition = keyof typeof REMOVAL_TRANSITIONS;

/** Statuses no transition leaves. */
export const FINAL_REMOVAL_STATUSES: readonly RemovalStatus[] = ['COMPLETED', 'FAILED', 'CANCELLED'];
