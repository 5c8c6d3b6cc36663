// What the domain needs from the outside world. Adapters implement these (DynamoDB in Lambda, the
// local runtime and tests alike); the domain never imports an AWS SDK.
import type {
  Account,
  AuditEntry,
  PlanBatch,
  RemovalRecord,
  RemovalRequest,
  ResourceRef,
  User,
  UserStatus,
} from './model/index.ts';

export interface Ownership {
  owned: ResourceRef[];
  memberships: ResourceRef[];
}

export interface PendingSeatAdjustment {
  accountId: string;
  removalId: string;
  seats: number;
  effectiveOn: string;
}

export interface CompletedRemoval {
  removedAt: string;
  seatReleased: boolean;
  billingEffectiveOn: string | null;
}

/** Reads the removal workflow makes. */
export interface RemovalReader {
  getAccount(accountId: string): Promise<Account | undefined>;
  getUser(accountId: string, userId: string): Promise<User | undefined>;
  /** Users by id (one BatchGet); missing ids are absent from the map. */
  getUsers(accountId: string, userIds: readonly string[]): Promise<Map<string, User>>;
  getRemoval(removalId: string): Promise<RemovalRecord | undefined>;
  /** Owned resources and memberships of a user, from the owner index (Query, never Scan). */
  listOwnership(accountId: string, userId: string): Promise<Ownership>;
  /** Member user ids of a team or routing rule. */
  listMembers(accountId: string, resource: ResourceRef): Promise<string[]>;
  /** How many resources the user still owns or is a member of. */
  countOwnership(accountId: string, userId: string): Promise<number>;
  getPlanBatch(removalId: string, batchKey: string): Promise<PlanBatch | undefined>;
  listAppliedBatches(removalId: string): Promise<PlanBatch[]>;
}

/** Writes of the removal workflow: each one conditional, so a retried step changes nothing twice. */
export interface RemovalWriter {
  /** R6: user → REMOVING (if still at `user.version`), its API tokens revoked, removal RUNNING. */
  beginRemoval(args: { request: RemovalRequest; user: User; startedAt: string; audit: AuditEntry }): Promise<void>;
  /** R6: every ACTIVE API token of the user → REVOKED. Idempotent; returns how many were revoked. */
  revokeApiTokens(accountId: string, userId: string, revokedAt: string): Promise<number>;
  savePlan(batches: PlanBatch[]): Promise<void>;
  /** One transaction; 'already-applied' when a retry finds its own earlier commit. */
  applyBatch(batch: PlanBatch, audit: AuditEntry): Promise<'applied' | 'already-applied'>;
  /** User REMOVED, email freed, seat released, adjustment recorded, removal COMPLETED: one transaction. */
  completeRemoval(args: {
    request: RemovalRequest;
    user: User;
    completed: CompletedRemoval;
    adjustment: PendingSeatAdjustment | null;
    audit: AuditEntry;
  }): Promise<'removed' | 'already-removed'>;
  /** Removal FAILED; the user restored to `restoreTo` if the removal still holds it. */
  failRemoval(args: {
    request: RemovalRequest;
    failure: { code: string; message: string };
    failedAt: string;
    restoreTo: UserStatus | null;
    audit: AuditEntry;
  }): Promise<'failed' | 'already-failed' | 'already-completed'>;
}

export type RemovalStore = RemovalReader & RemovalWriter;

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
