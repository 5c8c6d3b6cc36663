// SCIM 2.0 Groups as offboard teams (docs/scim.md): an identity provider's group push creates a
// team, sets its members, renames and deletes it — through the dashboard's own resource use cases,
// so R1 (the token's creator is an ACTIVE admin), R12 (members are ACTIVE users of the account) and
// R5 (a team keeps a member who takes calls: taking out the last one is refused, saying why) hold.
// A removal still replaces a team's last member, as ever. The team's owner is the admin who created
// the SCIM token; the changes are the identity provider's, {type: SCIM, id: tokenId}.
import { parse, type Filter } from 'scim2-parse-filter';
import type { AdminDeps } from '../admin-deps.ts';
import { NotFoundError } from '../errors.ts';
import type { Actor, Resource, User } from '../model/index.ts';
import {
  addMember,
  createResource,
  deleteResource,
  getResource,
  removeMember,
  updateResource,
} from '../resources/manage-resources.ts';
import { ScimError } from './scim-errors.ts';
import { parseScimBody, PatchOpSchema } from './scim-body.ts';
import { GroupMembersSchema, ScimGroupInputSchema, toScimGroup, type ScimGroup } from './scim-group.ts';
import { SCIM_LIST_SCHEMA } from './scim-user.ts';
import type { ScimCaller } from './scim-users.ts';
import * as z from 'zod';

const TEAM = 'TEAM' as const;
const PAGE = 200;
const MAX_COUNT = 200;

const actorOf = (caller: ScimCaller): Actor => ({ type: 'SCIM', id: caller.tokenId });

/** The admin whose rights the token carries (the authorizer admitted it as ACTIVE admin or owner). */
async function creatorOf(deps: AdminDeps, caller: ScimCaller): Promise<User> {
  const creator = await deps.users.getUser(caller.accountId, caller.createdBy);
  if (!creator) throw new ScimError(403, 'The admin who created this SCIM token is no longer a user of the account');
  return creator;
}

/** A use case's "no such resource" as SCIM's 404. */
async function orNotFound<T>(id: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof NotFoundError) throw new ScimError(404, `No group ${id}`);
    throw error;
  }
}

const teamRef = (id: string) => ({ type: TEAM, id });

export async function getScimGroup(deps: AdminDeps, caller: ScimCaller, id: string): Promise<ScimGroup> {
  const team = await orNotFound(id, () => getResource(deps, caller.accountId, teamRef(id)));
  return toScimGroup(team, caller.base);
}

/** What a group filter asks for: by name, or the groups a user is a member of. */
type GroupLookup = { displayName: string } | { memberId: string };

function groupLookup(filter: string): GroupLookup {
  let node: Filter;
  try {
    node = parse(filter);
  } catch (error) {
    throw new ScimError(400, `The filter is not valid SCIM: ${(error as Error).message}`, 'invalidFilter');
  }
  const path = (p: string) => p.toLowerCase();
  if (node.op === 'eq' && typeof node.compValue === 'string') {
    if (path(node.attrPath) === 'displayname') return { displayName: node.compValue };
    if (path(node.attrPath) === 'members.value' || path(node.attrPath) === 'members')
      return { memberId: node.compValue };
  }
  if (
    node.op === '[]' &&
    path(node.attrPath) === 'members' &&
    node.valFilter.op === 'eq' &&
    path(node.valFilter.attrPath) === 'value' &&
    typeof node.valFilter.compValue === 'string'
  )
    return { memberId: node.valFilter.compValue };
  throw new ScimError(
    400,
    'offboard answers group filters displayName eq "…" and members[value eq "…"] (or members.value eq "…")',
    'invalidFilter',
  );
}

/** Every team a filter names (or all the account's teams), in name order. */
async function teamsOf(deps: AdminDeps, caller: ScimCaller, lookup: GroupLookup | undefined): Promise<Resource[]> {
  const teams: Resource[] = [];
  let cursor: string | undefined;
  const filter =
    lookup === undefined
      ? { type: TEAM }
      : 'memberId' in lookup
        ? { type: TEAM, memberId: lookup.memberId }
        : { type: TEAM, q: lookup.displayName };
  do {
    const page = await deps.views.resources(caller.accountId, filter, PAGE, cursor);
    teams.push(...page.resources.filter((r) => r.type === TEAM));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  // The name search is a prefix: keep the exact name (displayName is caseExact false).
  const named =
    lookup && 'displayName' in lookup
      ? teams.filter((t) => t.name.toLowerCase() === lookup.displayName.toLowerCase())
      : teams;
  // By name, then id: the same order on every page.
  const key = (t: Resource) => `${t.name.toLowerCase()}\u0000${t.id}`;
  return named.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * GET /Groups: the account's teams (teams are few: every page reads them all), by name or by a
 * member when a filter says so; `startIndex` (1-based) and `count` page.
 */
export async function listScimGroups(
  deps: AdminDeps,
  caller: ScimCaller,
  query: { filter?: string | undefined; startIndex?: number | undefined; count?: number | undefined },
) {
  const startIndex = Math.max(1, query.startIndex ?? 1);
  const count = Math.min(MAX_COUNT, Math.max(0, query.count ?? 100));
  const teams = await teamsOf(deps, caller, query.filter ? groupLookup(query.filter) : undefined);
  const page = teams.slice(startIndex - 1, startIndex - 1 + count).map((t) => toScimGroup(t, caller.base));
  return {
    schemas: [SCIM_LIST_SCHEMA],
    totalResults: teams.length,
    startIndex,
    itemsPerPage: page.length,
    Resources: page,
  };
}

/** POST /Groups: a new team owned by the token's creator, with the group's members. */
export async function createScimGroup(deps: AdminDeps, caller: ScimCaller, body: unknown): Promise<ScimGroup> {
  const input = parseScimBody(ScimGroupInputSchema, body, 'SCIM Group');
  const creator = await creatorOf(deps, caller);
  const team = await createResource(
    deps,
    creator,
    {
      type: TEAM,
      name: input.displayName,
      ownerId: creator.userId,
      members: (input.members ?? []).map((m) => m.value),
    },
    undefined,
    actorOf(caller),
  );
  return toScimGroup(team, caller.base);
}

/**
 * The team's members brought to `wanted`: those joining first, then those leaving, so a group whose
 * members are all replaced keeps someone taking calls throughout (R5).
 */
async function setMembers(deps: AdminDeps, caller: ScimCaller, creator: User, id: string, wanted: readonly string[]) {
  const team = await getResource(deps, caller.accountId, teamRef(id));
  const target = new Set(wanted);
  for (const userId of target)
    if (!team.members.includes(userId)) await addMember(deps, creator, teamRef(id), userId, actorOf(caller));
  for (const userId of team.members)
    if (!target.has(userId)) await removeMember(deps, creator, teamRef(id), userId, actorOf(caller));
}

/** PUT /Groups/{id}: the group as the identity provider has it now — its name and exactly its members. */
export async function replaceScimGroup(deps: AdminDeps, caller: ScimCaller, id: string, body: unknown) {
  const input = parseScimBody(ScimGroupInputSchema, body, 'SCIM Group');
  const creator = await creatorOf(deps, caller);
  return orNotFound(id, async () => {
    await updateResource(deps, creator, teamRef(id), { name: input.displayName }, actorOf(caller));
    if (input.members !== undefined)
      await setMembers(
        deps,
        caller,
        creator,
        id,
        input.members.map((m) => m.value),
      );
    return getScimGroup(deps, caller, id);
  });
}

/** `members[value eq "u"]`: the one member a remove names by path (Okta's shape). */
const memberInPath = (path: string): string | undefined =>
  /^members\[\s*value\s+eq\s+"([^"]+)"\s*\]$/i.exec(path.trim())?.[1];

const membersOf = (value: unknown): string[] => {
  const parsed = GroupMembersSchema.safeParse(Array.isArray(value) ? value : [value]);
  if (!parsed.success) throw new ScimError(400, 'members are [{"value": "<user id>"}, …]', 'invalidValue');
  return parsed.data.map((m) => m.value);
};

const nameOf = (value: unknown): string => {
  const parsed = z.string().trim().min(1).max(200).safeParse(value);
  if (!parsed.success) throw new ScimError(400, 'displayName is a name of 1–200 characters', 'invalidValue');
  return parsed.data;
};

/**
 * PATCH /Groups/{id} (RFC 7644 §3.5.2), in Okta's shapes (`replace` with `{displayName}`, `add`
 * members, `remove` with `members[value eq "…"]`) and Entra ID's (`Add`/`Remove` with path
 * `members` and a list of values, `Replace` with path `displayName`); operations apply in order.
 */
export async function patchScimGroup(deps: AdminDeps, caller: ScimCaller, id: string, body: unknown) {
  const { Operations } = parseScimBody(PatchOpSchema, body, 'SCIM PatchOp');
  const creator = await creatorOf(deps, caller);
  const actor = actorOf(caller);
  return orNotFound(id, async () => {
    for (const operation of Operations) {
      const op = operation.op.toLowerCase();
      const path = operation.path?.trim();
      const lowerPath = path?.toLowerCase();
      if (lowerPath === undefined && op !== 'remove') {
        // Okta: replace (or add) with the attributes in the value.
        const value = (operation.value ?? {}) as { displayName?: unknown; members?: unknown };
        if (value.displayName !== undefined)
          await updateResource(deps, creator, teamRef(id), { name: nameOf(value.displayName) }, actor);
        if (value.members !== undefined) {
          const named = membersOf(value.members);
          if (op === 'replace') await setMembers(deps, caller, creator, id, named);
          else for (const userId of named) await addMember(deps, creator, teamRef(id), userId, actor);
        }
      } else if (lowerPath === 'displayname' && op !== 'remove') {
        await updateResource(deps, creator, teamRef(id), { name: nameOf(operation.value) }, actor);
      } else if (lowerPath === 'members' && op === 'add') {
        for (const userId of membersOf(operation.value)) await addMember(deps, creator, teamRef(id), userId, actor);
      } else if (lowerPath === 'members' && op === 'replace') {
        await setMembers(deps, caller, creator, id, membersOf(operation.value));
      } else if (lowerPath === 'members' && op === 'remove') {
        // Entra ID names the members in the value; without one, every member leaves.
        const leaving =
          operation.value === undefined
            ? (await getResource(deps, caller.accountId, teamRef(id))).members
            : membersOf(operation.value);
        for (const userId of leaving) await removeMember(deps, creator, teamRef(id), userId, actor);
      } else if (op === 'remove' && path && memberInPath(path)) {
        await removeMember(deps, creator, teamRef(id), memberInPath(path) as string, actor);
      } else {
        throw new ScimError(
          400,
          `offboard changes a group's displayName and members; not ${operation.op} ${path ?? '(no path)'}`,
          path ? 'invalidPath' : 'noTarget',
        );
      }
    }
    return getScimGroup(deps, caller, id);
  });
}

/** DELETE /Groups/{id}: the team is deleted; its members simply no longer take its calls. */
export async function deleteScimGroup(deps: AdminDeps, caller: ScimCaller, id: string): Promise<void> {
  const creator = await creatorOf(deps, caller);
  await orNotFound(id, () => deleteResource(deps, creator, teamRef(id), actorOf(caller)));
}
