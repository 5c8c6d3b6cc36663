// An in-memory database for the fast test tier: the state every in-memory store works on
// (stores.ts maps each port of core/ports.ts onto it), and the workflow's reads and writes. The use
// cases run against it in milliseconds, without Java. It keeps the contract the DynamoDB stores keep —
// every write checked against what it expects (the user's version, the owner of a resource, the
// targets and witnesses ACTIVE, the user's counters at the end) and a retry recognised — but it is
// not the table: test/workflow and test/integration prove the DynamoDB stores against DynamoDB Local.
import { REMOVAL_TRANSITIONS } from '#core/removal/lifecycle.ts';
import {
  InvalidReassignmentTargetError,
  NotFoundError,
  OwnershipChangedError,
  RemovalInProgressError,
  TransientStoreError,
} from '#core/errors.ts';
import type { OutboxEvent } from '#core/events/outbox.ts';
import {
  PENDING_REMOVAL_STATUSES,
  resourceKey,
  type Account,
  type AuditEntry,
  type PlanBatch,
  type RemovalRecord,
  type RemovalRequest,
  type ResourceRef,
  type User,
  memberStatusOf,
  rotationsOf,
  type MemberStatus,
} from '#core/model/index.ts';
import type { AccountStore, Ownership, PendingSeatAdjustment, RemovalStore } from '#core/ports.ts';
import { mayReceive } from '#core/resources/receivers.ts';

export interface StoredResource extends ResourceRef {
  /** null: a number in the pool. */
  ownerId: string | null;
  members: Set<string>;
}

const copy = <T>(value: T): T => structuredClone(value);

export class InMemoryDatabase {
  readonly accounts = new Map<string, Account>();
  readonly users = new Map<string, User>();
  readonly resources = new Map<string, StoredResource>();
  readonly removals = new Map<string, RemovalRecord>();
  readonly batches = new Map<string, { status: 'PENDING' | 'APPLIED'; batch: PlanBatch }>();
  readonly audit: AuditEntry[] = [];
  readonly outbox: OutboxEvent[] = [];
  readonly adjustments: PendingSeatAdjustment[] = [];
  /** The removals whose seat adjustment the billing cycle applied. */
  readonly appliedAdjustments = new Set<string>();

  /** The removal record an accepted request writes, alone (test/support/accounts.ts's recordAccepted). */
  recordAccepted(request: RemovalRequest): RemovalRequest {
    if (!this.removals.has(request.removalId))
      this.removals.set(request.removalId, {
        request: copy(request),
        removalId: request.removalId,
        accountId: request.accountId,
        userId: request.userId,
        requestedBy: request.requestedBy,
        requestedAt: request.requestedAt,
        status: 'RUNNING',
        step: 'RUNNING',
      } as RemovalRecord);
    return request;
  }

  /** Seeds an account with its users and resources (counters derived as the seed writer derives them). */
  seed(
    account: Account,
    users: Omit<User, 'accountId' | 'version'>[],
    resources: (ResourceRef & { ownerId: string; members?: string[] })[],
  ) {
    this.accounts.set(account.accountId, copy(account));
    for (const user of users) {
      this.users.set(this.userKey(account.accountId, user.userId), {
        ...copy(user),
        accountId: account.accountId,
        version: 1,
        ownedCount: resources.filter((r) => r.ownerId === user.userId).length,
        memberCount: resources.filter((r) => r.members?.includes(user.userId)).length,
        memberOf: Object.fromEntries(
          resources.filter((r) => r.members?.includes(user.userId)).map((r) => [resourceKey(r), r.name]),
        ),
      });
    }
    for (const r of resources)
      this.resources.set(this.resourceKeyOf(account.accountId, r), {
        type: r.type,
        id: r.id,
        name: r.name,
        ownerId: r.ownerId,
        members: new Set(r.members ?? []),
      });
  }

  userKey = (accountId: string, userId: string) => `${accountId}/${userId}`;
  resourceKeyOf = (accountId: string, ref: { type: ResourceRef['type']; id: string }) =>
    `${accountId}/${resourceKey(ref)}`;
  private batchKeyOf = (removalId: string, batchKey: string) => `${removalId}/${batchKey}`;
  user(accountId: string, userId: string) {
    return this.users.get(this.userKey(accountId, userId));
  }

  // ── reads ──────────────────────────────────────────────────────────────────────────────────────

  async getAccount(accountId: string) {
    return copy(this.accounts.get(accountId));
  }

  async getUser(accountId: string, userId: string) {
    return copy(this.user(accountId, userId));
  }

  async getUsers(accountId: string, userIds: readonly string[]) {
    const found = new Map<string, User>();
    for (const id of userIds) {
      const user = this.user(accountId, id);
      if (user) found.set(id, copy(user));
    }
    return found;
  }

  async getRemoval(removalId: string) {
    return copy(this.removals.get(removalId));
  }

  async getRemovalContext(args: { accountId: string; userIds: string[]; removalId?: string }) {
    return {
      account: await this.getAccount(args.accountId),
      users: await this.getUsers(args.accountId, args.userIds),
      removal: args.removalId ? await this.getRemoval(args.removalId) : undefined,
    };
  }

  async findUserByEmail(accountId: string, email: string) {
    const user = [...this.users.values()].find(
      (u) => u.accountId === accountId && u.email === email.toLowerCase() && u.status !== 'REMOVED',
    );
    return copy(user);
  }

  async listOwnership(accountId: string, userId: string, rotations?: readonly ResourceRef[]): Promise<Ownership> {
    const prefix = `${accountId}/`;
    const mine = [...this.resources.entries()].filter(([key]) => key.startsWith(prefix)).map(([, r]) => r);
    const ref = ({ type, id, name }: StoredResource): ResourceRef => ({ type, id, name });
    return {
      owned: mine.filter((r) => r.ownerId === userId).map(ref),
      memberships: rotations ? [...rotations] : rotationsOf(this.user(accountId, userId)),
    };
  }

  /** As a rotation's item records it: REMOVING counts as the status the removal took the user from. */
  memberStatus(accountId: string, userId: string): MemberStatus {
    const user = this.user(accountId, userId);
    return memberStatusOf(
      user?.status === 'REMOVING' ? (user.previousStatus ?? 'ACTIVE') : (user?.status ?? 'INACTIVE'),
    );
  }

  async listRotationMembers(accountId: string, rotations: readonly ResourceRef[]) {
    return new Map(
      rotations.map((ref) => [
        resourceKey(ref),
        new Map(
          [...(this.resources.get(this.resourceKeyOf(accountId, ref))?.members ?? [])].map(
            (id) => [id, this.memberStatus(accountId, id)] as const,
          ),
        ),
      ]),
    );
  }

  async getPlanBatch(removalId: string, batchKey: string) {
    return copy(this.batches.get(this.batchKeyOf(removalId, batchKey))?.batch);
  }

  async listAppliedBatches(removalId: string) {
    return [...this.batches.entries()]
      .filter(([key, b]) => key.startsWith(`${removalId}/`) && b.status === 'APPLIED')
      .map(([, b]) => copy(b.batch));
  }

  // ── writes ─────────────────────────────────────────────────────────────────────────────────────

  async beginRemoval({
    request,
    user,
    startedAt,
    audit,
    outbox,
    assumed,
  }: Parameters<RemovalStore['beginRemoval']>[0]): Promise<'begun' | 'stale'> {
    const current = this.user(request.accountId, request.userId);
    if (assumed) {
      const account = this.accounts.get(request.accountId);
      const requester =
        request.requestedBy.type === 'USER' ? this.user(request.accountId, request.requestedBy.id) : null;
      const holds =
        current?.version === user.version &&
        (current.status === 'ACTIVE' || current.status === 'INACTIVE') &&
        (current.pendingRemovalId ?? request.removalId) === request.removalId &&
        current.ownedCount === user.ownedCount &&
        current.memberCount === user.memberCount &&
        account?.plan === assumed.plan &&
        account.billingCycleDay === assumed.billingCycleDay &&
        assumed.activeTargets.every((id) => this.user(request.accountId, id)?.status === 'ACTIVE') &&
        (requester === null || (requester?.status === 'ACTIVE' && requester.role !== 'MEMBER')) &&
        REMOVAL_TRANSITIONS.authorize.from.some((from) => from === this.removals.get(request.removalId)?.status) &&
        // Taken unread only if the record holds this very request (R14).
        JSON.stringify(this.removals.get(request.removalId)?.request) === JSON.stringify(request);
      if (!holds) return 'stale';
    }
    if (!current || current.version !== user.version)
      throw new TransientStoreError(`User ${user.userId} changed while the removal started`);
    if (current.status === 'REMOVING') throw new RemovalInProgressError(current.removalId ?? 'unknown');
    const removal = this.removals.get(request.removalId);
    // Only a record an accepted request created moves (R14).
    if (!removal) throw new TransientStoreError(`Removal ${request.removalId} has no record`);
    Object.assign(current, {
      status: 'REMOVING',
      previousStatus: current.status,
      removalId: request.removalId,
      pendingRemovalId: request.removalId,
      version: current.version + 1,
      tokenGeneration: (current.tokenGeneration ?? 0) + 1,
    });
    this.removals.set(request.removalId, {
      ...removal,
      status: 'RUNNING',
      step: 'AUTHORIZED',
      startedAt,
    } as RemovalRecord);
    this.audit.push(copy(audit));
    this.outbox.push(copy(outbox));
    return 'begun';
  }

  async awaitDecision({ removalId, taskToken }: { removalId: string; taskToken: string; at: string }) {
    const removal = this.removals.get(removalId);
    if (!removal) throw new NotFoundError(`No removal ${removalId}`);
    Object.assign(removal, { status: 'AWAITING_DECISION', step: 'AWAITING_DECISION', taskToken });
  }

  async savePlan(batches: PlanBatch[]) {
    for (const batch of batches)
      this.batches.set(this.batchKeyOf(batch.removalId, batch.batchKey), { status: 'PENDING', batch: copy(batch) });
  }

  async applyBatch(batch: PlanBatch, audit: AuditEntry) {
    const marker = this.batches.get(this.batchKeyOf(batch.removalId, batch.batchKey));
    if (marker?.status === 'APPLIED') return 'already-applied' as const;
    const { accountId, userId } = batch;
    const user = this.user(accountId, userId);
    if (user?.removalId !== batch.removalId)
      throw new OwnershipChangedError(`User ${userId} is not held by this removal`);
    // Everything is checked before anything changes, as one transaction would.
    const targets = new Set([
      ...batch.ownership.flatMap((c) => (c.toUserId === null ? [] : [c.toUserId])),
      ...batch.memberships.flatMap((c) => (c.replacedBy ? [c.replacedBy] : [])),
    ]);
    const inactiveTargets = [...targets].filter((id) => !mayReceive(this.user(accountId, id), accountId));
    if (inactiveTargets.length > 0) throw new InvalidReassignmentTargetError(inactiveTargets);
    const changed = [
      ...batch.ownership.filter((c) => this.resources.get(this.resourceKeyOf(accountId, c))?.ownerId !== userId),
      ...batch.memberships.filter((c) => {
        const rotation = this.resources.get(this.resourceKeyOf(accountId, c));
        const witnessGone =
          c.witnessId &&
          !(rotation?.members.has(c.witnessId) && this.memberStatus(accountId, c.witnessId) === 'ACTIVE');
        return !rotation?.members.has(userId) || witnessGone;
      }),
    ];
    if (changed.length > 0)
      throw new OwnershipChangedError(`Resources changed during reassignment: ${changed.map((c) => c.id).join(', ')}`);

    for (const change of batch.ownership) {
      this.resources.get(this.resourceKeyOf(accountId, change))!.ownerId = change.toUserId;
      const target = change.toUserId === null ? undefined : this.user(accountId, change.toUserId);
      if (target) target.ownedCount = (target.ownedCount ?? 0) + 1;
    }
    for (const change of batch.memberships) {
      const rotation = this.resources.get(this.resourceKeyOf(accountId, change))!;
      rotation.members.delete(userId);
      delete user.memberOf?.[resourceKey(change)];
      if (change.replacedBy) {
        rotation.members.add(change.replacedBy);
        const joiner = this.user(accountId, change.replacedBy)!;
        joiner.memberCount = (joiner.memberCount ?? 0) + 1;
        joiner.memberOf = { ...joiner.memberOf, [resourceKey(change)]: change.name };
      }
    }
    user.ownedCount = (user.ownedCount ?? 0) - batch.ownership.length;
    user.memberCount = (user.memberCount ?? 0) - batch.memberships.length;
    this.batches.set(this.batchKeyOf(batch.removalId, batch.batchKey), { status: 'APPLIED', batch: copy(batch) });
    this.audit.push(copy(audit));
    return 'applied' as const;
  }

  async completeRemoval({ request, completed, adjustment, audit }: Parameters<RemovalStore['completeRemoval']>[0]) {
    const { accountId, userId, removalId } = request;
    const user = this.user(accountId, userId);
    if (user?.status === 'REMOVED' && user.removalId === removalId) return 'already-removed' as const;
    if (user?.status !== 'REMOVING' || user.removalId !== removalId)
      throw new NotFoundError(`User ${userId} is no longer held by removal ${removalId}`);
    if ((user.ownedCount ?? 0) > 0 || (user.memberCount ?? 0) > 0)
      throw new OwnershipChangedError(
        `User ${userId} still owns ${user.ownedCount ?? 0} resources and is in ${user.memberCount ?? 0} rotations`,
      );
    Object.assign(user, { status: 'REMOVED', removedAt: completed.removedAt, version: user.version + 1 });
    delete user.pendingRemovalId;
    const account = this.accounts.get(accountId)!;
    account.seatsUsed -= 1;
    if (adjustment) this.adjustments.push(copy(adjustment));
    Object.assign(this.removals.get(removalId)!, {
      status: 'COMPLETED',
      step: 'COMPLETED',
      endedAt: completed.removedAt,
      seat: { released: completed.seatReleased, billingEffectiveOn: completed.billingEffectiveOn },
    });
    this.audit.push(copy(audit));
    return 'removed' as const;
  }

  async listDueAdjustments(asOf: string) {
    return this.adjustments
      .filter((a) => a.effectiveOn <= asOf && !this.appliedAdjustments.has(a.removalId))
      .sort((a, b) => a.effectiveOn.localeCompare(b.effectiveOn))
      .map(copy);
  }

  async applyAdjustment({ adjustment, audit, outbox }: Parameters<AccountStore['applyAdjustment']>[0]) {
    if (this.appliedAdjustments.has(adjustment.removalId)) return 'already-applied' as const;
    this.appliedAdjustments.add(adjustment.removalId);
    this.accounts.get(adjustment.accountId)!.billedSeats += adjustment.seats;
    this.audit.push(copy(audit));
    this.outbox.push(copy(outbox));
    return 'applied' as const;
  }

  async failRemoval(args: Parameters<RemovalStore['failRemoval']>[0]) {
    const { request, failure, failedAt, restoreTo, releaseUser, taken, cancelled, audit, outbox } = args;
    const removal = this.removals.get(request.removalId);
    if (!cancelled) {
      if (removal?.status === 'FAILED') return 'already-failed' as const;
      if (removal?.status === 'COMPLETED') return 'already-completed' as const;
      if (removal && !PENDING_REMOVAL_STATUSES.includes(removal.status))
        throw new TransientStoreError(`Could not record the failure of removal ${request.removalId} yet`);
    }
    const user = this.user(request.accountId, request.userId);
    if (releaseUser && user) {
      if (restoreTo && taken) {
        if (user.status !== 'REMOVING' || user.removalId !== request.removalId)
          throw new TransientStoreError(`Could not record the failure of removal ${request.removalId} yet`);
        Object.assign(user, { status: restoreTo, version: user.version + 1 });
        delete user.removalId;
        delete user.previousStatus;
      } else if (restoreTo) {
        // Its access had ended without the removal taking it (R13): INACTIVE, tokens revoked.
        Object.assign(user, {
          status: restoreTo,
          version: user.version + 1,
          tokenGeneration: (user.tokenGeneration ?? 0) + 1,
        });
      } else user.version += 1;
      delete user.pendingRemovalId;
    }
    if (!cancelled && removal)
      Object.assign(removal, {
        status: 'FAILED',
        step: 'FAILED',
        endedAt: failedAt,
        failure,
        restoredStatus: restoreTo,
      });
    this.audit.push(copy(audit));
    if (outbox) this.outbox.push(copy(outbox));
    return cancelled ? ('cancelled' as const) : ('failed' as const);
  }
}
