// Item ↔ domain mapping: what each entity looks like in the table, keys included.
import type * as z from 'zod';
import {
  AccountSchema,
  PlanBatchSchema,
  RemovalRecordSchema,
  ResourceRefSchema,
  UserSchema,
  type Account,
  type AuditEntry,
  type LiveUserStatus,
  type MemberStatus,
  type PlanBatch,
  type RemovalRecord,
  type Resource,
  type ResourceRef,
  type ResourceType,
  type User,
} from '#core/model/index.ts';
import * as k from './keys.ts';
import { IntegrationTokenSchema, type IntegrationToken, type TokenKind } from '#core/tokens/integration-token.ts';
import { TerminationRecordSchema, type TerminationRecord } from '#core/hr/hr-events.ts';
import type { OutboxEvent } from '#core/events/outbox.ts';
import type { CallLogEntry } from '#core/calls/call-records.ts';

type Item = Record<string, unknown>;

const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'entity'];
const strip = <T>(item: Item): T =>
  Object.fromEntries(Object.entries(item).filter(([name]) => !KEY_ATTRIBUTES.includes(name))) as T;

/** An item read as an entity, parsed: one that is not fails here, naming what is wrong, not later. */
function parseItem<S extends z.ZodType>(schema: S, item: Item, what: string): z.output<S> {
  const parsed = schema.safeParse(strip(item));
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new Error(`The ${what} item ${String(item.pk)} ${String(item.sk)} is not valid: ${problems}`);
}

export const accountItem = (account: Account): Item => ({
  ...k.key(k.accountPk(account.accountId), k.ACCOUNT_SK),
  entity: 'ACCOUNT',
  ...account,
});
export const toAccount = (item: Item): Account => parseItem(AccountSchema, item, 'account');

export const userItem = (user: User): Item => ({
  ...k.key(k.accountPk(user.accountId), k.userSk(user.userId)),
  // Lets a sign-in with only a userId (GET /me) find its account.
  gsi1pk: k.userIdIndexPk(user.userId),
  gsi1sk: k.accountPk(user.accountId),
  ...(user.status === 'REMOVED' ? {} : liveUserIndexKeys(user.accountId, user.status, user.displayName, user.userId)),
  entity: 'USER',
  ...user,
  // Always a map, so a batch can add a rotation to it (an update cannot set a path in a missing map).
  memberOf: user.memberOf ?? {},
});
export const toUser = (item: Item): User => parseItem(UserSchema, item, 'user');

/**
 * A user's place in the live-users index (keys.ts): its status's partition, by name. Every write
 * that changes a user's status or name sets these too; the removal's last write removes them.
 */
export const liveUserIndexKeys = (accountId: string, status: LiveUserStatus, displayName: string, userId: string) => ({
  gsi2pk: k.liveUsersIndexPk(accountId, status),
  gsi2sk: k.nameIndexSk(displayName, userId),
});

/** An email's claim; it carries its user's name key so a search by email can skip users the name search finds. */
export const emailClaimItem = (user: Pick<User, 'accountId' | 'userId' | 'email' | 'displayName'>): Item => ({
  ...k.key(k.accountPk(user.accountId), k.emailSk(user.email)),
  entity: 'EMAIL',
  userId: user.userId,
  nameKey: k.nameKey(user.displayName),
});

/** The identity provider's id of a user, for SCIM's `externalId eq` (not unique: the provider's to decide). */
export const externalIdItem = (user: Pick<User, 'accountId' | 'userId'>, externalId: string): Item =>
  lookupItem(user, 'externalId', externalId);

/** A user's look-up claim for one attribute's value (SCIM `eq` by key); externalId's keeps its entity name. */
export const lookupItem = (
  user: Pick<User, 'accountId' | 'userId'>,
  attribute: k.LookupAttribute,
  value: string,
): Item => ({
  ...k.key(k.accountPk(user.accountId), k.lookupSk(attribute, value, user.userId)),
  entity: attribute === 'externalId' ? 'EXTERNAL_ID' : 'LOOKUP',
  userId: user.userId,
  [attribute]: value,
});

export const LOOKUP_ATTRIBUTES: readonly k.LookupAttribute[] = ['externalId', 'employeeNumber', 'department'];

/** A resource's place in the by-name index (keys.ts): its type's partition, by name. A rename sets it too. */
export const resourceNameIndexKeys = (resource: {
  accountId: string;
  type: ResourceType;
  id: string;
  name: string;
}) => ({
  gsi2pk: k.resourceNamesIndexPk(resource.accountId, resource.type),
  gsi2sk: k.nameIndexSk(resource.name, resource.id),
});

/** A SCHEDULED removal's place in the overdue sweep's index (keys.ts): by its effective time. */
export const scheduledRemovalIndexKeys = (effectiveAt: string, removalId: string) => ({
  gsi2pk: k.SCHEDULED_REMOVALS_INDEX_PK,
  gsi2sk: k.scheduledRemovalIndexSk(effectiveAt, removalId),
});

/** The owner-index partition a resource sits in: its owner's, or the account's number pool. */
export const ownerIndexPk = (accountId: string, ownerId: string | null) =>
  ownerId === null ? k.numberPoolIndexPk(accountId) : k.userIndexPk(accountId, ownerId);

/**
 * A resource. A team or routing rule keeps its rotation in `memberIds` (userId → ACTIVE or
 * INACTIVE), the other side of each member's `memberOf` (User.memberOf): every write that changes
 * a membership changes both in one transaction (removal-store's applyBatch; the seed), and every
 * status change of a member changes its entry (account-store's changeUserStatus). So R5 is decided
 * for all of a user's rotations from one BatchGet of their items, with no read of the members.
 */
export const resourceItem = (
  resource: Omit<Resource, 'members'>,
  members: readonly { userId: string; status: MemberStatus }[] = [],
): Item => ({
  ...k.key(k.accountPk(resource.accountId), k.resourceSk(resource)),
  // What a user owns sits in its owner-index partition; an unassigned number in the account's pool.
  gsi1pk: ownerIndexPk(resource.accountId, resource.ownerId),
  gsi1sk: k.ownsIndexSk(resource),
  ...resourceNameIndexKeys(resource),
  entity: 'RESOURCE',
  accountId: resource.accountId,
  type: resource.type,
  id: resource.id,
  name: resource.name,
  // Absent for a pool number: a condition on absence is exact, a comparison with NULL is not.
  ...(resource.ownerId === null ? {} : { ownerId: resource.ownerId }),
  // Absent rather than empty when nobody is a member (a batch only ever edits a map that lists the user).
  ...(members.length > 0 ? { memberIds: Object.fromEntries(members.map((m) => [m.userId, m.status])) } : {}),
});

/** A call log entry: in the account's partition by time and in its user's index partition (keys.ts). */
export const callItem = (entry: CallLogEntry & { accountId: string }): Item => ({
  ...k.key(k.accountPk(entry.accountId), k.callSk(entry.at, entry.callId)),
  gsi1pk: k.userCallsIndexPk(entry.accountId, entry.userId),
  gsi1sk: k.userCallIndexSk(entry.at, entry.callId),
  entity: 'CALL',
  accountId: entry.accountId,
  callId: entry.callId,
  at: entry.at,
  userId: entry.userId,
  userDisplayName: entry.userDisplayName,
  durationSeconds: entry.durationSeconds,
  ...(entry.direction ? { direction: entry.direction } : {}),
  ...(entry.number ? { number: entry.number } : {}),
});
export const toCallLogEntry = (item: Item): CallLogEntry => ({
  callId: String(item.callId),
  at: String(item.at),
  userId: String(item.userId),
  userDisplayName: String(item.userDisplayName),
  durationSeconds: Number(item.durationSeconds),
  direction: item.direction === 'INBOUND' || item.direction === 'OUTBOUND' ? item.direction : null,
  number: typeof item.number === 'string' ? item.number : null,
});

export const auditItem = (entry: AuditEntry): Item => ({
  ...k.key(k.auditPk(entry.accountId), k.auditSk(entry.at, entry.id)),
  entity: 'AUDIT',
  ...entry,
});
export const toAuditEntry = (item: Item): AuditEntry => strip<AuditEntry>(item);

export const toRemoval = (item: Item): RemovalRecord => parseItem(RemovalRecordSchema, item, 'removal record');
const TOKEN_KIND_OF_ENTITY: Record<string, TokenKind> = {
  API_TOKEN: 'API',
  SCIM_TOKEN: 'SCIM',
  HR_TOKEN: 'HR',
  PLATFORM_TOKEN: 'PLATFORM',
};
/**
 * A token item of any kind. Those written before HR tokens lack a kind (the entity says it) and a
 * generation (0: the only one there was unless a removal failed since); API tokens named their
 * creator `userId`.
 */
export const toIntegrationToken = (item: Item): IntegrationToken =>
  parseItem(
    IntegrationTokenSchema,
    { generation: 0, createdBy: item.userId, ...item, kind: TOKEN_KIND_OF_ENTITY[String(item.entity)] },
    'token',
  );
export const toTermination = (item: Item): TerminationRecord => parseItem(TerminationRecordSchema, item, 'termination');
/** A resource item as the resource the product shows (members: who is in its rotation). */
export const toResource = (accountId: string, item: Item): Resource => ({
  ...toResourceRef(item),
  accountId,
  ownerId: typeof item.ownerId === 'string' ? item.ownerId : null,
  members: Object.keys((item.memberIds ?? {}) as Record<string, unknown>).sort(),
});
/** A resource or membership item (or its index projection) as the resource it names. */
export const toResourceRef = (item: Item): ResourceRef => parseItem(ResourceRefSchema, item, 'resource');
/** A stored plan batch (removal-store's savePlan). */
export const toPlanBatch = (item: Item): PlanBatch => parseItem(PlanBatchSchema, item.batch as Item, 'plan batch');

/** Outbox items live a week (TTL); the stream relay publishes each one when it is inserted. */
const OUTBOX_TTL_SECONDS = 7 * 24 * 3600;

export const outboxItem = (event: OutboxEvent, createdAt: string): Item => ({
  ...k.key(k.outboxPk(event.id), k.OUTBOX_SK),
  entity: 'OUTBOX',
  ...event,
  createdAt,
  expiresAt: Math.floor(new Date(createdAt).getTime() / 1000) + OUTBOX_TTL_SECONDS,
});
