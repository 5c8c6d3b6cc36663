// R4 and R5 planning, and the split into transaction-sized batches.
import { describe, expect, it } from 'vitest';
import { assertPlanIsComplete, planReassignment, type ReassignmentInput } from '#core/rules/reassignment-plan.ts';
import { MAX_TRANSACTION_ITEMS, toBatches } from '#core/removal/batching.ts';
import type { ResourceRef, User } from '#core/model/index.ts';

const user = (userId: string, status: User['status'] = 'ACTIVE', accountId = 'a1'): User => ({
  accountId,
  userId,
  email: `${userId}@a.test`,
  displayName: userId,
  role: 'MEMBER',
  status,
  version: 1,
});
const users = new Map(
  [user('dan'), user('bea'), user('erin'), user('gus', 'INACTIVE'), user('zed', 'ACTIVE', 'a2')].map((u) => [
    u.userId,
    u,
  ]),
);
const num: ResourceRef = { type: 'PHONE_NUMBER', id: 'n1', name: 'Main' };
const flow: ResourceRef = { type: 'CALL_FLOW', id: 'f1', name: 'IVR' };
const team: ResourceRef = { type: 'TEAM', id: 't1', name: 'Support' };
const rule: ResourceRef = { type: 'ROUTING_RULE', id: 'r1', name: 'Overflow' };

const input = (overrides: Partial<ReassignmentInput>): ReassignmentInput => ({
  accountId: 'a1',
  userId: 'dan',
  owned: [],
  memberships: [],
  users,
  ...overrides,
});

describe('R4 every owned resource needs a target', () => {
  it('uses per-resource targets first, then the default target', () => {
    const plan = planReassignment(
      input({
        owned: [num, flow, team, rule],
        reassignTo: 'bea',
        reassignments: [{ resourceType: 'TEAM', resourceId: 't1', toUserId: 'erin' }],
      }),
    );
    expect(plan.ownership.map((c) => [c.id, c.toUserId])).toEqual([
      ['n1', 'bea'],
      ['f1', 'bea'],
      ['t1', 'erin'],
      ['r1', 'bea'],
    ]);
    expect(plan.unresolved).toEqual([]);
    expect(() => assertPlanIsComplete(plan)).not.toThrow();
  });

  it('lists every resource without a target as RESOURCES_NEED_REASSIGNMENT', () => {
    const plan = planReassignment(
      input({ owned: [num, flow], reassignments: [{ resourceType: 'CALL_FLOW', resourceId: 'f1', toUserId: 'bea' }] }),
    );
    expect(plan.unresolved).toEqual([num]);
    expect(() => assertPlanIsComplete(plan)).toThrow(
      expect.objectContaining({ code: 'RESOURCES_NEED_REASSIGNMENT', extra: { resources: [num] } }),
    );
  });

  it.each([
    ['INACTIVE', 'gus'],
    ['the user being removed', 'dan'],
    ['in another account', 'zed'],
    ['unknown', 'ghost'],
  ])('refuses a target that is %s with INVALID_REASSIGNMENT_TARGET', (_, target) => {
    const plan = planReassignment(input({ owned: [num], reassignTo: target }));
    expect(plan.invalidTargets).toEqual([target]);
    expect(() => assertPlanIsComplete(plan)).toThrow(
      expect.objectContaining({ code: 'INVALID_REASSIGNMENT_TARGET', extra: { targets: [target] } }),
    );
  });

  it('refuses a REMOVING target (itself being removed)', () => {
    const removing = new Map(users).set('bea', user('bea', 'REMOVING'));
    expect(planReassignment(input({ owned: [num], reassignTo: 'bea', users: removing })).invalidTargets).toEqual([
      'bea',
    ]);
  });
});

describe('R5 rotations keep an active member', () => {
  it('just leaves a rotation that keeps another active member, re-checking that member as witness', () => {
    const plan = planReassignment(input({ memberships: [{ resource: team, otherActiveMembers: ['erin'] }] }));
    expect(plan.memberships).toEqual([{ ...team, witnessId: 'erin', lastActiveMember: false }]);
    expect(plan.unresolved).toEqual([]);
  });

  it("puts the target in the user's place where it was the last active member", () => {
    const plan = planReassignment(
      input({
        memberships: [
          { resource: rule, otherActiveMembers: [] },
          { resource: team, otherActiveMembers: [] },
        ],
        reassignTo: 'bea',
        reassignments: [{ resourceType: 'TEAM', resourceId: 't1', toUserId: 'erin' }],
      }),
    );
    expect(plan.memberships).toEqual([
      { ...rule, replacedBy: 'bea', lastActiveMember: true },
      { ...team, replacedBy: 'erin', lastActiveMember: true },
    ]);
  });

  it('blocks a removal that would leave a rotation empty with no target', () => {
    const plan = planReassignment(input({ memberships: [{ resource: team, otherActiveMembers: [] }] }));
    expect(plan.unresolved).toEqual([team]);
  });
});

describe('batches fit one DynamoDB transaction each', () => {
  const owned = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      type: 'PHONE_NUMBER' as const,
      id: `n${i}`,
      name: `n${i}`,
      toUserId: 'bea',
    }));

  it('packs 96 single-target changes into one batch and splits beyond', () => {
    // 97 updates + 1 target's counters + the user's counters + marker + audit = 101 > 100, so 96 fit.
    expect(toBatches(owned(96), []).map((b) => b.ownership.length)).toEqual([96]);
    expect(toBatches(owned(97), []).map((b) => b.ownership.length)).toEqual([96, 1]);
    expect(toBatches(owned(1000), []).length).toBe(11);
  });

  it('counts every item a batch writes, never exceeding the limit', () => {
    const memberships = Array.from({ length: 120 }, (_, i) => ({
      type: 'TEAM' as const,
      id: `t${i}`,
      name: `t${i}`,
      ...(i % 2 ? { replacedBy: `u${i % 7}` } : { witnessId: `w${i % 5}` }),
    }));
    const batches = toBatches(owned(30), memberships);
    const sizes = batches.map((batch) => {
      const targets = new Set([
        ...batch.ownership.map((o) => o.toUserId),
        ...batch.memberships.flatMap((m) => (m.replacedBy ? [m.replacedBy] : [])),
      ]);
      // marker + audit + the user's counters, then each change (an owned resource's item, a
      // rotation's item — its witness is checked there) and each target's counters.
      return 3 + batch.ownership.length + batch.memberships.length + targets.size;
    });
    for (const size of sizes) expect(size).toBeLessThanOrEqual(MAX_TRANSACTION_ITEMS);
    // Tight as well as safe: every batch but the last is too full for one more rotation change.
    for (const size of sizes.slice(0, -1)) expect(size).toBeGreaterThan(MAX_TRANSACTION_ITEMS - 2);
    expect(batches.flatMap((b) => b.memberships)).toHaveLength(120);
  });

  it('makes no batch for nothing', () => {
    expect(toBatches([], [])).toEqual([]);
  });
});
