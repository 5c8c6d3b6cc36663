// The in-memory ResourceStore (core/ports.ts) on the in-memory database: every change checks what
// the DynamoDB transaction's conditions check — the resource as read, R12 for whoever receives
// (core/resources/receivers.ts, the rule both sides share), R5's witness, the requester still an
// admin — then applies everything at once. test/contract/resource-store.test.ts runs the same cases
// against it and against DynamoDB Local, so the two cannot drift.
import { InvalidOwnerError, TransientStoreError } from '#core/errors.ts';
import { requesterNoLongerAdmin } from '#adapters/dynamodb/requester-check.ts';
import type { OutboxEvent } from '#core/events/outbox.ts';
import { resourceKey, type AuditEntry, type ResourceType } from '#core/model/index.ts';
import type { ResourceStore, ResourceWrite, StoredResource } from '#core/ports.ts';
import { mayReceive } from '#core/resources/receivers.ts';
import type { InMemoryDatabase, StoredResource as FakeResource } from './database.ts';

type Args<M extends keyof ResourceStore> = Parameters<ResourceStore[M]>[0];

export class InMemoryResourceStore implements ResourceStore {
  constructor(private readonly db: InMemoryDatabase) {}

  async getResource(accountId: string, ref: { type: ResourceType; id: string }): Promise<StoredResource | undefined> {
    const stored = this.db.resources.get(this.db.resourceKeyOf(accountId, ref));
    if (!stored) return undefined;
    const members = [...stored.members].sort();
    return {
      accountId,
      type: stored.type,
      id: stored.id,
      name: stored.name,
      ownerId: stored.ownerId,
      members,
      memberStatuses: Object.fromEntries(members.map((id) => [id, this.db.memberStatus(accountId, id)])),
    };
  }

  async createResource({ resource, audit, outbox }: Args<'createResource'>) {
    this.assertRequester(audit);
    const key = this.db.resourceKeyOf(resource.accountId, resource);
    if (this.db.resources.has(key)) throw new TransientStoreError('The new resource id collided; try again');
    this.assertReceivers(resource.accountId, [...(resource.ownerId ? [resource.ownerId] : []), ...resource.members]);
    this.db.resources.set(key, {
      type: resource.type,
      id: resource.id,
      name: resource.name,
      ownerId: resource.ownerId,
      members: new Set(resource.members),
    });
    if (resource.ownerId) this.holder(resource.accountId, resource.ownerId).owned(1);
    for (const id of resource.members) this.holder(resource.accountId, id).join(resourceKey(resource), resource.name);
    this.record(audit, outbox);
  }

  async updateResource({ resource, changes, audit, outbox }: Args<'updateResource'>): Promise<ResourceWrite> {
    this.assertRequester(audit);
    const stored = this.asRead(resource);
    if (!stored || (changes.name !== undefined && stored.name !== resource.name)) return 'changed';
    const handOver = changes.ownerId !== undefined && changes.ownerId !== resource.ownerId;
    if (handOver && changes.ownerId) this.assertReceivers(resource.accountId, [changes.ownerId]);
    if (handOver) {
      if (resource.ownerId) this.holder(resource.accountId, resource.ownerId).owned(-1);
      if (changes.ownerId) this.holder(resource.accountId, changes.ownerId).owned(1);
      stored.ownerId = changes.ownerId ?? null;
    }
    if (changes.name !== undefined) {
      stored.name = changes.name;
      for (const id of stored.members) this.holder(resource.accountId, id).rename(resourceKey(resource), changes.name);
    }
    this.record(audit, outbox);
    return 'done';
  }

  async deleteResource({ resource, audit, outbox }: Args<'deleteResource'>): Promise<ResourceWrite> {
    this.assertRequester(audit);
    const stored = this.asRead(resource);
    if (!stored || [...stored.members].sort().join() !== resource.members.join()) return 'changed';
    if (resource.ownerId) this.holder(resource.accountId, resource.ownerId).owned(-1);
    for (const id of stored.members) this.holder(resource.accountId, id).leave(resourceKey(resource));
    this.db.resources.delete(this.db.resourceKeyOf(resource.accountId, resource));
    this.record(audit, outbox);
    return 'done';
  }

  async addMember({ resource, userId, audit, outbox }: Args<'addMember'>): Promise<ResourceWrite> {
    this.assertRequester(audit);
    const stored = this.db.resources.get(this.db.resourceKeyOf(resource.accountId, resource));
    if (!stored || stored.members.has(userId)) return 'changed';
    this.assertReceivers(resource.accountId, [userId]);
    stored.members.add(userId);
    this.holder(resource.accountId, userId).join(resourceKey(resource), stored.name);
    this.record(audit, outbox);
    return 'done';
  }

  async removeMember({ resource, userId, witnessId, audit, outbox }: Args<'removeMember'>): Promise<ResourceWrite> {
    this.assertRequester(audit);
    const stored = this.db.resources.get(this.db.resourceKeyOf(resource.accountId, resource));
    if (!stored || !stored.members.has(userId)) return 'changed';
    if (
      witnessId &&
      (!stored.members.has(witnessId) || this.db.memberStatus(resource.accountId, witnessId) !== 'ACTIVE')
    )
      return 'changed';
    stored.members.delete(userId);
    this.holder(resource.accountId, userId).leave(resourceKey(resource));
    this.record(audit, outbox);
    return 'done';
  }

  /** The stored resource if its owner is still the one read. */
  private asRead(resource: StoredResource): FakeResource | undefined {
    const stored = this.db.resources.get(this.db.resourceKeyOf(resource.accountId, resource));
    return stored && stored.ownerId === resource.ownerId ? stored : undefined;
  }

  private assertReceivers(accountId: string, userIds: string[]) {
    const refused = [...new Set(userIds)].filter((id) => !mayReceive(this.db.user(accountId, id), accountId));
    if (refused.length > 0) throw new InvalidOwnerError(refused);
  }

  private assertRequester(audit: AuditEntry) {
    if (audit.actor.type !== 'USER') return;
    const requester = this.db.user(audit.accountId, audit.actor.id);
    if (requester?.status !== 'ACTIVE' || requester.role === 'MEMBER') throw requesterNoLongerAdmin();
  }

  /** A user's holdings, moved as holdings.ts moves them in the table. */
  private holder(accountId: string, userId: string) {
    const user = this.db.user(accountId, userId);
    if (!user) throw new TransientStoreError(`User ${userId} changed`);
    return {
      owned: (n: number) => {
        user.ownedCount = (user.ownedCount ?? 0) + n;
      },
      join: (key: string, name: string) => {
        user.memberOf = { ...user.memberOf, [key]: name };
        user.memberCount = (user.memberCount ?? 0) + 1;
      },
      leave: (key: string) => {
        const { [key]: _left, ...rest } = user.memberOf ?? {};
        user.memberOf = rest;
        user.memberCount = (user.memberCount ?? 0) - 1;
      },
      rename: (key: string, name: string) => {
        if (user.memberOf?.[key] !== undefined) user.memberOf = { ...user.memberOf, [key]: name };
      },
    };
  }

  private record(audit: AuditEntry, outbox: OutboxEvent | undefined) {
    this.db.audit.push(structuredClone(audit));
    if (outbox) this.db.outbox.push(structuredClone(outbox));
  }
}
