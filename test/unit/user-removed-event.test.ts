// R7 and the UserRemoved contract of docs/api.md: attribution kept, counts exact, items bounded.
import { describe, expect, it } from 'vitest';
import { buildUserRemovedDetail, MAX_LISTED_REASSIGNMENTS, UserRemoved } from '#core/events/user-removed.ts';
import type { PlanBatch, User } from '#core/model/index.ts';

const user: User = {
  accountId: 'a1',
  userId: 'dan',
  email: 'dan@a.test',
  displayName: 'Dan Member',
  role: 'MEMBER',
  status: 'REMOVING',
  version: 2,
};
const request = {
  removalId: 'rm-1',
  accountId: 'a1',
  userId: 'dan',
  requestedBy: { type: 'USER' as const, id: 'amir' },
  requestedAt: '2026-11-27T10:00:00Z',
};
const batch = (n: number, from = 0): PlanBatch => ({
  removalId: 'rm-1',
  accountId: 'a1',
  userId: 'dan',
  requestedBy: request.requestedBy,
  batchKey: `b${from}`,
  plannedAt: '2026-11-27T10:00:01Z',
  ownership: Array.from({ length: n }, (_, i) => ({
    type: 'PHONE_NUMBER' as const,
    id: `n${from + i}`,
    name: 'x',
    toUserId: 'bea',
  })),
  memberships: [],
});

describe('R7 UserRemoved keeps the former user attributed', () => {
  it('carries the display name, who removed and why, and every byType key', () => {
    const detail = buildUserRemovedDetail({
      request: { ...request, reason: 'Left' },
      user,
      completed: { removedAt: '2026-11-27T10:00:05Z', seatReleased: true, billingEffectiveOn: '2026-12-01' },
      batches: [
        {
          ...batch(1),
          memberships: [
            { type: 'TEAM', id: 't1', name: 'Support', replacedBy: 'bea' },
            { type: 'ROUTING_RULE', id: 'r1', name: 'VIP', witnessId: 'erin' },
          ],
        },
      ],
    });
    expect(UserRemoved.parse(detail)).toEqual({
      version: 1,
      removalId: 'rm-1',
      accountId: 'a1',
      userId: 'dan',
      displayName: 'Dan Member',
      removedAt: '2026-11-27T10:00:05Z',
      removedBy: { type: 'USER', id: 'amir' },
      reason: 'Left',
      reassignments: {
        total: 1,
        byType: { PHONE_NUMBER: 1, CALL_FLOW: 0, TEAM: 0, ROUTING_RULE: 0 },
        items: [{ resourceType: 'PHONE_NUMBER', resourceId: 'n0', fromUserId: 'dan', toUserId: 'bea' }],
      },
      memberships: {
        left: [
          { resourceType: 'TEAM', resourceId: 't1' },
          { resourceType: 'ROUTING_RULE', resourceId: 'r1' },
        ],
        replacedBy: [{ resourceType: 'TEAM', resourceId: 't1', toUserId: 'bea' }],
        totals: { left: 2, replacedBy: 1 },
      },
      seat: { released: true, billingEffectiveOn: '2026-12-01' },
      occurredAt: '2026-11-27T10:00:05Z',
    });
  });

  it('bounds the listed items for very large removals while the total stays exact', () => {
    const detail = buildUserRemovedDetail({
      request,
      user,
      completed: { removedAt: '2026-11-27T10:00:05Z', seatReleased: false, billingEffectiveOn: null },
      batches: [batch(400), batch(400, 400)],
    });
    expect(detail.reassignments.total).toBe(800);
    expect(detail.reassignments.byType.PHONE_NUMBER).toBe(800);
    expect(detail.reassignments.items).toHaveLength(MAX_LISTED_REASSIGNMENTS);
    expect(Buffer.byteLength(JSON.stringify(detail))).toBeLessThan(256 * 1024);
  });
});
