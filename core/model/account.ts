// Accounts, users and their vocabulary. Pure data shapes shared by every layer; no AWS here.
import * as z from 'zod';

export const PlanSchema = z.enum(['NANO', 'SWIFT', 'CRETA', 'ENTERPRISE']);
export type Plan = z.infer<typeof PlanSchema>;

export const RoleSchema = z.enum(['OWNER', 'ADMIN', 'MEMBER']);
export type Role = z.infer<typeof RoleSchema>;

export const UserStatusSchema = z.enum(['ACTIVE', 'INACTIVE', 'REMOVING', 'REMOVED']);
export type UserStatus = z.infer<typeof UserStatusSchema>;

export interface Account {
  accountId: string;
  name: string;
  plan: Plan;
  billingCycleDay: number;
  ownerId: string;
  /** Users holding a seat: ACTIVE, INACTIVE or REMOVING (R8). */
  seatsUsed: number;
  /** Who takes over an HR-removed user's resources when its manager cannot (default: the owner). */
  fallbackUserId?: string;
  /** Seats the account is billed for: seatsUsed plus adjustments not yet due (R8). */
  billedSeats: number;
}

export interface User {
  accountId: string;
  userId: string;
  email: string;
  displayName: string;
  role: Role;
  status: UserStatus;
  /** Optimistic-locking counter, bumped by every write to the user. */
  version: number;
  /** Set while REMOVING and kept on the tombstone: which removal owns this user. */
  removalId?: string;
  /** The one removal requested and not yet ended (SCHEDULED, RUNNING, AWAITING_DECISION): R10 guard. */
  pendingRemovalId?: string;
  /**
   * The removal that ended the user's access when it was accepted to run at once (R6 from the
   * 202); it counts only while that removal is still pending, so a failed or cancelled one gives
   * access back.
   */
  accessEndedBy?: string;
  /** The status to restore when a removal fails before the user is removed. */
  previousStatus?: UserStatus;
  removedAt?: string;
  /**
   * R6: the generation of integration API tokens that is valid. Revocation (removal, deactivation)
   * bumps it, which revokes every token issued before in one write; absent means 0.
   */
  tokenGeneration?: number;
  /**
   * R4/R5 in one item: how many resources the user owns and how many rotations it is a member of,
   * kept in the same transactions that change them. The owner index is only eventually
   * consistent; these counters let the final transaction prove the user holds nothing. Absent: 0.
   */
  ownedCount?: number;
  memberCount?: number;
}

export const ActorSchema = z.object({
  // SYSTEM: scheduled jobs (the billing cycle).
  type: z.enum(['USER', 'HR_SYSTEM', 'SYSTEM']),
  id: z.string().min(1),
});
export type Actor = z.infer<typeof ActorSchema>;

/** Statuses that hold a seat on seat-based plans (R8): a deactivated user keeps the seat. */
export const SEAT_HOLDING_STATUSES: readonly UserStatus[] = ['ACTIVE', 'INACTIVE', 'REMOVING'];
