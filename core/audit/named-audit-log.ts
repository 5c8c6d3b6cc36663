// The audit log as an auditor reads it: filtered by time, action, actor or target, with the names
// of the users beside their ids — removed users keep theirs (R7), so an entry stays readable after
// its actor or target left. Admins and the owner only (R1).
import { assertAdmin } from '../access/caller-access.ts';
import type { AuditEntry, User } from '../model/index.ts';
import type { AccountViews, AuditFilter, UserStore } from '../ports.ts';

export interface NamedAuditEntry extends AuditEntry {
  actor: AuditEntry['actor'] & { displayName: string | null };
  targetDisplayName: string | null;
}

export interface NamedAuditPage {
  entries: NamedAuditEntry[];
  nextCursor: string | null;
}

/** Names for the users a page mentions, one BatchGet; an id that names no user keeps a null name. */
async function namesOf(users: Pick<UserStore, 'getUsers'>, accountId: string, entries: AuditEntry[]) {
  const ids = new Set<string>();
  for (const entry of entries) {
    if (entry.actor.type === 'USER') ids.add(entry.actor.id);
    if (entry.targetUserId) ids.add(entry.targetUserId);
  }
  const found: Map<string, User> = ids.size > 0 ? await users.getUsers(accountId, [...ids]) : new Map();
  return (id: string | undefined) => (id ? (found.get(id)?.displayName ?? null) : null);
}

export async function namedAuditLog(
  deps: { views: Pick<AccountViews, 'auditLog'>; users: Pick<UserStore, 'getUsers'> },
  caller: User,
  page: { limit: number; cursor?: string | undefined; filter: AuditFilter },
): Promise<NamedAuditPage> {
  assertAdmin(caller, 'read the audit log');
  const { entries, nextCursor } = await deps.views.auditLog(caller.accountId, page.limit, page.cursor, page.filter);
  const nameOf = await namesOf(deps.users, caller.accountId, entries);
  return {
    entries: entries.map((entry) => ({
      ...entry,
      actor: { ...entry.actor, displayName: entry.actor.type === 'USER' ? nameOf(entry.actor.id) : null },
      targetDisplayName: nameOf(entry.targetUserId),
    })),
    nextCursor,
  };
}
