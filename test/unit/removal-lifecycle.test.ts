// R10 the removal record's lifecycle (core/removal/lifecycle.ts), from which every write of its
// status is built: final states stay final, and every other state can still end.
import { describe, expect, it } from 'vitest';
import { FINAL_REMOVAL_STATUSES, REMOVAL_TRANSITIONS } from '#core/removal/lifecycle.ts';
import { RemovalStatusSchema, type RemovalStatus } from '#core/model/index.ts';

const transitions = Object.values(REMOVAL_TRANSITIONS);

describe('R10 removal lifecycle', () => {
  it('leaves no final status (COMPLETED, FAILED, CANCELLED)', () => {
    for (const { from } of transitions)
      expect(from.filter((status) => FINAL_REMOVAL_STATUSES.includes(status))).toEqual([]);
  });

  it('lets every other status reach a final one', () => {
    const canEnd = new Set<RemovalStatus>(FINAL_REMOVAL_STATUSES);
    for (let changed = true; changed;) {
      changed = false;
      for (const { from, to } of transitions)
        for (const status of from)
          if (canEnd.has(to) && !canEnd.has(status)) changed = canEnd.add(status) !== undefined;
    }
    expect([...canEnd].sort()).toEqual([...RemovalStatusSchema.options].sort());
  });

  it('moves to a final status only by completing, failing or cancelling', () => {
    const ending = Object.entries(REMOVAL_TRANSITIONS)
      .filter(([, t]) => FINAL_REMOVAL_STATUSES.includes(t.to))
      .map(([name]) => name);
    expect(ending.sort()).toEqual(['cancel', 'complete', 'fail']);
  });
});
