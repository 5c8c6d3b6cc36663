// UserRemoved (docs/api.md): what integrations learn when a user is gone. Consumers deduplicate
// on removalId: a retried publish may deliver it twice.
import * as z from 'zod';
import { ActorSchema, RESOURCE_TYPES, ResourceTypeSchema } from '../model/index.ts';
import type { MembershipChange, PlanBatch, Reassignment, RemovalRequest, User } from '../model/index.ts';
import type { CompletedRemoval } from '../ports.ts';
import { defineEvent } from './envelope.ts';

/** Items listed in one event at most; `total` stays exact (EventBridge entries are ≤ 256 KB). */
export const MAX_LISTED_REASSIGNMENTS = 500;
/**
 * Byte budgets of the listed items and of each membership list, so that the detail stays well
 * under 256 KB (an EventBridge entry, and the workflow state that carries it) whatever the ids'
 * lengths and however many rotations the user was in; totals stay exact.
 */
const LISTED_REASSIGNMENTS_BYTES = 96 * 1024;
const LISTED_MEMBERSHIPS_BYTES = 48 * 1024;

/** The first entries of `list` whose JSON fits in `maxBytes` (and `maxCount`). */
function listedWithin<T>(list: T[], maxBytes: number, maxCount = Infinity): T[] {
  const listed: T[] = [];
  let bytes = 2;
  for (const entry of list) {
    bytes += Buffer.byteLength(JSON.stringify(entry)) + 1;
    if (bytes > maxBytes || listed.length >= maxCount) break;
    listed.push(entry);
  }
  return listed;
}

const ByTypeSchema = z.object(
  Object.fromEntries(RESOURCE_TYPES.map((t) => [t, z.number().int()])) as Record<
    (typeof RESOURCE_TYPES)[number],
    z.ZodNumber
  >,
);

export const UserRemovedDetailSchema = z.object({
  version: z.literal(1),
  removalId: z.string(),
  accountId: z.string(),
  userId: z.string(),
  displayName: z.string(),
  removedAt: z.string(),
  removedBy: ActorSchema,
  reason: z.string().nullable(),
  reassignments: z.object({
    total: z.number().int(),
    byType: ByTypeSchema,
    items: z.array(
      z.object({
        resourceType: ResourceTypeSchema,
        resourceId: z.string(),
        fromUserId: z.string(),
        toUserId: z.string(),
      }),
    ),
    /**
     * Phone numbers the removal sent to the account's number pool (nobody owns them now); not in
     * `items` or `total`, which count hand-overs to a user. A compatible v1 addition.
     */
    pooled: z
      .array(z.object({ resourceType: ResourceTypeSchema, resourceId: z.string(), fromUserId: z.string() }))
      .optional(),
  }),
  memberships: z.object({
    left: z.array(z.object({ resourceType: ResourceTypeSchema, resourceId: z.string() })),
    replacedBy: z.array(z.object({ resourceType: ResourceTypeSchema, resourceId: z.string(), toUserId: z.string() })),
    /** Exact counts; the lists above may be truncated for users in very many rotations. */
    totals: z.object({ left: z.number().int(), replacedBy: z.number().int() }).optional(),
  }),
  seat: z.object({ released: z.boolean(), billingEffectiveOn: z.string().nullable() }),
});
export const UserRemoved = defineEvent('UserRemoved', UserRemovedDetailSchema);
export type UserRemovedDetail = z.infer<typeof UserRemoved.schema>;

/** The reassignments a removal made, from the batches it applied. */
export function reassignmentsOf(userId: string, batches: PlanBatch[]): Reassignment[] {
  return batches.flatMap((b) =>
    b.ownership.map((o) => ({ resourceType: o.type, resourceId: o.id, fromUserId: userId, toUserId: o.toUserId })),
  );
}

export function buildUserRemovedDetail(args: {
  request: RemovalRequest;
  user: Pick<User, 'userId' | 'displayName'>;
  completed: CompletedRemoval;
  batches: PlanBatch[];
}): UserRemovedDetail {
  const { request, user, completed, batches } = args;
  const reassigned = reassignmentsOf(user.userId, batches);
  const items = reassigned.flatMap((r) => (r.toUserId === null ? [] : [{ ...r, toUserId: r.toUserId }]));
  const pooled = reassigned
    .filter((r) => r.toUserId === null)
    .map(({ resourceType, resourceId, fromUserId }) => ({ resourceType, resourceId, fromUserId }));
  const memberships: MembershipChange[] = batches.flatMap((b) => b.memberships);
  const left = memberships.map((m) => ({ resourceType: m.type, resourceId: m.id }));
  const replacedBy = memberships
    .filter((m) => m.replacedBy)
    .map((m) => ({ resourceType: m.type, resourceId: m.id, toUserId: m.replacedBy as string }));
  const byType = Object.fromEntries(
    RESOURCE_TYPES.map((type) => [type, items.filter((i) => i.resourceType === type).length]),
  ) as UserRemovedDetail['reassignments']['byType'];
  return {
    version: 1,
    removalId: request.removalId,
    accountId: request.accountId,
    userId: user.userId,
    displayName: user.displayName,
    removedAt: completed.removedAt,
    removedBy: request.requestedBy,
    reason: request.reason ?? null,
    reassignments: {
      total: items.length,
      byType,
      items: listedWithin(items, LISTED_REASSIGNMENTS_BYTES, MAX_LISTED_REASSIGNMENTS),
      ...(pooled.length > 0 ? { pooled: listedWithin(pooled, LISTED_MEMBERSHIPS_BYTES) } : {}),
    },
    memberships: {
      left: listedWithin(left, LISTED_MEMBERSHIPS_BYTES),
      replacedBy: listedWithin(replacedBy, LISTED_MEMBERSHIPS_BYTES),
      totals: { left: left.length, replacedBy: replacedBy.length },
    },
    seat: { released: completed.seatReleased, billingEffectiveOn: completed.billingEffectiveOn },
    occurredAt: completed.removedAt,
  };
}
