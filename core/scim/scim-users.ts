// SCIM 2.0 Users (RFC 7644) through offboard's own use cases and rules, never around them: POST
// adds a MEMBER (seat limit, unique email, R11's refusal of an email HR removed), active false/true
// deactivates/activates (R2: never the owner), DELETE starts a removal with the account's
// reassignment policy (the manager, else the fallback user, else an admin decides). The caller is
// the identity provider's SCIM token, acting as {type: SCIM, id: tokenId}.
import { randomUUID } from 'node:crypto';
import { scimPatch, type ScimPatchOperation } from 'scim-patch';
import type { AdminDeps } from '../admin-deps.ts';
import { seatLimit } from '../billing/seats.ts';
import { IdSchema, type Actor, type ListedUser, type RemovalRequest, type User } from '../model/index.ts';
import { userOrderName, type UserOrder, type UserPage } from '../ports.ts';
import { acceptRemoval } from '../removal/accept-removal.ts';
import { checkIntegrationMayManage } from '../rules/who-may-manage-users.ts';
import { setUserStatus } from '../users/change-user-status.ts';
import { userAddedEvent } from '../users/user-added-event.ts';
import { pathNamesPrototypeKey } from '../model/json-keys.ts';
import { ScimError } from './scim-errors.ts';
import { parseScimBody, PatchOpSchema } from './scim-body.ts';
import { scimKeyLookup, scimUserFilter, type ScimKeyLookup } from './scim-filter.ts';
import {
  displayNameOf,
  enterpriseAttributesOf,
  managerIdOf,
  otherEmailsOf,
  SCIM_LIST_SCHEMA,
  ScimUserInputSchema,
  scimVersionOf,
  toScimUser,
  type ScimUser,
  type ScimUserInput,
} from './scim-user.ts';

/**
 * Who calls: an account's SCIM token, and the admin who created it (whose status and role no
 * token may change); `base` is the SCIM base URL resources are located under.
 */
export interface ScimCaller {
  accountId: string;
  tokenId: string;
  createdBy: string;
  base: string;
}

const MAX_COUNT = 200;
const actorOf = (caller: ScimCaller): Actor => ({ type: 'SCIM', id: caller.tokenId });
const locate = (caller: ScimCaller, user: ListedUser) => toScimUser(user, `${caller.base}/Users/${user.userId}`);

/** The users a key filter names, if any and not REMOVED: a read by key, whatever the account's size. */
async function usersByKey({ users }: AdminDeps, caller: ScimCaller, lookup: ScimKeyLookup): Promise<User[]> {
  if ('email' in lookup) {
    // An email claim exists only for users not REMOVED; a value that is no email names nobody.
    const user = lookup.email.length <= 254 ? await users.findUserByEmail(caller.accountId, lookup.email) : undefined;
    return user ? [user] : [];
  }
  if ('userId' in lookup) {
    if (!IdSchema.safeParse(lookup.userId).success) return [];
    const user = await users.getUser(caller.accountId, lookup.userId);
    return user && user.status !== 'REMOVED' ? [user] : [];
  }
  // By its look-up claims (a department's users: as many as it has, never the account).
  const [attribute, value] = Object.entries(lookup)[0] as ['externalId' | 'employeeNumber' | 'department', string];
  return users.findUsersBy(caller.accountId, attribute, value);
}

async function findUser({ users }: AdminDeps, caller: ScimCaller, id: string): Promise<User> {
  // An id outside the id form names no user (and never reaches the table's key limits).
  if (!IdSchema.safeParse(id).success) throw new ScimError(404, 'No such user');
  const user = await users.getUser(caller.accountId, id);
  if (!user || user.status === 'REMOVED') throw new ScimError(404, `No user ${id}`);
  return user;
}

/**
 * GET /Users: a filter names users by key (`userName`, `emails`, `externalId` or `id` eq, alone or
 * and-ed with more conditions); without one, the account's live users by name, `count` from
 * `startIndex` (RFC 7644 §3.4.2.4). A client walking the list page by page costs the same at any
 * depth: each page remembers where the next one begins; an index no page ended at lately is reached
 * by reading the list's index up to it. totalResults is the account's live users (its seats in use).
 */
export async function listScimUsers(
  deps: AdminDeps,
  caller: ScimCaller,
  query: {
    filter?: string | undefined;
    startIndex?: number | undefined;
    count?: number | undefined;
    sortBy?: string | undefined;
    sortOrder?: string | undefined;
  },
) {
  // 1-based; less than 1 is 1; a negative count is 0.
  const startIndex = Math.max(1, query.startIndex ?? 1);
  const count = Math.min(MAX_COUNT, Math.max(0, query.count ?? 100));
  const order = scimSortOf(query.sortBy, query.sortOrder);
  if (query.filter) {
    const matches = scimUserFilter(query.filter);
    const found = (await usersByKey(deps, caller, scimKeyLookup(query.filter)))
      .sort(order ? inOrder(order) : (a, b) => a.userId.localeCompare(b.userId))
      .map((user) => locate(caller, user))
      .filter(matches);
    return listResponse(found.length, startIndex, found.slice(startIndex - 1, startIndex - 1 + count));
  }
  const account = await deps.accounts.getAccount(caller.accountId);
  const total = account?.seatsUsed ?? 0;
  if (count === 0) return listResponse(total, startIndex, []);
  const filter = order ? { order } : {};
  const orderKey = order ? userOrderName(order) : undefined;
  let cursor: string | null | undefined =
    startIndex === 1
      ? undefined
      : ((await deps.users.listPosition(caller.accountId, startIndex, orderKey)) ??
        (await skipUsers(deps, caller.accountId, startIndex - 1, filter)));
  const page: ScimUser[] = [];
  while (cursor !== null && page.length < count) {
    const next: UserPage = await deps.users.listUsers(caller.accountId, filter, count - page.length, cursor);
    page.push(...next.users.map((user) => locate(caller, user)));
    cursor = next.nextCursor;
  }
  if (cursor) await deps.users.rememberListPosition(caller.accountId, startIndex + page.length, cursor, orderKey);
  return listResponse(total, startIndex, page);
}

/**
 * sortBy / sortOrder (RFC 7644 §3.4.2.3) on userName (the email) or displayName; ascending unless
 * said otherwise. Undefined: the list's own order (by name). Any other attribute is refused.
 */
function scimSortOf(sortBy: string | undefined, sortOrder: string | undefined): UserOrder | undefined {
  if (sortOrder !== undefined && !/^(ascending|descending)$/i.test(sortOrder))
    throw new ScimError(400, 'sortOrder is ascending or descending', 'invalidValue');
  if (sortBy === undefined) return undefined;
  const path = sortBy.replace(/^urn:ietf:params:scim:schemas:core:2\.0:User:/i, '').toLowerCase();
  const by = path === 'username' || path === 'emails.value' ? 'email' : path === 'displayname' ? 'name' : undefined;
  if (!by) throw new ScimError(400, 'offboard sorts users by userName or displayName', 'invalidValue');
  return { by, descending: /^descending$/i.test(sortOrder ?? '') };
}

/** Users in an order, as the list's keys sort them: emails and names without regard to case. */
const inOrder =
  (order: UserOrder) =>
  (a: User, b: User): number => {
    const key = (u: User) => (order.by === 'email' ? u.email.toLowerCase() : u.displayName.toLowerCase());
    const byKey = key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.userId.localeCompare(b.userId);
    return order.descending ? -byKey : byKey;
  };

/** The cursor after the list's first `n` users (null: the list is shorter), read a page of the most at a time. */
async function skipUsers(
  { users }: AdminDeps,
  accountId: string,
  n: number,
  filter: { order?: UserOrder },
): Promise<string | null> {
  let skipped = 0;
  let cursor: string | undefined;
  while (skipped < n) {
    const page = await users.listUsers(accountId, filter, Math.min(MAX_COUNT, n - skipped), cursor);
    skipped += page.users.length;
    if (!page.nextCursor) return null;
    cursor = page.nextCursor;
  }
  return cursor ?? null;
}

const listResponse = (totalResults: number, startIndex: number, resources: ScimUser[]) => ({
  schemas: [SCIM_LIST_SCHEMA],
  totalResults,
  startIndex,
  itemsPerPage: resources.length,
  Resources: resources,
});

export async function getScimUser(deps: AdminDeps, caller: ScimCaller, id: string): Promise<ScimUser> {
  return locate(caller, await findUser(deps, caller, id));
}

export async function createScimUser(deps: AdminDeps, caller: ScimCaller, body: unknown): Promise<ScimUser> {
  const input = parseScimBody(ScimUserInputSchema, body, 'SCIM User');
  const account = await deps.accounts.getAccount(caller.accountId);
  if (!account) throw new ScimError(404, 'No such account');
  // As the client wrote it (Okta checks it comes back so); its claim, every look-up and the
  // uniqueness check ignore case. A taken email is refused by the add's own transaction
  // (EMAIL_IN_USE → 409 uniqueness).
  const email = input.userName.trim();
  const managerId = managerIdOf(input);
  const at = deps.clock.now().toISOString();
  const user: User = {
    accountId: caller.accountId,
    userId: `u-${randomUUID()}`,
    email,
    displayName: displayNameOf(input),
    role: 'MEMBER',
    status: 'ACTIVE',
    version: 1,
    ...(input.externalId ? { externalId: input.externalId } : {}),
    ...(managerId ? { managerId } : {}),
    ...(otherEmailsOf(input).length > 0 ? { otherEmails: otherEmailsOf(input) } : {}),
    ...enterpriseAttributesOf(input),
    createdAt: at,
    updatedAt: at,
  };
  const actor = actorOf(caller);
  await deps.users.addUser({
    user,
    seatLimit: seatLimit(account.plan),
    outbox: userAddedEvent(user, actor, at),
    provisionedBy: 'SCIM',
    audit: {
      id: `${user.userId}.added`,
      accountId: caller.accountId,
      at,
      actor,
      action: 'USER_ADDED',
      targetUserId: user.userId,
      details: { email, displayName: user.displayName, role: user.role, externalId: user.externalId },
    },
  });
  // Created inactive (Okta can): added, then deactivated — both audited as the IdP's doing.
  if (input.active === false) {
    await setUserStatus(deps, user, 'deactivate', actor);
    return locate(caller, await findUser(deps, caller, user.userId));
  }
  return locate(caller, user);
}

/**
 * If-Match (RFC 7644 §3.14): a write based on a version the user has since moved on from is 412 and
 * changes nothing; `*` and no header match any version. The write itself is conditional on the
 * version read, so a change in between is refused too.
 */
function assertVersion(user: User, ifMatch: string | undefined): void {
  if (ifMatch === undefined || ifMatch.trim() === '*') return;
  const wanted = ifMatch.split(',').map((tag) => tag.trim());
  const current = scimVersionOf(user);
  // Weak comparison: W/"3" and "3" name the same version.
  const bare = (tag: string) => tag.replace(/^W\//, '');
  if (!wanted.some((tag) => bare(tag) === bare(current)))
    throw new ScimError(412, `The user is at version ${current}, not ${ifMatch}: read it again, then write`);
}

/** PUT: the whole user as the identity provider has it now. */
export async function replaceScimUser(
  deps: AdminDeps,
  caller: ScimCaller,
  id: string,
  body: unknown,
  ifMatch?: string,
): Promise<ScimUser> {
  const current = await findUser(deps, caller, id);
  assertVersion(current, ifMatch);
  const input = parseScimBody(ScimUserInputSchema, body, 'SCIM User');
  return applyDesired(deps, caller, current, input, {
    displayName: displayNameOf(input),
    externalId: input.externalId,
    managerId: managerIdOf(input),
    ...desiredExtras(input),
    active: input.active ?? true,
  });
}

/** PATCH (RFC 7644 §3.5.2): Okta's `{op: replace, value: {active: false}}`, Entra ID's `{op: Replace, path: active, value: "False"}`, paths with filters. */
export async function patchScimUser(
  deps: AdminDeps,
  caller: ScimCaller,
  id: string,
  body: unknown,
  ifMatch?: string,
): Promise<ScimUser> {
  const current = await findUser(deps, caller, id);
  assertVersion(current, ifMatch);
  const { Operations } = parseScimBody(PatchOpSchema, body, 'SCIM User');
  // scim-patch follows a path segment by segment: a prototype key there would reach Object.prototype.
  const reserved = Operations.find((op) => op.path !== undefined && pathNamesPrototypeKey(op.path));
  if (reserved) throw new ScimError(400, `The path ${reserved.path} names a reserved attribute`, 'invalidPath');
  const before = locate(caller, current);
  let patched: Record<string, unknown>;
  try {
    patched = scimPatch(before as never, Operations as ScimPatchOperation[], {
      mutateDocument: false,
      treatMissingAsAdd: true,
    }) as unknown as Record<string, unknown>;
  } catch (error) {
    const scimCode = (error as { scimCode?: string }).scimCode;
    const scimType = scimCode === 'noTarget' || scimCode === 'invalidPath' ? scimCode : 'invalidValue';
    throw new ScimError(400, `The patch cannot be applied: ${(error as Error).message}`, scimType);
  }
  const input = parseScimBody(ScimUserInputSchema, patched, 'SCIM User');
  const nameChanged = JSON.stringify(patched.name) !== JSON.stringify(before.name);
  const displayName =
    input.displayName !== before.displayName
      ? input.displayName
      : nameChanged
        ? displayNameOf({ ...input, displayName: undefined })
        : before.displayName;
  return applyDesired(deps, caller, current, input, {
    displayName,
    externalId: input.externalId,
    managerId: managerIdOf(input),
    ...desiredExtras(input),
    active: input.active ?? before.active,
  });
}

/** The further emails and the enterprise attributes a body gives: what the user should have. */
const desiredExtras = (input: ScimUserInput) => {
  const { employeeNumber, department } = enterpriseAttributesOf(input);
  return { otherEmails: otherEmailsOf(input), employeeNumber, department };
};

const sameEmails = (a: User['otherEmails'], b: User['otherEmails']) =>
  JSON.stringify((a ?? []).map((e) => [e.value, e.type ?? ''])) ===
  JSON.stringify((b ?? []).map((e) => [e.value, e.type ?? '']));

/** The user brought to what the identity provider wants: profile first, then status (R2 applies). */
async function applyDesired(
  deps: AdminDeps,
  caller: ScimCaller,
  current: User,
  input: ScimUserInput,
  desired: {
    displayName: string | undefined;
    externalId: string | undefined;
    managerId: string | undefined;
    otherEmails: { value: string; type?: string }[];
    employeeNumber: string | undefined;
    department: string | undefined;
    active: boolean;
  },
): Promise<ScimUser> {
  // The sign-in email is the user's for good; further addresses come and go.
  if (input.userName.toLowerCase() !== current.email.toLowerCase())
    throw new ScimError(
      400,
      'userName is the user’s sign-in email, which offboard does not change over SCIM: invite the new address as a new user',
      'mutability',
    );
  const actor = actorOf(caller);
  const changes: Parameters<AdminDeps['users']['updateProfile']>[0]['changes'] = {};
  if (desired.displayName && desired.displayName !== current.displayName) changes.displayName = desired.displayName;
  if ((desired.externalId ?? '') !== (current.externalId ?? '')) changes.externalId = desired.externalId ?? '';
  if ((desired.managerId ?? '') !== (current.managerId ?? '')) changes.managerId = desired.managerId ?? '';
  if (!sameEmails(desired.otherEmails, current.otherEmails))
    changes.otherEmails = desired.otherEmails.length > 0 ? desired.otherEmails : undefined;
  for (const field of ['employeeNumber', 'department'] as const)
    if ((desired[field] ?? '') !== (current[field] ?? '')) changes[field] = desired[field] ?? '';
  let user = current;
  if (Object.keys(changes).length > 0) {
    const at = deps.clock.now().toISOString();
    await deps.users.updateProfile({
      user,
      changes,
      audit: {
        id: `${user.userId}.updated.${user.version}`,
        accountId: caller.accountId,
        at,
        actor,
        action: 'USER_UPDATED',
        targetUserId: user.userId,
        details: changes,
      },
    });
    user = await findUser(deps, caller, user.userId);
  }
  const wantsStatus = desired.active ? 'ACTIVE' : 'INACTIVE';
  if (user.status !== wantsStatus && user.status !== 'REMOVING') {
    refuseCreatorChange(caller, user);
    const action = desired.active ? 'activate' : 'deactivate';
    const account = await deps.accounts.getAccount(caller.accountId);
    await setUserStatus(deps, checkIntegrationMayManage(account, user, action), action, actor);
    user = await findUser(deps, caller, user.userId);
  }
  return locate(caller, user);
}

/**
 * DELETE: the user's removal with the account's reassignment policy (the manager when an ACTIVE
 * user, else the account's fallback user, else it waits for an admin's decision). A user already
 * being removed: nothing more to start. A GET answers 404 once the removal completed.
 */
export async function deleteScimUser(deps: AdminDeps, caller: ScimCaller, id: string): Promise<void> {
  const found = await findUser(deps, caller, id);
  if (found.status === 'REMOVING' || found.pendingRemovalId) return;
  refuseCreatorChange(caller, found);
  const account = await deps.accounts.getAccount(caller.accountId);
  const target = checkIntegrationMayManage(account, found, 'remove');
  // A manager id stored before ids were held to their form names nobody: the fallback policy applies.
  const managerId = IdSchema.safeParse(target.managerId).success ? target.managerId : undefined;
  const manager = managerId ? await deps.users.getUser(caller.accountId, managerId) : undefined;
  const request: RemovalRequest = {
    removalId: `rm-${randomUUID()}`,
    accountId: caller.accountId,
    userId: target.userId,
    requestedBy: actorOf(caller),
    requestedAt: deps.clock.now().toISOString(),
    policy: manager ? { managerEmail: manager.email } : {},
  };
  await acceptRemoval(deps, { request, target });
}

/** No token changes the status of the admin who created it (it would outlive or revive them). */
function refuseCreatorChange(caller: ScimCaller, user: User): void {
  if (user.userId === caller.createdBy)
    throw new ScimError(
      403,
      'This SCIM token was created by this user, and a token never changes its creator: change them in offboard',
    );
}
