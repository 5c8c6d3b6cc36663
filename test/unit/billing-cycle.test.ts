// R8: where a seat adjustment takes effect — the start of the next billing cycle.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isSeatBased, nextCycleStart, seatLimit } from '#core/billing/seats.ts';

describe('R8 seat limits by plan', () => {
  it('gives NANO 3, SWIFT 10, CRETA 10 and ENTERPRISE unlimited seats', () => {
    expect([seatLimit('NANO'), seatLimit('SWIFT'), seatLimit('CRETA'), seatLimit('ENTERPRISE')]).toEqual([
      3,
      10,
      10,
      null,
    ]);
    expect(isSeatBased('ENTERPRISE')).toBe(false);
    expect(isSeatBased('NANO')).toBe(true);
  });
});

describe('R8 the next billing cycle start', () => {
  it.each([
    ['2026-11-27', 1, '2026-12-01'],
    ['2026-11-30', 1, '2026-12-01'],
    ['2026-12-01', 1, '2027-01-01'], // recorded on a cycle start: the *next* one
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-11-10', 15, '2026-11-15'],
    ['2026-11-15', 15, '2026-12-15'],
    ['2026-11-27', 31, '2026-11-30'], // day 31 in a 30-day month
    ['2027-01-31', 31, '2027-02-28'], // February, common year
    ['2028-01-31', 31, '2028-02-29'], // February, leap year
    ['2028-02-29', 31, '2028-03-31'],
    ['2027-02-28', 30, '2027-03-30'],
    ['2026-11-27T23:59:59.999Z', 28, '2026-11-28'],
  ])('from %s with cycle day %i is %s', (today, day, expected) => {
    expect(nextCycleStart(today, day)).toBe(expected);
  });

  it('is, for every day of 2024–2028 and every cycle day, strictly later, within ~a month, on the cycle day or the month end', () => {
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2029, 0, 1); t += 86_400_000) {
      const today = new Date(t).toISOString().slice(0, 10);
      for (let day = 1; day <= 31; day++) {
        const next = nextCycleStart(today, day);
        const nextDate = new Date(`${next}T00:00:00Z`);
        const gapDays = (nextDate.getTime() - t) / 86_400_000;
        expect(gapDays).toBeGreaterThan(0);
        expect(gapDays).toBeLessThanOrEqual(31);
        const monthEnd = new Date(Date.UTC(nextDate.getUTCFullYear(), nextDate.getUTCMonth() + 1, 0)).getUTCDate();
        expect(nextDate.getUTCDate()).toBe(Math.min(day, monthEnd));
      }
    }
  });
});

describe('R8 cycle math as properties', () => {
  it('for any date in 1900–2399 and any cycle day: the next start is later, at most a month away, on the cycle day or the month end, and no cycle start lies in between', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2399-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 31 }),
        (date, day) => {
          const today = date.toISOString().slice(0, 10);
          const next = new Date(`${nextCycleStart(today, day)}T00:00:00Z`);
          const start = new Date(`${today}T00:00:00Z`);
          const monthEnd = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
          expect(next.getTime()).toBeGreaterThan(start.getTime());
          expect(next.getUTCDate()).toBe(Math.min(day, monthEnd(next)));
          // No earlier cycle start after today: every day strictly between is not a cycle start.
          for (let t = start.getTime() + 86_400_000; t < next.getTime(); t += 86_400_000) {
            const d = new Date(t);
            expect(d.getUTCDate()).not.toBe(Math.min(day, monthEnd(d)));
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
