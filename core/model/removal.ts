// A removal: the request that starts the workflow, its record, and the changes it makes.
import * as z from 'zod';
import { ActorSchema, optionalField, PlanSchema, UserSchema, UserStatusSchema } from './account.ts';
import { ResourceRefSchema, ResourceTypeSchema } from './resource.ts';
import { IdSchema } from './ids.ts';

export const RemovalStatusSchema = z.enum([
  'SCHEDULED',
  'RUNNING',
  'AWAITING_DECISION',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
]);
export type RemovalStatus = z.infer<typeof RemovalStatusSchema>;

/** Statuses during which no second removal of the same user may start. */
export const PENDING_REMOVAL_STATUSES: readonly RemovalStatus[] = ['SCHEDULED', 'RUNNING', 'AWAITING_DECISION'];

/** Who takes over one resource; `toUserId: null` sends a phone number to the account's number pool. */
export const ReassignmentRequestSchema = z
  .strictObject({
    resourceType: ResourceTypeSchema,
    resourceId: IdSchema,
    toUserId: IdSchema.nullable(),
  })
  .refine((r) => r.toUserId !== null || r.resourceType === 'PHONE_NUMBER', {
    path: ['toUserId'],
    message: 'only a phone number may go to the pool (null); name who takes this over',
  });
export type ReassignmentRequest = z.infer<typeof ReassignmentRequestSchema>;

/** What a removal started at once carries of its user as the API read it (RemovalRequest.acceptedAs). */
export const AcceptedUserSchema = UserSchema.pick({
  userId: true,
  displayName: true,
  email: true,
  role: true,
  status: true,
  version: true,
  ownedCount: true,
  memberCount: true,
  memberOf: true,
  // Its SCIM look-up values: their claims go with the user (RemovalSubject.lookups).
  externalId: true,
  employeeNumber: true,
  department: true,
});

/** The workflow's input (StartExecution input); also what the API and HR paths build. */
export const RemovalRequestSchema = z.strictObject({
  removalId: z.string().min(1).max(80),
  accountId: z.string().min(1),
  userId: z.string().min(1),
  requestedBy: ActorSchema,
  requestedAt: z.string(),
  reassignTo: z.string().min(1).optional(),
  reassignments: z.array(ReassignmentRequestSchema).optional(),
  reason: z.string().max(500).optional(),
  correlationId: z.string().optional(),
  /** HR removals: who takes over when no target was named (R11 policy): the manager, else the account's fallback. */
  policy: z.strictObject({ managerEmail: z.string().optional() }).optional(),
  /**
   * Set on the workflow's input instead of `reassignments`: how many per-resource reassignments
   * the removal record holds. Up to 1,000 of them would not fit Step Functions' 256 KiB state.
   */
  storedReassignments: z.number().int().positive().optional(),
  /**
   * Set by the API on a removal it starts at once: the user and the account's terms as it read
   * them when it accepted the request, moments before. Authorize then takes the user with one
   * conditional write and no read — the write holds only if nothing it relies on changed (see
   * authorize-removal.ts); otherwise Authorize reads and checks as for any other start.
   */
  acceptedAs: z
    .strictObject({ user: AcceptedUserSchema, plan: PlanSchema, billingCycleDay: z.number().int() })
    .optional(),
});
export type RemovalRequest = z.infer<typeof RemovalRequestSchema>;

/**
 * What starts the workflow (StartExecution input, a schedule's target input): the request, its
 * per-resource reassignments left in the removal record, which every step that needs them reads.
 */
export function workflowInputOf(request: RemovalRequest): RemovalRequest {
  const { reassignments, ...rest } = request;
  return reassignments?.length ? { ...rest, storedReassignments: reassignments.length } : rest;
}

/** The request with its stored reassignments put back, from the removal record. */
export function withStoredReassignments(request: RemovalRequest, record: { request: RemovalRequest } | undefined) {
  if (!request.storedReassignments) return request;
  const reassignments = record?.request.reassignments;
  if (!reassignments) throw new Error(`Removal ${request.removalId} has no stored reassignments`);
  const { storedReassignments: _, ...rest } = request;
  return { ...rest, reassignments };
}

export const ReassignmentSchema = z.object({
  resourceType: ResourceTypeSchema,
  resourceId: z.string(),
  fromUserId: z.string(),
  /** null: the number went to the account's pool. */
  toUserId: z.string().nullable(),
});
export type Reassignment = z.infer<typeof ReassignmentSchema>;

/** One step of the plan: an owned resource to hand over. */
/** `toUserId` null: a phone number to the account's pool (nobody receives it, R4 is met). */
export const OwnershipChangeSchema = ResourceRefSchema.extend({ toUserId: z.string().nullable() });
export type OwnershipChange = z.infer<typeof OwnershipChangeSchema>;

/**
 * A membership the user leaves. `replacedBy` is set when the user was the last active member (R5);
 * otherwise `witnessId` names another ACTIVE member whose status the transaction re-checks, so a
 * concurrent change cannot leave the rotation empty.
 */
export const MembershipChangeSchema = ResourceRefSchema.extend({
  replacedBy: z.string().optional(),
  witnessId: z.string().optional(),
});
export type MembershipChange = z.infer<typeof MembershipChangeSchema>;

export const PlanBatchSchema = z.object({
  removalId: z.string(),
  accountId: z.string(),
  userId: z.string(),
  requestedBy: ActorSchema,
  batchKey: z.string(),
  ownership: z.array(OwnershipChangeSchema),
  memberships: z.array(MembershipChangeSchema),
  plannedAt: z.string(),
});
export type PlanBatch = z.infer<typeof PlanBatchSchema>;

/** How a batch's transaction went: committed now, or found committed by an earlier attempt. */
export const BatchOutcomeSchema = z.enum(['applied', 'already-applied']);
export type BatchOutcome = z.infer<typeof BatchOutcomeSchema>;

/** Rotations a removal carries in its state (about 60 bytes each); beyond, steps read them from the user. */
export const MAX_ROTATIONS_IN_STATE = 200;

/** The user and account terms a removal works with, as they were when it took hold of the user. */
export const RemovalSubjectSchema = z.object({
  displayName: z.string(),
  email: z.string(),
  plan: PlanSchema,
  billingCycleDay: z.number().int(),
  /** What the user owned and how many rotations it was in when the removal took it (its counters). */
  holdings: z.object({ owned: z.number().int(), memberships: z.number().int() }).optional(),
  /**
   * The rotations it was in then (its `memberOf`), when few enough to travel in the state; null
   * otherwise, and the plan reads them from the user.
   */
  rotations: z.array(ResourceRefSchema).nullable().optional(),
  /** Its SCIM look-up values then (externalId, employee number, department): their claims go with it. */
  lookups: z
    .object({
      externalId: z.string().optional(),
      employeeNumber: z.string().optional(),
      department: z.string().optional(),
    })
    .optional(),
});
export type RemovalSubject = z.infer<typeof RemovalSubjectSchema>;

/** Stored absent or null (e.g. `effectiveAt` of a removal that runs now): read as absent. */
const optional = optionalField;

/** The removal record as stored; parsed at the DynamoDB edge (adapters/dynamodb/items.ts). */
export const RemovalRecordSchema = z.object({
  /** The request as accepted: what a (re)start of the workflow is given. */
  request: RemovalRequestSchema,
  removalId: z.string(),
  accountId: z.string(),
  userId: z.string(),
  /** The user's display name when the removal was requested (lists show it after the user is gone). */
  userDisplayName: optional(z.string()),
  status: RemovalStatusSchema,
  step: z.string(),
  requestedBy: ActorSchema,
  requestedAt: z.string(),
  effectiveAt: optional(z.string()),
  startedAt: optional(z.string()),
  /** When it ended: COMPLETED, FAILED or CANCELLED (the API shows it as `completedAt`). */
  endedAt: optional(z.string()),
  reason: optional(z.string()),
  /** Set on FAILED: the status the user was given back, null if it was never taken. */
  restoredStatus: UserStatusSchema.nullable().optional(),
  failure: optional(z.object({ code: z.string(), message: z.string() })),
  seat: optional(z.object({ released: z.boolean(), billingEffectiveOn: z.string().nullable() })),
  /** Set on CANCELLED: who cancelled it (`endedAt` is when). */
  cancelledBy: optional(ActorSchema),
  /** While AWAITING_DECISION: the token that resumes the waiting execution. */
  taskToken: optional(z.string()),
  /** An admin's decision for a removal that waited for one (its targets). */
  decision: optional(
    z.object({
      reassignTo: z.string().optional(),
      reassignments: z.array(ReassignmentRequestSchema).optional(),
    }),
  ),
});
export type RemovalRecord = z.infer<typeof RemovalRecordSchema>;
