// The in-memory database's administrative writes (users, ownership, removal requests, tokens), and an
// in-memory HrStore, RemovalWorkflow and RemovalScheduler (core/ports.ts) for the fast tier. Each write keeps the DynamoDB store's
// conditions (R10's one pending removal per user, SCHEDULED/AWAITING_DECISION before a cancel, the
// HR register only moving forward); test/integration proves the DynamoDB stores themselves.
import {
  EmailInUseError,
  NotAwaitingDecisionError,
  NotCancellableError,
  RemovalInProgressError,
  SeatLimitReachedError,
  TransientStoreError,
} from '#core/errors.ts';
import type { OutboxEvent } from '#core/events/outbox.ts';
import type { TerminationRecord } from '#core/hr/hr-events.ts';
import type { AdminDeps } from '#core/admin-deps.ts';
import type { AuditEntry, RemovalRecord, RemovalRequest } from '#core/model/index.ts';
import { hashTokenSecret, type IntegrationToken, type TokenKind } from '#core/tokens/integration-token.ts';
import type {
  AccountStore,
  AccountViews,
  RemovalStore,
  TokenStore,
  UserStore,
  Clock,
  HrStore,
  IdempotencyRecord,
  RemovalScheduler,
  RemovalWorkflow,
  UserFilter,
  UserPage,
} from '#core/ports.ts';
import type { InMemoryDatabase } from './database.ts';
import { inMemoryStores } from './stores.ts';

const copy = <T>(value: T): T => structuredClone(value);

export class InMemoryAdminWrites {
  private readonly idempotency = new Map<string, IdempotencyRecord>();
  private readonly tokens = new Map<string, IntegrationToken>();

  constructor(private readonly state: InMemoryDatabase) {}

  private record(audit: AuditEntry, outbox: OutboxEvent | null | undefined) {
    this.state.audit.push(copy(audit));
    if (outbox) this.state.outbox.push(copy(outbox));
  }

  private heldUser(accountId: string, userId: string) {
    const user = this.state.users.get(`${accountId}/${userId}`);
    if (!user) throw new TransientStoreError(`User ${userId} changed`);
    return user;
  }

  async findAccountsOfUser(userId: string) {
    return [...this.state.users.values()].filter((u) => u.userId === userId).map((u) => u.accountId);
  }

  /** The DynamoDB listing's order (user-listing.ts): name matches by name key, email-only matches by email. */
  async listUsers(accountId: string, filter: UserFilter, limit: number, cursor?: string): Promise<UserPage> {
    const q = filter.q?.toLowerCase();
    const nameKey = (name: string) => name.toLowerCase().slice(0, 200);
    const entries = [...this.state.users.values()]
      .filter((u) => u.accountId === accountId && u.status !== 'REMOVED')
      .filter((u) => !filter.status || u.status === filter.status)
      .flatMap((u) => {
        const byName = { key: `${nameKey(u.displayName)}#${u.userId}`, stream: 0, user: u };
        if (!q || nameKey(u.displayName).startsWith(q)) return [byName];
        return u.email.startsWith(q) ? [{ key: u.email, stream: 1, user: u }] : [];
      })
      .sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)) || a.stream - b.stream);
    const from = cursor
      ? (JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { key: string; stream: number })
      : undefined;
    const rest = from
      ? entries.filter((e) => (Buffer.compare(Buffer.from(e.key), Buffer.from(from.key)) || e.stream - from.stream) > 0)
      : entries;
    const page = rest.slice(0, limit);
    const last = page.at(-1);
    return {
      users: page.map((e) => copy(e.user)),
      nextCursor:
        rest.length > limit && last
          ? Buffer.from(JSON.stringify({ key: last.key, stream: last.stream })).toString('base64url')
          : null,
    };
  }

  async findUsersBy(accountId: string, attribute: 'externalId' | 'employeeNumber' | 'department', value: string) {
    return [...this.state.users.values()]
      .filter((u) => u.accountId === accountId && u.status !== 'REMOVED' && u[attribute] === value)
      .map(copy);
  }

  private readonly listPositions = new Map<string, string>();
  async listPosition(accountId: string, startIndex: number, order = 'name') {
    return this.listPositions.get(`${accountId}/${order}/${startIndex}`);
  }
  async rememberListPosition(accountId: string, startIndex: number, cursor: string, order = 'name') {
    this.listPositions.set(`${accountId}/${order}/${startIndex}`, cursor);
  }

  async addUser({ user, seatLimit, audit, outbox }: Parameters<UserStore['addUser']>[0]) {
    const account = this.state.accounts.get(user.accountId)!;
    if (await this.state.findUserByEmail(user.accountId, user.email)) throw new EmailInUseError(user.email);
    if (seatLimit !== null && account.seatsUsed >= seatLimit) throw new SeatLimitReachedError(account.plan, seatLimit);
    this.state.users.set(`${user.accountId}/${user.userId}`, copy(user));
    account.seatsUsed += 1;
    this.record(audit, outbox);
  }

  async updateProfile({ user, changes, audit, outbox }: Parameters<UserStore['updateProfile']>[0]) {
    const current = this.heldUser(user.accountId, user.userId);
    if (current.version !== user.version) throw new TransientStoreError(`User ${user.userId} changed`);
    Object.assign(current, changes, { version: current.version + 1 });
    this.record(audit, outbox);
  }

  async changeUserStatus({ user, to, audit, outbox }: Parameters<UserStore['changeUserStatus']>[0]) {
    const current = this.heldUser(user.accountId, user.userId);
    if (current.version !== user.version) throw new TransientStoreError(`User ${user.userId} changed`);
    Object.assign(current, { status: to, version: current.version + 1 });
    this.record(audit, outbox);
  }

  async transferOwnership({ accountId, from, to, audit, outbox }: Parameters<AccountStore['transferOwnership']>[0]) {
    this.heldUser(accountId, from.userId).role = 'ADMIN';
    this.heldUser(accountId, to.userId).role = 'OWNER';
    this.state.accounts.get(accountId)!.ownerId = to.userId;
    this.record(audit, outbox);
  }

  async createRemoval(args: Parameters<RemovalStore['createRemoval']>[0]) {
    const { request, status, effectiveAt, user, idempotency, audit, outbox } = args;
    const current = this.heldUser(request.accountId, user.userId);
    // R10: one pending removal per user, checked in the same write as the record.
    const pending = current.status === 'REMOVING' ? current.removalId : current.pendingRemovalId;
    if (pending) throw new RemovalInProgressError(pending);
    if (current.version !== user.version) throw new TransientStoreError(`User ${user.userId} changed`);
    Object.assign(current, {
      pendingRemovalId: request.removalId,
      version: current.version + 1,
      ...(status === 'RUNNING' ? { accessEndedBy: request.removalId } : {}),
    });
    this.state.removals.set(request.removalId, {
      request: copy(request),
      removalId: request.removalId,
      accountId: request.accountId,
      userId: request.userId,
      userDisplayName: user.displayName,
      status,
      step: status,
      requestedBy: request.requestedBy,
      requestedAt: request.requestedAt,
      ...(effectiveAt ? { effectiveAt } : {}),
    } as RemovalRecord);
    if (idempotency)
      this.idempotency.set(`${request.accountId}/${idempotency.callerId}/${idempotency.key}`, {
        requestHash: idempotency.requestHash,
        removalId: request.removalId,
      });
    this.record(audit, outbox);
  }

  async listOverdueScheduled(asOf: string, limit: number) {
    return [...this.state.removals.values()]
      .filter((r) => r.status === 'SCHEDULED' && r.effectiveAt && r.effectiveAt <= asOf)
      .sort((a, b) => a.effectiveAt!.localeCompare(b.effectiveAt!))
      .slice(0, limit)
      .map((r) => r.removalId);
  }

  async forgetScheduled() {
    // The fake's list reads the records themselves: nothing is indexed apart.
  }

  async rescheduleRemoval({ removalId, effectiveAt, audit, outbox }: Parameters<RemovalStore['rescheduleRemoval']>[0]) {
    const removal = this.state.removals.get(removalId);
    if (removal?.status !== 'SCHEDULED') throw new NotCancellableError(removalId, removal?.status ?? 'unknown');
    removal.effectiveAt = effectiveAt;
    this.record(audit, outbox);
  }

  async getIdempotency(accountId: string, callerId: string, key: string) {
    return copy(this.idempotency.get(`${accountId}/${callerId}/${key}`));
  }

  async listRemovals(
    accountId: string,
    filter: { status?: RemovalRecord['status'] | undefined },
    limit: number,
    _cursor?: string,
  ) {
    const removals = [...this.state.removals.values()]
      .filter((r) => r.accountId === accountId && (!filter.status || r.status === filter.status))
      .sort((a, b) => b.requestedAt.localeCompare(a.requestedAt))
      .map(copy);
    // The fast tier's accounts hold a handful: one page.
    return { removals: removals.slice(0, limit), nextCursor: null };
  }

  async recordDecision({ removalId, decision, audit }: Parameters<RemovalStore['recordDecision']>[0]) {
    const removal = this.state.removals.get(removalId);
    if (removal?.status !== 'AWAITING_DECISION')
      throw new NotAwaitingDecisionError(removalId, removal?.status ?? 'unknown');
    Object.assign(removal, { status: 'RUNNING', decision: copy(decision) });
    this.record(audit, null);
  }

  async cancelRemoval({
    removal,
    cancelledAt,
    cancelledBy,
    audit,
    outbox,
  }: Parameters<RemovalStore['cancelRemoval']>[0]) {
    const current = this.state.removals.get(removal.removalId);
    if (current?.status !== 'SCHEDULED' && current?.status !== 'AWAITING_DECISION')
      throw new NotCancellableError(removal.removalId, current?.status ?? 'unknown');
    Object.assign(current, { status: 'CANCELLED', step: 'CANCELLED', endedAt: cancelledAt, cancelledBy });
    delete this.heldUser(removal.accountId, removal.userId).pendingRemovalId;
    this.record(audit, outbox);
  }

  async saveToken(record: IntegrationToken, hash: string, audit: AuditEntry) {
    this.tokens.set(hash, copy(record));
    this.record(audit, null);
  }

  async findToken(secret: string) {
    return copy(this.tokens.get(hashTokenSecret(secret)));
  }

  async getToken(accountId: string, kind: TokenKind, tokenId: string) {
    const found = [...this.tokens.values()].find(
      (t) => t.accountId === accountId && t.kind === kind && t.tokenId === tokenId,
    );
    return found && copy(found);
  }

  async listTokens(accountId: string, kind: TokenKind) {
    return [...this.tokens.values()].filter((t) => t.accountId === accountId && t.kind === kind).map(copy);
  }

  async revokeToken({ token, revokedAt, audit }: Parameters<TokenStore['revokeToken']>[0]) {
    const stored = [...this.tokens.values()].find((t) => t.tokenId === token.tokenId);
    if (stored?.status === 'ACTIVE') {
      Object.assign(stored, { status: 'REVOKED', revokedAt });
      this.record(audit, null);
    }
  }
}

export class InMemoryHrStore implements HrStore {
  readonly register = new Map<string, TerminationRecord>();
  readonly refusals: { audit: AuditEntry; outbox: OutboxEvent }[] = [];

  async getTermination(accountId: string, email: string) {
    return copy(this.register.get(`${accountId}/${email}`));
  }

  async saveTermination(record: TerminationRecord, previousEventTime: string | undefined) {
    const key = `${record.accountId}/${record.email}`;
    // Only forward from what was read: a concurrent newer event wins, this one is retried.
    if (this.register.get(key)?.lastEventTime !== previousEventTime)
      throw new TransientStoreError(`The HR register of ${record.email} moved on`);
    this.register.set(key, { ...copy(record), pendingReconcile: true });
  }

  async markReconciled(record: TerminationRecord) {
    const current = this.register.get(`${record.accountId}/${record.email}`);
    if (current?.lastEventTime === record.lastEventTime) delete current.pendingReconcile;
  }

  async recordRefusal(refusal: { audit: AuditEntry; outbox: OutboxEvent }) {
    this.refusals.push(copy(refusal));
  }
}

/** The workflow and the scheduler as calls recorded: what would run now, and what at a time. */
export class RecordedWorkflow implements RemovalWorkflow, RemovalScheduler {
  readonly started: RemovalRequest[] = [];
  readonly scheduled = new Map<string, string>();

  async start(request: RemovalRequest) {
    this.started.push(copy(request));
  }

  async sendDecision() {
    return 'delivered' as const;
  }

  async failWait() {
    return 'delivered' as const;
  }

  async schedule(request: RemovalRequest, effectiveAt: string) {
    this.scheduled.set(request.removalId, effectiveAt);
  }

  async cancel(removalId: string) {
    this.scheduled.delete(removalId);
  }
}

/** AdminDeps on the in-memory ports (the dashboard's read models are not used by the use cases tested here). */
export function inMemoryAdminDeps(db: InMemoryDatabase, clock: Clock) {
  const runs = new RecordedWorkflow();
  const deps: AdminDeps = {
    ...inMemoryStores(db),
    clock,
    views: {} as AccountViews,
    workflow: runs,
    scheduler: runs,
  };
  return { deps, runs };
}
