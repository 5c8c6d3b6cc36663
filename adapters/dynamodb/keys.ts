// Item keys of the single table. One place decides where each entity lives:
//   ACCOUNT#a            ACCOUNT                       account (plan, cycle day, owner, seatsUsed)
//   ACCOUNT#a            USER#u                        user (role, status, version, ownedCount, memberCount, memberOf)  gsi1: USERID#u / ACCOUNT#a
//                                                      gsi2 unless REMOVED: ACCOUNT#a#USERS#status / name#u (the live users by name)
//   ACCOUNT#a            EMAIL#e                       email claim: unique among non-removed users (nameKey: its user's, for search)
//   ACCOUNT#a            EXTID#sha256(externalId)#u           the identity provider's id of a non-removed user (SCIM externalId eq)
//   ACCOUNT#a            EMPNO#… / DEPT#sha256(value)#u       its employee number / department (SCIM enterprise eq), alike
//   ACCOUNT#a            RES#TYPE#id                   resource (a rotation's members in memberIds)  gsi1: USER#a#owner (a pool number: ACCOUNT#a#POOL) / OWNS#TYPE#id
//   ACCOUNT#a            CALL#at#callId                call log (never modified, R7)  gsi1: CALLS#a#u / at#callId
//   ACCOUNT#a            CALLID#callId                 a callId's claim: each call is recorded once
//   ACCOUNT#a            BULK#bulkRemovalId                a bulk removal: who asked, each user's removalId or refusal
//   ACCOUNT#a            SCIMPOS#[order#]startIndex    where a SCIM startIndex begins in the user list (in that order): a cursor (expires)
//   ACCOUNT#a            HRTERM#email                  what HR last said about an employee (R11)
//   ACCOUNT#a            HRREMOVED#email               removed through HR: no HR/SSO re-provisioning (R11)
//   ACCOUNT#a            SEATADJ#effectiveOn#removalId seat adjustment (R8)  gsi1 while PENDING: SEATADJ#PENDING / effectiveOn#a#r
//   ACCOUNT#a#AUDIT      at#id                         audit entry
//   TOKEN#hash           TOKEN                         API, SCIM, HR or platform token  gsi1: ACCOUNT#a#<API|SCIM|HR|PLATFORM> / TOKEN#tokenId
//   REMOVAL#r            REMOVAL                       removal record gsi1: ACCOUNT#a#REMOVALS / requestedAt#r
//   REMOVAL#r            BATCH#key                     a planned reassignment batch
//   IDEMPOTENCY#a#u#key  IDEMPOTENCY                   an Idempotency-Key's request hash and removal (expires)
//   OUTBOX#id            OUTBOX                        an event to publish, written with its change (expires)
import { createHash } from 'node:crypto';
import type { ResourceRef, ResourceType } from '#core/model/index.ts';
import type { TokenKind } from '#core/tokens/integration-token.ts';

export const accountPk = (accountId: string) => `ACCOUNT#${accountId}`;
export const ACCOUNT_SK = 'ACCOUNT';
export const userSk = (userId: string) => `USER#${userId}`;
export const emailSk = (email: string) => `EMAIL#${email.toLowerCase()}`;
export const EMAIL_SK_PREFIX = 'EMAIL#';
/** By the id's SHA-256: exact matches only, and a key of fixed length whatever the provider sends. */

/** The user attributes SCIM finds users by besides the email (each value's users, by key). */
export type LookupAttribute = 'externalId' | 'employeeNumber' | 'department';
const LOOKUP_TAGS: Record<LookupAttribute, string> = {
  externalId: 'EXTID',
  employeeNumber: 'EMPNO',
  department: 'DEPT',
};
/** By the value's SHA-256: exact matches only, and a key of fixed length whatever the provider sends. */
export const lookupSkPrefix = (attribute: LookupAttribute, value: string) =>
  `${LOOKUP_TAGS[attribute]}#${createHash('sha256').update(value).digest('hex')}#`;
export const lookupSk = (attribute: LookupAttribute, value: string, userId: string) =>
  `${lookupSkPrefix(attribute, value)}${userId}`;
/** A live-users index partition: the account's users of one status (never REMOVED). */
export const liveUsersIndexPk = (accountId: string, status: 'ACTIVE' | 'INACTIVE' | 'REMOVING') =>
  `ACCOUNT#${accountId}#USERS#${status}`;
/**
 * What a name search compares: the display name lowercased (case-insensitive prefix search), cut
 * so that a key stays far below DynamoDB's 1,024 bytes of a sort key.
 */
export const nameKey = (displayName: string) => displayName.toLowerCase().slice(0, 200);
/** A place in a by-name index partition (live users, resources of a type): the name key, then the id for ties. */
export const nameIndexSk = (name: string, id: string) => `${nameKey(name)}#${id}`;
/**
 * Every account's SCHEDULED removals by effective time, in the same index (gsi2): what the overdue
 * sweep reads. One partition: written once per scheduling, read every few minutes.
 */
export const SCHEDULED_REMOVALS_INDEX_PK = 'REMOVALS#SCHEDULED';
export const scheduledRemovalIndexSk = (effectiveAt: string, removalId: string) => `${effectiveAt}#${removalId}`;
/** The account's resources of one type by name, in the same index (gsi2): for a search by name. */
export const resourceNamesIndexPk = (accountId: string, type: ResourceType) => `ACCOUNT#${accountId}#NAMES#${type}`;
export const resourceSk = (ref: { type: ResourceType; id: string }) => `RES#${ref.type}#${ref.id}`;
export const BULK_REMOVAL_SK_PREFIX = 'BULK#';
export const bulkRemovalSk = (bulkRemovalId: string) => `${BULK_REMOVAL_SK_PREFIX}${bulkRemovalId}`;

/** The default order (by name) keeps the key it always had. */
export const listPositionSk = (startIndex: number, order = 'name') =>
  order === 'name' ? `SCIMPOS#${startIndex}` : `SCIMPOS#${order}#${startIndex}`;
export const terminationSk = (email: string) => `HRTERM#${email.toLowerCase()}`;
export const hrRemovedSk = (email: string) => `HRREMOVED#${email.toLowerCase()}`;
export const callSk = (at: string, callId: string) => `CALL#${at}#${callId}`;
export const callIdSk = (callId: string) => `CALLID#${callId}`;
/** Owner-index partition of a user's calls, newest last (`at#callId`). */
export const userCallsIndexPk = (accountId: string, userId: string) => `CALLS#${accountId}#${userId}`;
export const userCallIndexSk = (at: string, callId: string) => `${at}#${callId}`;
export const seatAdjustmentSk = (effectiveOn: string, removalId: string) => `SEATADJ#${effectiveOn}#${removalId}`;
export const PENDING_ADJUSTMENTS_PK = 'SEATADJ#PENDING';
export const pendingAdjustmentSk = (effectiveOn: string, accountId: string, removalId: string) =>
  `${effectiveOn}#${accountId}#${removalId}`;
export const auditPk = (accountId: string) => `ACCOUNT#${accountId}#AUDIT`;
export const auditSk = (at: string, id: string) => `${at}#${id}`;
/** Bounds of every audit sort key (they start with an ISO time: a digit). */
export const AUDIT_SK_FIRST = '0';
export const AUDIT_SK_LAST = '9\uffff';
export const tokenPk = (hash: string) => `TOKEN#${hash}`;
export const TOKEN_SK = 'TOKEN';
export const removalPk = (removalId: string) => `REMOVAL#${removalId}`;
export const REMOVAL_SK = 'REMOVAL';
export const batchSk = (batchKey: string) => `BATCH#${batchKey}`;

/** Owner-index partition of a user: what it owns (API tokens issued before version 0.2 also sit here). */
export const userIndexPk = (accountId: string, userId: string) => `USER#${accountId}#${userId}`;
/** Owner-index partition of the account's unassigned phone numbers (the number pool). */
export const numberPoolIndexPk = (accountId: string) => `ACCOUNT#${accountId}#POOL`;
export const ownsIndexSk = (ref: { type: ResourceType; id: string }) => `OWNS#${ref.type}#${ref.id}`;
export const tokenIndexSk = (tokenId: string) => `TOKEN#${tokenId}`;
export const userIdIndexPk = (userId: string) => `USERID#${userId}`;
export const idempotencyPk = (accountId: string, callerId: string, key: string) =>
  `IDEMPOTENCY#${accountId}#${callerId}#${key}`;
export const IDEMPOTENCY_SK = 'IDEMPOTENCY';
export const outboxPk = (id: string) => `OUTBOX#${id}`;
export const OUTBOX_SK = 'OUTBOX';
export const removalsIndexPk = (accountId: string) => `ACCOUNT#${accountId}#REMOVALS`;
/** The owner index's partition of an account's tokens of one kind (listing, revoking by tokenId). */
export const tokensIndexPk = (accountId: string, kind: TokenKind) => `ACCOUNT#${accountId}#${kind}`;

export const key = (pk: string, sk: string) => ({ pk, sk });
export const resourceKeyOf = (accountId: string, ref: ResourceRef) => key(accountPk(accountId), resourceSk(ref));
