// What the domain needs from the outside world. Adapters implement these (DynamoDB in Lambda, the
// local runtime and tests alike); the domain never imports an AWS SDK.
import type { OutboxEvent } from './events/outbox.ts';
import type { TerminationRecord } from './hr/hr-events.ts';
import type { IntegrationToken, TokenKind } from './tokens/integration-token.ts';
import type { CallLogEntry } from './calls/call-records.ts';
import type {
  Account,
  Actor,
  ListedUser,
  LiveUserStatus,
  MemberStatus,
  Plan,
  Resource,
  AuditEntry,
  BatchOutcome,
  PlanBatch,
  ReassignmentRequest,
  RemovalRecord,
  RemovalRequest,
  RemovalStatus,
  ResourceRef,
  ResourceType,
  User,
  UserStatus,
} from './model/index.ts';

export interface UserFilter {
  q?: string | undefined;
  status?: LiveUserStatus | undefined;
  /** The list's order without `q` (SCIM's sortBy/sortOrder): by name (the default) or by email, either way. */
  order?: UserOrder | undefined;
}

export type UserOrder = { by: 'name' | 'email'; descending: boolean };
/** An order's name in cursors and remembered SCIM positions: `name`, `email-desc`, … */
export const userOrderName = (order: UserOrder): string => `${order.by}${order.descending ? '-desc' : ''}`;

export interface UserPage {
  users: ListedUser[];
  nextCursor: string | null;
}

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

// ── stores, one per aggregate ─────────────────────────────────────────────────────────────────
// A change that spans aggregates is one transaction with one home: the store of the aggregate whose
// lifecycle it moves (taking, completing or releasing a user is a removal's transition, so it lives
// in the removal store; reassigning a batch is the plan's). The other aggregates' items in it are
// built by their own modules (docs/removal-flow.md, "One store per aggregate").

/** Users: who they are, their status and what they hold (counters, rotations). */
export interface UserStore {
  getUser(accountId: string, userId: string): Promise<User | undefined>;
  /** Users by id (one BatchGet); missing ids are absent from the map. */
  getUsers(accountId: string, userIds: readonly string[]): Promise<Map<string, User>>;
  /** A user by email (the account's email claim); REMOVED users have none. */
  findUserByEmail(accountId: string, email: string): Promise<User | undefined>;
  /** Accounts in which a user id exists (a sign-in JWT carries only the user id). */
  findAccountsOfUser(userId: string): Promise<string[]>;
  /**
   * A page of the account's live users (never REMOVED), by name; `q`: those whose name or email
   * starts with it (case-insensitive), in the order of what matched (the name, else the email). A
   * page may hold fewer than `limit` users while `nextCursor` is not null.
   */
  listUsers(accountId: string, filter: UserFilter, limit: number, cursor?: string): Promise<UserPage>;
  /** The live users the identity provider knows by this externalId (exact, case-sensitive). */
  /** The account's users (not REMOVED) whose externalId, employee number or department is exactly `value`. */
  findUsersBy(
    accountId: string,
    attribute: 'externalId' | 'employeeNumber' | 'department',
    value: string,
  ): Promise<User[]>;
  /** Where SCIM's `startIndex` begins in the unfiltered list, as a cursor, if a page ending there was served lately. */
  /** Where a SCIM list page at `startIndex` begins, in the list's `order` (e.g. `name`, `email-desc`). */
  listPosition(accountId: string, startIndex: number, order?: string): Promise<string | undefined>;
  rememberListPosition(accountId: string, startIndex: number, cursor: string, order?: string): Promise<void>;
  /** New user, email claimed, seat taken — one transaction; SEAT_LIMIT_REACHED / EMAIL_IN_USE. */
  addUser(args: {
    user: User;
    seatLimit: number | null;
    audit: AuditEntry;
    /** UserAdded, written with the user (the identity sync creates the sign-in identity from it). */
    outbox: OutboxEvent;
    /** HR/SSO and SCIM provisioning do not lift R11's block on an email HR removed; an admin's invitation does. */
    provisionedBy?: 'USER' | 'HR_SYSTEM' | 'SCIM';
  }): Promise<void>;
  /**
   * Role, name and identity-provider fields, if the user is still at its version and not being
   * removed, and (an admin's change) the requester still an ACTIVE admin (R1 at the write).
   */
  updateProfile(args: {
    user: User;
    changes: Partial<
      Pick<User, 'role' | 'displayName' | 'externalId' | 'managerId' | 'otherEmails' | 'employeeNumber' | 'department'>
    >;
    audit: AuditEntry;
    /** UserUpdated, written with the change. */
    outbox?: OutboxEvent;
  }): Promise<void>;
  /** ACTIVE ↔ INACTIVE if the user is still at its version; API tokens are revoked separately. */
  changeUserStatus(args: {
    user: User;
    to: 'ACTIVE' | 'INACTIVE';
    audit: AuditEntry;
    outbox: OutboxEvent;
  }): Promise<void>;
}

/** The account: its plan, its owner and its seats (used, billed, adjustments due). */
export interface AccountStore {
  getAccount(accountId: string): Promise<Account | undefined>;
  transferOwnership(args: {
    accountId: string;
    from: User;
    to: User;
    audit: AuditEntry;
    outbox: OutboxEvent;
  }): Promise<void>;
  /** PENDING seat adjustments effective on or before the date (YYYY-MM-DD), across accounts, oldest first. */
  listDueAdjustments(asOf: string): Promise<PendingSeatAdjustment[]>;
  /** PENDING → APPLIED with the account's billed seats, audit and SeatsAdjusted; once per removalId. */
  applyAdjustment(args: {
    adjustment: PendingSeatAdjustment;
    appliedAt: string;
    audit: AuditEntry;
    outbox: OutboxEvent;
  }): Promise<'applied' | 'already-applied'>;
}

/**
 * Removals: the record's lifecycle (core/removal/lifecycle.ts) and the user-side changes that move
 * with it — each write conditional, so a retried step changes nothing twice.
 */
export interface RemovalStore {
  getRemoval(removalId: string): Promise<RemovalRecord | undefined>;
  /** Removal records by id, read by key in batches (ids without a record are absent). */
  getRemovals(removalIds: readonly string[]): Promise<Map<string, RemovalRecord>>;
  /** The account, some of its users and (if named) a removal in one round trip (BatchGetItem). */
  getRemovalContext(args: { accountId: string; userIds: string[]; removalId?: string }): Promise<{
    account: Account | undefined;
    users: Map<string, User>;
    removal: RemovalRecord | undefined;
  }>;
  /**
   * A page of the account's removals, newest first (its removals index); with `status`, only those
   * (a page may then hold fewer than `limit`: the filter applies to what one page read).
   */
  listRemovals(
    accountId: string,
    filter: { status?: RemovalStatus | undefined },
    limit: number,
    cursor?: string,
  ): Promise<{ removals: RemovalRecord[]; nextCursor: string | null }>;
  getIdempotency(accountId: string, callerId: string, key: string): Promise<IdempotencyRecord | undefined>;
  /** The removal record, the user's pending-removal guard and the Idempotency-Key: one transaction. */
  createRemoval(args: {
    request: RemovalRequest;
    status: 'RUNNING' | 'SCHEDULED';
    effectiveAt: string | null;
    user: User;
    idempotency: { callerId: string; key: string; requestHash: string; expiresAt: number } | null;
    audit: AuditEntry;
    outbox: OutboxEvent | null;
  }): Promise<void>;
  /**
   * Removals indexed as SCHEDULED with an effective time at or before `asOf`, oldest first, at most
   * `limit`. An entry may be stale (started, cancelled): the record decides.
   */
  listOverdueScheduled(asOf: string, limit: number): Promise<string[]>;
  /** Takes a removal that is no longer SCHEDULED out of that index (nothing if it still is). */
  forgetScheduled(removalId: string): Promise<void>;
  /** A SCHEDULED removal moved to another time (HR TerminationRescheduled). */
  rescheduleRemoval(args: {
    removalId: string;
    effectiveAt: string;
    audit: AuditEntry;
    outbox: OutboxEvent;
  }): Promise<void>;
  /** AWAITING_DECISION → RUNNING with the admin's decision recorded; NOT_AWAITING_DECISION otherwise. */
  recordDecision(args: { removalId: string; decision: Decision; audit: AuditEntry }): Promise<void>;
  /**
   * SCHEDULED or AWAITING_DECISION → CANCELLED (who, when), the user's guard cleared;
   * NOT_CANCELLABLE otherwise. `outbox`: the RemovalCancelled event, when nothing else is left to do
   * (a scheduled removal); a waiting one's compensation publishes it as it gives the user back.
   */
  cancelRemoval(args: {
    removal: RemovalRecord;
    cancelledAt: string;
    cancelledBy: Actor;
    audit: AuditEntry;
    outbox?: OutboxEvent;
  }): Promise<void>;
  /** R6: user → REMOVING (if still at `user.version`) with its token generation bumped, removal RUNNING. */
  beginRemoval(args: {
    request: RemovalRequest;
    user: User;
    startedAt: string;
    audit: AuditEntry;
    /** RemovalStarted, written with the change. */
    outbox: OutboxEvent;
    /**
     * Taking the user without having read it first: the write also requires the account's plan and
     * cycle day and these targets' ACTIVE status as assumed, and answers 'stale' — changing
     * nothing — if anything differs (the caller then reads and checks).
     */
    assumed?: { plan: Plan; billingCycleDay: number; activeTargets: readonly string[] };
  }): Promise<'begun' | 'stale'>;
  /** The removal waits for an admin: AWAITING_DECISION with the workflow's task token. */
  awaitDecision(args: { removalId: string; taskToken: string; at: string }): Promise<void>;
  /** User REMOVED, email freed, seat released, adjustment recorded, removal COMPLETED: one transaction. */
  completeRemoval(args: {
    request: RemovalRequest;
    user: Pick<User, 'accountId' | 'userId' | 'email' | 'displayName' | 'externalId' | 'employeeNumber' | 'department'>;
    completed: CompletedRemoval;
    adjustment: PendingSeatAdjustment | null;
    audit: AuditEntry;
  }): Promise<'removed' | 'already-removed'>;
  /**
   * Removal FAILED; the user released from this removal (its pending guard cleared) and left
   * `restoreTo` if given (R13: INACTIVE once its access had ended; a cancellation: its previous status).
   */
  failRemoval(args: {
    request: RemovalRequest;
    failure: { code: string; message: string };
    failedAt: string;
    restoreTo: UserStatus | null;
    releaseUser: boolean;
    /** The removal had taken the user (REMOVING); otherwise it had at most ended its access. */
    taken: boolean;
    /** The removal was cancelled while waiting: give the user back, leave the record CANCELLED. */
    cancelled: boolean;
    audit: AuditEntry;
    /** Published with the change: RemovalCancelled when a cancelled removal gives the user back. */
    outbox?: OutboxEvent;
  }): Promise<'failed' | 'cancelled' | 'already-failed' | 'already-completed'>;
}

/** A removal's reassignment plan: what the user holds, the batches, and applying them. */
export interface PlanStore {
  /**
   * What a user owns, from the owner index (Query, never Scan), and the rotations it is in — its
   * `memberOf`, read from the user unless given (a removal carries them from when it took the user).
   */
  listOwnership(accountId: string, userId: string, rotations?: readonly ResourceRef[]): Promise<Ownership>;
  /** Each rotation's members and whether they take calls, by `resourceKey` (consistent reads, batched). */
  listRotationMembers(
    accountId: string,
    rotations: readonly ResourceRef[],
  ): Promise<Map<string, Map<string, MemberStatus>>>;
  savePlan(batches: PlanBatch[]): Promise<void>;
  getPlanBatch(removalId: string, batchKey: string): Promise<PlanBatch | undefined>;
  listAppliedBatches(removalId: string): Promise<PlanBatch[]>;
  /** One transaction; 'already-applied' when a retry finds its own earlier commit. */
  applyBatch(batch: PlanBatch, audit: AuditEntry): Promise<BatchOutcome>;
}

/** A resource with how its rotation records each member (whether they take calls, R5). */
export interface StoredResource extends Resource {
  memberStatuses: Record<string, MemberStatus>;
}

/**
 * Numbers, call flows, teams and routing rules outside a removal: each change one transaction with
 * the counters of every user it gives to or takes from (R12), audited and announced; a change
 * under a resource read before (`resource`) commits only if the resource is still as read.
 */
/** A change under a resource read before: committed, or the resource changed since (read again, decide again). */
export type ResourceWrite = 'done' | 'changed';

export interface ResourceStore {
  getResource(accountId: string, ref: { type: ResourceType; id: string }): Promise<StoredResource | undefined>;
  /** INVALID_OWNER when the owner or a member may not receive (R12) when it commits. */
  createResource(args: { resource: Resource; audit: AuditEntry; outbox: OutboxEvent }): Promise<void>;
  /** A new name, a new owner (`null`: the number pool), or both; INVALID_OWNER as above. */
  updateResource(args: {
    resource: StoredResource;
    changes: { name?: string; ownerId?: string | null };
    audit: AuditEntry;
    outbox?: OutboxEvent;
  }): Promise<ResourceWrite>;
  /** The resource gone, its owner's and every member's counters with it. */
  deleteResource(args: { resource: StoredResource; audit: AuditEntry; outbox: OutboxEvent }): Promise<ResourceWrite>;
  addMember(args: {
    resource: StoredResource;
    userId: string;
    audit: AuditEntry;
    outbox: OutboxEvent;
  }): Promise<ResourceWrite>;
  /** `witnessId`: another member whose entry must still be ACTIVE when it commits (R5), if the leaver takes calls. */
  removeMember(args: {
    resource: StoredResource;
    userId: string;
    witnessId: string | undefined;
    audit: AuditEntry;
    outbox: OutboxEvent;
  }): Promise<ResourceWrite>;
}

/** Integration tokens (API, SCIM, HR), stored by the hash of their secret (never the secret). */
export interface TokenStore {
  /**
   * A new token, audited — only while its creator is ACTIVE at the generation the token carries
   * and, for a SCIM or HR token, still an admin or the owner (R1, R6 at the write).
   */
  saveToken(record: IntegrationToken, hash: string, audit: AuditEntry): Promise<void>;
  findToken(secret: string): Promise<IntegrationToken | undefined>;
  getToken(accountId: string, kind: TokenKind, tokenId: string): Promise<IntegrationToken | undefined>;
  /** The account's tokens of a kind, newest first. */
  listTokens(accountId: string, kind: TokenKind): Promise<IntegrationToken[]>;
  /** ACTIVE → REVOKED, audited (a revoked token: nothing changes). */
  revokeToken(args: { token: IntegrationToken; revokedAt: string; audit: AuditEntry }): Promise<void>;
}

/** Call records (R7: stored with the user's name at the time, never changed). */
export interface CallStore {
  /** Stores the call once per callId: 'duplicate' when that callId is already recorded. */
  recordCall(entry: CallLogEntry & { accountId: string }): Promise<'recorded' | 'duplicate'>;
}

/** Every store, as the use cases receive them. */
/** One user of a bulk removal: the removal it started, or why it was refused. */
export interface BulkRemovalItem {
  userId: string;
  removalId: string | null;
  refused: { code: string; message: string } | null;
}

export interface BulkRemovalRecord {
  bulkRemovalId: string;
  accountId: string;
  requestedBy: Actor;
  requestedAt: string;
  reason: string | null;
  items: BulkRemovalItem[];
}

/** Bulk removals of an account: what was asked for, user by user (docs/api.md, Bulk removals). */
export interface BulkRemovalStore {
  saveBulkRemoval(record: BulkRemovalRecord): Promise<void>;
  /** NOT_FOUND for another account's or an unknown id. */
  getBulkRemoval(accountId: string, bulkRemovalId: string): Promise<BulkRemovalRecord>;
  /**
   * Claims an Idempotency-Key of a caller for a bulk (kept a day): undefined when this call claimed
   * it, else what the key was first used for.
   */
  claimBulkKey(
    accountId: string,
    callerId: string,
    key: string,
    use: { bulkRemovalId: string; requestHash: string },
  ): Promise<{ bulkRemovalId: string; requestHash: string } | undefined>;
  /** Newest first, without their items. */
  listBulkRemovals(
    accountId: string,
    limit: number,
    cursor?: string,
  ): Promise<{ bulkRemovals: Omit<BulkRemovalRecord, 'items'>[]; nextCursor: string | null }>;
}

export interface Stores {
  bulkRemovals: BulkRemovalStore;
  users: UserStore;
  accounts: AccountStore;
  removals: RemovalStore;
  plans: PlanStore;
  tokens: TokenStore;
  resources: ResourceStore;
  calls: CallStore;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

// ── the dashboard API's ports ────────────────────────────────────────────────────────────────

export interface IdempotencyRecord {
  requestHash: string;
  removalId: string;
}

export interface CallLogPage {
  calls: CallLogEntry[];
  nextCursor: string | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  nextCursor: string | null;
}

/**
 * Which resources a list asks for: of a type, of an owner (`null`: the number pool), of a member's
 * rotations; or of a type whose name starts with `q` (case-insensitive), by name.
 */
export interface ResourceFilter {
  type?: ResourceType | undefined;
  q?: string | undefined;
  ownerId?: string | null | undefined;
  memberId?: string | undefined;
}

export interface ResourcePage {
  resources: Resource[];
  nextCursor: string | null;
}

/** Read models of an account for the dashboard: Queries on its partitions, never a Scan. */
/** What an auditor asks the audit log for: a time range (inclusive ISO times) and who did what to whom. */
export interface AuditFilter {
  action?: string | undefined;
  actorId?: string | undefined;
  targetUserId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export interface AccountViews {
  resources(accountId: string, filter: ResourceFilter, limit: number, cursor?: string): Promise<ResourcePage>;
  /** Newest first; a user's calls from their own index partition, never the account's. */
  callLogs(
    accountId: string,
    filter: { userId?: string | undefined },
    limit: number,
    cursor?: string,
  ): Promise<CallLogPage>;
  /** Newest first; `filter` narrows by time (a key range) and by action, actor or target user. */
  auditLog(accountId: string, limit: number, cursor?: string, filter?: AuditFilter): Promise<AuditPage>;
  pendingSeatAdjustments(accountId: string): Promise<PendingSeatAdjustment[]>;
}

/** Starts removal executions (name = removalId) and answers their waits for a decision. */
export interface RemovalWorkflow {
  start(request: RemovalRequest): Promise<void>;
  /** Resumes an execution waiting for a decision (SendTaskSuccess); `wait-ended` when nothing waits on the token any more. */
  sendDecision(taskToken: string, decision: DecisionMessage): Promise<'delivered' | 'wait-ended'>;
  /** Ends a wait with an error (SendTaskFailure), e.g. REMOVAL_CANCELLED; `wait-ended` as above. */
  failWait(taskToken: string, error: string, cause: string): Promise<'delivered' | 'wait-ended'>;
}

export interface Decision {
  reassignTo?: string | undefined;
  reassignments?: ReassignmentRequest[] | undefined;
}

/** What resumes a waiting execution: the decision itself, or word that the removal record holds it. */
export type DecisionMessage = Decision | { recorded: true };

/**
 * The sign-in identities of offboard users (AWS: the Cognito user pool, where an identity's
 * username is the userId). Every operation is idempotent: repeating it changes nothing.
 */
export interface IdentityDirectory {
  /**
   * The account the identity belongs to (its `custom:accountId`; undefined for an identity made
   * before identities carried it), or 'none' when there is no such identity.
   */
  accountOf(userId: string): Promise<{ accountId: string | undefined } | 'none'>;
  /** Creates the identity (tied to its account) and sends the invitation; an existing identity is left as it is. */
  provision(user: Pick<User, 'accountId' | 'userId' | 'email' | 'displayName'>): Promise<void>;
  /** Lets the identity sign in again. */
  enable(userId: string): Promise<void>;
  /** Stops the identity signing in and signs it out everywhere (a missing identity: nothing to do). */
  disable(userId: string): Promise<void>;
  /** Signs the identity out everywhere and deletes it (a missing identity: nothing to do). */
  remove(userId: string): Promise<void>;
  /**
   * Sends the invitation again with a new temporary password (the first one expires after 7 days):
   * 'sent'; 'signed-in' when the identity already chose its password; 'none' when there is none.
   */
  resendInvitation(userId: string): Promise<'sent' | 'signed-in' | 'none'>;
}

/** One-time schedules that start a removal's execution at its effective time (R11). */
export interface RemovalScheduler {
  /** Creates or moves the schedule of this removal. */
  schedule(request: RemovalRequest, effectiveAt: string): Promise<void>;
  /** Deletes it; nothing happens when there is none. */
  cancel(removalId: string): Promise<void>;
}

/** The HR path's store: the termination register and the HR events it did not carry out. */
export interface HrStore {
  getTermination(accountId: string, email: string): Promise<TerminationRecord | undefined>;
  /**
   * Saves the register if it is still at `previousEventTime` (absent for the first event), marked
   * as not yet reconciled.
   */
  saveTermination(record: TerminationRecord, previousEventTime: string | undefined): Promise<void>;
  /** Marks the register reconciled, if it still holds the event of `lastEventTime`. */
  markReconciled(record: TerminationRecord): Promise<void>;
  /** An HR event offboard did not carry out (unknown user, refused provisioning): audited and announced. */
  recordRefusal(args: { audit: AuditEntry; outbox: OutboxEvent }): Promise<void>;
}
