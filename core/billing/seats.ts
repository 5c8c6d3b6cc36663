// R8: seat limits by plan and the date a seat adjustment takes effect.
import type { Plan } from '../model/index.ts';

const SEAT_LIMITS: Record<Plan, number | null> = { NANO: 3, SWIFT: 10, CRETA: 10, ENTERPRISE: null };

/** Seats a plan allows; null means not seat-based (unlimited). */
export const seatLimit = (plan: Plan): number | null => SEAT_LIMITS[plan];
export const isSeatBased = (plan: Plan): boolean => SEAT_LIMITS[plan] !== null;

const daysInMonth = (year: number, monthIndex: number): number =>
  new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();

/** The day a cycle starts in a month: the cycle day, or the month's last day when shorter. */
const cycleStartIn = (year: number, monthIndex: number, billingCycleDay: number): Date =>
  new Date(Date.UTC(year, monthIndex, Math.min(billingCycleDay, daysInMonth(year, monthIndex))));

/**
 * The first billing-cycle start strictly after `today` (YYYY-MM-DD): where an adjustment recorded
 * today takes effect. Cycle day 31 starts on the 30th in 30-day months and on Feb 28/29.
 */
export function nextCycleStart(today: string, billingCycleDay: number): string {
  const date = new Date(`${today.slice(0, 10)}T00:00:00Z`);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const thisMonth = cycleStartIn(year, month, billingCycleDay);
  const next = thisMonth > date ? thisMonth : cycleStartIn(year, month + 1, billingCycleDay);
  return next.toISOString().slice(0, 10);
}
