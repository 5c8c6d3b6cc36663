// R11 a scheduled removal never starts before its effectiveAt: EventBridge Scheduler's at() takes
// whole seconds, so a fraction rounds up, never down.
import { describe, expect, it } from 'vitest';
import { atExpression } from '#adapters/scheduler/eventbridge-scheduler.ts';

describe('R11 one-time schedules start at or after effectiveAt', () => {
  it('rounds a fraction of a second up, and keeps a whole second as it is', () => {
    expect(atExpression('2026-12-03T10:00:00.001Z')).toBe('at(2026-12-03T10:00:01)');
    expect(atExpression('2026-12-03T10:00:59.999Z')).toBe('at(2026-12-03T10:01:00)');
    expect(atExpression('2026-12-03T10:00:00.000Z')).toBe('at(2026-12-03T10:00:00)');
    expect(atExpression('2026-12-03T12:00:00.500+02:00')).toBe('at(2026-12-03T10:00:01)');
  });
});
