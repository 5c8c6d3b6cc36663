// Accounts, users and their vocabulary. Pure data shapes shared by every layer; no AWS here.
import * as z from 'zod';

export const PlanSchema = z.enum(['NANO', 'SWIFT', 'CRETA', 'ENTERPRISE']);
export type Plan = z.infer<typeof PlanSchema>;

export const RoleSchema = z.enum(['OWNER', 'ADMIN', 'MEMBER']);
export type Role = z.infer<typeof RoleSchema>;

export const UserStatusSchema = z.enum(['ACTIVE', 'INACTIVE', 'REMOVING', 'REMOVED']);
export type UserStatus = z.infer<typeof UserStatusSchema>;

/** Stored absent or null: read as absent. */
export const optionalField = <T extends z.ZodType>(schema: T) =>
  schema
    .nullish()
    .transform((value) => value ?? undefined)
    .optional();

/** An account as stored; parsed at the DynamoDB edge (adapters/dynamodb/items.ts). */
export const AccountSchema = z.object({
  accountId: z.string(),
  name: z.string(),
  plan: PlanSchema,
  billingCycleDay: z.number().int(),
  ownerId: z.string(),
  /** Users holding a seat: ACTIVE, INACTIVE or REMOVING (R8). */
  seatsUsed: z.number().int(),
  /** Who takes over an HR-removed user's resources when its manager cannot (default: the owner). */
  fallbackUserId: optionalField(z.string()),
  /** Seats the account is billed for: seatsUsed plus adjustments not yet due (R8). */
  billedSeats: z.number().int(),
});
export type Account = z.infer<typeof AccountSchema>;

/**
 * A user as stored; parsed at the DynamoDB edge, and where the API handler takes the caller the
 * authorizer read for the same request.
 */
export const UserSchema = z.object({
  accountId: z.string(),
  userId: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  status: UserStatusSchema,
  /** Optimistic-locking counter, bumped by every write to the user. */
  version: z.number().int(),
  /** Set while REMOVING and kept on the tombstone: which removal owns this user. */
  removalId: optionalField(z.string()),
  /** The one removal requested and not yet ended (SCHEDULED, RUNNING, AWAITING_DECISION): R10 guard. */
  pendingRemovalId: optionalField(z.string()),
  /**
   * The removal that ended the user's access when it was accepted to run at once (R6 from the
   * 202); it counts only while that removal is still pending, so a failed or cancelled one gives
   * access back.
   */
  accessEndedBy: optionalField(z.string()),
  /** The status to restore when a removal fails before the user is removed. */
  previousStatus: optionalField(UserStatusSchema),
  removedAt: optionalField(z.string()),
  /**
   * R6: the generation of integration API tokens that is valid. Revocation (removal, deactivation)
   * bumps it, which revokes every token issued before in one write; absent means 0.
   */
  tokenGeneration: optionalField(z.number().int()),
  /**
   * R4/R5 in one item: how many resources the user owns and how many rotations it is a member of,
   * kept in the same transactions that change them. The owner index is only eventually
   * consistent; these counters let the final transaction prove the user holds nothing. Absent: 0.
   */
  ownedCount: optionalField(z.number().int()),
  memberCount: optionalField(z.number().int()),
  /**
   * R5: the teams and routing rules the user takes calls in (`resourceKey` → name), kept in the
   * transactions that change membership, beside `memberCount`. Each rotation's item keeps its
   * members' statuses in return (`memberIds`), so a removal decides R5 for all of a user's
   * rotations from one batched read, and a membership change writes the rotation's item and the
   * user items it already writes for their counters — nothing more.
   */
  memberOf: optionalField(z.record(z.string(), z.string())),
  /** When the user was added, and when its profile or status last changed (SCIM `meta`); absent on older items. */
  createdAt: optionalField(z.string()),
  updatedAt: optionalField(z.string()),
  /**
   * Addresses the identity provider knows the user by besides the sign-in email (an Entra ID tenant
   * whose sign-in name differs from the mail address): kept and shown, never used to sign in.
   */
  otherEmails: optionalField(z.array(z.object({ value: z.string(), type: z.string().optional() })).max(10)),
  /** The enterprise extension's employeeNumber and department, as the identity provider sends them. */
  employeeNumber: optionalField(z.string()),
  department: optionalField(z.string()),
  /** The identity provider's id for this user (SCIM `externalId`, Entra ID's match key). */
  externalId: optionalField(z.string()),
  /** The user's manager as the identity provider says (SCIM enterprise `manager.value`): R11's first target. */
  managerId: optionalField(z.string()),
});

/** How a rotation's item records a member: whether it takes calls (ACTIVE) or not (INACTIVE). */
export type MemberStatus = 'ACTIVE' | 'INACTIVE';
/**
 * A member's entry for a status it is given (seeded, deactivated, activated). Taking a user for a
 * removal writes no rotation: a REMOVING member keeps the entry it had until its batch leaves.
 */
export const memberStatusOf = (status: UserStatus): MemberStatus => (status === 'INACTIVE' ? 'INACTIVE' : 'ACTIVE');
export type User = z.infer<typeof UserSchema>;

/** A user as a list shows it (the live-users index's projection): who it is, not what it holds. */
export const ListedUserSchema = UserSchema.pick({
  accountId: true,
  userId: true,
  email: true,
  displayName: true,
  role: true,
  status: true,
  version: true,
  pendingRemovalId: true,
  removalId: true,
  externalId: true,
  managerId: true,
  ownedCount: true,
  createdAt: true,
  updatedAt: true,
  otherEmails: true,
  employeeNumber: true,
  department: true,
});
export type ListedUser = z.infer<typeof ListedUserSchema>;

export const ActorSchema = z.object({
  // SYSTEM: scheduled jobs (the billing cycle). SCIM: an identity provider, by its SCIM token's id.
  type: z.enum(['USER', 'HR_SYSTEM', 'SYSTEM', 'SCIM']),
  id: z.string().min(1),
});
export type Actor = z.infer<typeof ActorSchema>;

/** Statuses that hold a seat on seat-based plans (R8): a deactivated user keeps the seat. */
/** A user not removed: what every list shows, and what holds a seat (R8). */
export type LiveUserStatus = Exclude<UserStatus, 'REMOVED'>;
export const LIVE_USER_STATUSES: readonly LiveUserStatus[] = ['ACTIVE', 'INACTIVE', 'REMOVING'];
export const SEAT_HOLDING_STATUSES: readonly UserStatus[] = LIVE_USER_STATUSES;
