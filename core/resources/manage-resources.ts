// Numbers, call flows, teams and routing rules outside a removal: an admin (or the owner) creates,
// renames, hands over and deletes them, and changes a rotation's members. R1 at the write (the
// store checks the requester), R12 for everyone given something (here for a clear refusal, in the
// store's transaction for the race), R5 for a rotation's last member taking calls. Audited and
// announced (core/events/resource-events.ts). An identity provider's group push makes the same
// changes with its SCIM token's creator's rights, as itself ({type: SCIM}: core/scim/scim-groups.ts).
import { randomUUID } from 'node:crypto';
import { assertAdmin } from '../access/caller-access.ts';
import {
  InvalidOwnerError,
  LastActiveMemberError,
  NotFoundError,
  TransientStoreError,
  ValidationFailedError,
} from '../errors.ts';
import { outboxEvent } from '../events/outbox.ts';
import { MembershipChanged, ResourceCreated, ResourceDeleted, ResourceReassigned } from '../events/resource-events.ts';
import {
  MEMBERSHIP_TYPES,
  isPhoneNumberName,
  mayBeUnassigned,
  resourceKey,
  type Actor,
  type AuditEntry,
  type Resource,
  type ResourceType,
  type User,
} from '../model/index.ts';
import type { RemovalDeps } from '../removal/deps.ts';
import type { ResourceWrite, StoredResource } from '../ports.ts';
import { whyCannotReceive } from './receivers.ts';

export interface ResourceView {
  type: ResourceType;
  id: string;
  name: string;
  ownerId: string | null;
  members: string[];
}

export const resourceView = ({ type, id, name, ownerId, members }: Resource): ResourceView => ({
  type,
  id,
  name,
  ownerId,
  members,
});

type ResourceRefInput = { type: ResourceType; id: string };

/** An admin acting for themselves; an identity provider acts with its token's creator's rights as itself (SCIM). */
const asUser = (caller: User): Actor => ({ type: 'USER', id: caller.userId });

/** Where the write is: the actor, the time, an id for the audit entry and the event. */
const changeContext = (deps: RemovalDeps, actor: Actor) => ({
  actor,
  at: deps.clock.now().toISOString(),
  changeId: randomUUID(),
});

/** R12 before the write, for a refusal that names everyone who cannot receive. */
async function assertMayReceive(deps: RemovalDeps, accountId: string, userIds: readonly string[]) {
  const users = await deps.users.getUsers(accountId, userIds);
  const refused = [...new Set(userIds)].filter((id) => whyCannotReceive(users.get(id), accountId) !== undefined);
  if (refused.length > 0) throw new InvalidOwnerError(refused);
}

function assertNameFits(type: ResourceType, name: string) {
  if (type === 'PHONE_NUMBER' && !isPhoneNumberName(name))
    throw new ValidationFailedError("A phone number's name is its number", [
      { path: 'name', message: 'start with the number in international form, e.g. +1 555 0100 Support' },
    ]);
}

function assertOwnerFits(type: ResourceType, ownerId: string | null) {
  if (ownerId === null && !mayBeUnassigned(type))
    throw new ValidationFailedError('Only a phone number may be unassigned (the number pool)', [
      { path: 'ownerId', message: `a ${type} needs an owner` },
    ]);
}

export async function createResource(
  deps: RemovalDeps,
  caller: User,
  input: { type: ResourceType; name: string; ownerId: string | null; members?: string[] | undefined },
  /** An import keeps the resource's own id (the API always generates one). */
  id?: string,
  by: Actor = asUser(caller),
): Promise<ResourceView> {
  assertAdmin(caller, 'create numbers, call flows, teams or routing rules');
  assertOwnerFits(input.type, input.ownerId);
  assertNameFits(input.type, input.name);
  const members = [...new Set(input.members ?? [])];
  if (members.length > 0 && !MEMBERSHIP_TYPES.includes(input.type))
    throw new ValidationFailedError('Only teams and routing rules have members', [
      { path: 'members', message: `a ${input.type} has no members` },
    ]);
  await assertMayReceive(deps, caller.accountId, [...(input.ownerId ? [input.ownerId] : []), ...members]);
  const { actor, at } = changeContext(deps, by);
  const resource: Resource = {
    accountId: caller.accountId,
    type: input.type,
    id: id ?? `${input.type.toLowerCase().replace('_', '-')}-${randomUUID()}`,
    name: input.name,
    ownerId: input.ownerId,
    members,
  };
  const changeId = `${resourceKey(resource)}.created`;
  await deps.resources.createResource({
    resource,
    audit: audit(caller, actor, changeId, at, 'RESOURCE_CREATED', input.ownerId, {
      resource: refOf(resource),
      ownerId: input.ownerId,
      members,
    }),
    outbox: outboxEvent(
      ResourceCreated,
      changeId,
      { ...subject(resource, actor, at), ownerId: input.ownerId, members, occurredAt: at },
      [input.ownerId, ...members].filter((id): id is string => id !== null),
    ),
  });
  return resourceView(resource);
}

export async function getResource(
  deps: RemovalDeps,
  accountId: string,
  ref: ResourceRefInput,
): Promise<StoredResource> {
  const resource = await deps.resources.getResource(accountId, ref);
  if (!resource) throw new NotFoundError(`No ${ref.type} ${ref.id} in this account`);
  return resource;
}

/** PATCH: a new name, a new owner (`null`: the pool, numbers only), or both. */
export function updateResource(
  deps: RemovalDeps,
  caller: User,
  ref: ResourceRefInput,
  changes: { name?: string | undefined; ownerId?: string | null | undefined },
  by: Actor = asUser(caller),
): Promise<ResourceView> {
  assertAdmin(caller, 'change numbers, call flows, teams or routing rules');
  if (changes.ownerId !== undefined) assertOwnerFits(ref.type, changes.ownerId);
  if (changes.name !== undefined) assertNameFits(ref.type, changes.name);
  return whileUnchanged(deps, caller.accountId, ref, async (resource) => {
    const handOver = changes.ownerId !== undefined && changes.ownerId !== resource.ownerId;
    const rename = changes.name !== undefined && changes.name !== resource.name;
    if (!handOver && !rename) return { done: resourceView(resource) }; // as asked already
    if (handOver && changes.ownerId) await assertMayReceive(deps, caller.accountId, [changes.ownerId]);
    const { actor, at, changeId } = changeContext(deps, by);
    const after: Resource = {
      ...resource,
      ...(rename ? { name: changes.name as string } : {}),
      ...(handOver ? { ownerId: changes.ownerId as string | null } : {}),
    };
    const outcome = await deps.resources.updateResource({
      resource,
      changes: { ...(rename ? { name: after.name } : {}), ...(handOver ? { ownerId: after.ownerId } : {}) },
      audit: handOver
        ? audit(caller, actor, changeId, at, 'RESOURCE_REASSIGNED', resource.ownerId, {
            resource: refOf(after),
            fromUserId: resource.ownerId,
            toUserId: after.ownerId,
            ...(rename ? { previousName: resource.name } : {}),
          })
        : audit(caller, actor, changeId, at, 'RESOURCE_RENAMED', resource.ownerId, {
            resource: refOf(after),
            previousName: resource.name,
          }),
      ...(handOver
        ? {
            outbox: outboxEvent(
              ResourceReassigned,
              changeId,
              {
                ...subject(after, actor, at),
                fromUserId: resource.ownerId,
                toUserId: after.ownerId,
                occurredAt: at,
              },
              [resource.ownerId, after.ownerId].filter((id): id is string => id !== null),
            ),
          }
        : {}),
    });
    return outcome === 'done' ? { done: resourceView(after) } : 'changed';
  });
}

export async function deleteResource(
  deps: RemovalDeps,
  caller: User,
  ref: ResourceRefInput,
  by: Actor = asUser(caller),
): Promise<void> {
  assertAdmin(caller, 'delete numbers, call flows, teams or routing rules');
  await whileUnchanged(deps, caller.accountId, ref, async (resource) => {
    const { actor, at } = changeContext(deps, by);
    const changeId = `${resourceKey(resource)}.deleted`;
    const outcome = await deps.resources.deleteResource({
      resource,
      audit: audit(caller, actor, changeId, at, 'RESOURCE_DELETED', resource.ownerId, {
        resource: refOf(resource),
        ownerId: resource.ownerId,
        members: resource.members,
      }),
      outbox: outboxEvent(
        ResourceDeleted,
        changeId,
        { ...subject(resource, actor, at), ownerId: resource.ownerId, members: resource.members, occurredAt: at },
        [resource.ownerId, ...resource.members].filter((id): id is string => id !== null),
      ),
    });
    return outcome === 'done' ? { done: undefined } : 'changed';
  });
}

/** PUT …/members/{userId}: idempotent — a member already in is left as it is. */
export function addMember(
  deps: RemovalDeps,
  caller: User,
  ref: ResourceRefInput,
  userId: string,
  by: Actor = asUser(caller),
): Promise<ResourceView> {
  assertAdmin(caller, "change a rotation's members");
  assertRotation(ref.type);
  return whileUnchanged(deps, caller.accountId, ref, async (resource) => {
    if (resource.memberStatuses[userId] !== undefined) return { done: resourceView(resource) };
    await assertMayReceive(deps, caller.accountId, [userId]);
    const outcome = await deps.resources.addMember({
      resource,
      userId,
      ...membershipRecord(deps, caller, by, resource, userId, 'ADDED'),
    });
    return outcome === 'done'
      ? { done: resourceView({ ...resource, members: [...resource.members, userId].sort() }) }
      : 'changed';
  });
}

/** DELETE …/members/{userId}: never the last member who takes calls (R5); one not in: nothing to do. */
export function removeMember(
  deps: RemovalDeps,
  caller: User,
  ref: ResourceRefInput,
  userId: string,
  by: Actor = asUser(caller),
): Promise<ResourceView> {
  assertAdmin(caller, "change a rotation's members");
  assertRotation(ref.type);
  return whileUnchanged(deps, caller.accountId, ref, async (resource) => {
    const entry = resource.memberStatuses[userId];
    if (entry === undefined) return { done: resourceView(resource) };
    const witnessId =
      entry === 'ACTIVE'
        ? Object.entries(resource.memberStatuses).find(([id, status]) => id !== userId && status === 'ACTIVE')?.[0]
        : undefined;
    if (entry === 'ACTIVE' && !witnessId) throw new LastActiveMemberError(userId, resource);
    const outcome = await deps.resources.removeMember({
      resource,
      userId,
      witnessId,
      ...membershipRecord(deps, caller, by, resource, userId, 'REMOVED'),
    });
    return outcome === 'done'
      ? { done: resourceView({ ...resource, members: resource.members.filter((id) => id !== userId) }) }
      : 'changed';
  });
}

function assertRotation(type: ResourceType) {
  if (!MEMBERSHIP_TYPES.includes(type))
    throw new ValidationFailedError('Only teams and routing rules have members', [
      { path: 'type', message: `a ${type} has no members` },
    ]);
}

function membershipRecord(
  deps: RemovalDeps,
  caller: User,
  by: Actor,
  resource: StoredResource,
  userId: string,
  change: 'ADDED' | 'REMOVED',
) {
  const { actor, at, changeId } = changeContext(deps, by);
  return {
    audit: audit(caller, actor, changeId, at, 'MEMBERSHIP_CHANGED', userId, { resource: refOf(resource), change }),
    outbox: outboxEvent(
      MembershipChanged,
      changeId,
      { ...subject(resource, actor, at), userId, change, occurredAt: at },
      [userId],
    ),
  };
}

/**
 * Reads the resource and runs `attempt` on it; a write that finds the resource changed since the
 * read reads it again and decides again (a refusal then comes from the fresh read).
 */
async function whileUnchanged<T>(
  deps: RemovalDeps,
  accountId: string,
  ref: ResourceRefInput,
  attempt: (resource: StoredResource) => Promise<{ done: T } | Extract<ResourceWrite, 'changed'>>,
): Promise<T> {
  for (let round = 0; round < CHANGED_ROUNDS; round++) {
    const outcome = await attempt(await getResource(deps, accountId, ref));
    if (outcome !== 'changed') return outcome.done;
  }
  throw new TransientStoreError(`${ref.type} ${ref.id} kept changing; try again`);
}

const CHANGED_ROUNDS = 3;

const refOf = (resource: Resource) => ({ type: resource.type, id: resource.id, name: resource.name });

const subject = (resource: Resource, by: Actor, at: string) => ({
  version: 1 as const,
  accountId: resource.accountId,
  resourceType: resource.type,
  resourceId: resource.id,
  name: resource.name,
  by,
  at,
});

const audit = (
  caller: User,
  actor: Actor,
  id: string,
  at: string,
  action: AuditEntry['action'],
  targetUserId: string | null,
  details: Record<string, unknown>,
): AuditEntry => ({
  id,
  accountId: caller.accountId,
  at,
  actor,
  action,
  ...(targetUserId ? { targetUserId } : {}),
  details,
});
