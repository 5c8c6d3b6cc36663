// Importing an existing account (the fixture format: users, resources, memberships, call logs)
// through the product's own use cases — the same checks as the API (seats R8, emails, R12, R5),
// audited and announced — acting as the account's owner. Idempotent: users are matched by email,
// resources by id, calls by callId, so a second run finds everything there and changes nothing.
// Users come first, then what they own and the rotations they are in (given while they are ACTIVE,
// R12), then the call history, and last the deactivations the fixture asks for (R9).
import { ProblemError } from '../errors.ts';
import type { FixtureAccount } from '../fixture.ts';
import type { User } from '../model/index.ts';
import type { RemovalDeps } from '../removal/deps.ts';
import { recordCalls } from '../calls/record-calls.ts';
import { addMember, createResource } from '../resources/manage-resources.ts';
import { addUser } from '../users/add-user.ts';
import { changeUserStatus } from '../users/change-user-status.ts';

/** Members given with a new rotation at once; the rest join one by one. */
const MEMBERS_AT_CREATION = 90;

export type ImportStep = 'users' | 'resources' | 'members' | 'calls' | 'statuses';

export interface ImportSummary {
  accountId: string;
  created: Record<ImportStep, number>;
  existing: Record<ImportStep, number>;
  refused: { step: ImportStep; what: string; code: string; reason: string }[];
}

export interface ImportProgress {
  (step: ImportStep, done: number, total: number): void;
}

export async function importAccount(
  deps: RemovalDeps,
  account: FixtureAccount,
  progress: ImportProgress = () => {},
): Promise<ImportSummary> {
  const { accountId } = account;
  const zero = (): Record<ImportStep, number> => ({ users: 0, resources: 0, members: 0, calls: 0, statuses: 0 });
  const summary: ImportSummary = { accountId, created: zero(), existing: zero(), refused: [] };
  const refuse = (step: ImportStep, what: string, error: unknown) => {
    if (!(error instanceof ProblemError)) throw error;
    summary.refused.push({ step, what, code: error.code, reason: error.message });
  };

  const stored = await deps.accounts.getAccount(accountId);
  if (!stored) throw new Error(`Account ${accountId} does not exist: create it first (offboard bootstrap)`);
  const owner = (await deps.users.getUser(accountId, stored.ownerId)) as User;
  const fixtureOwner = account.users.find((u) => u.role === 'OWNER');
  if (fixtureOwner && fixtureOwner.email.toLowerCase() !== owner.email)
    throw new Error(
      `Account ${accountId} is owned by ${owner.email}, not by the fixture's owner ${fixtureOwner.email}`,
    );

  // The fixture's user ids name its users; in the account they are whoever has that email.
  const idOf = new Map<string, string>();
  for (const [i, user] of account.users.entries()) {
    progress('users', i, account.users.length);
    const existing = await deps.users.findUserByEmail(accountId, user.email);
    if (existing) {
      idOf.set(user.userId, existing.userId);
      summary.existing.users++;
      continue;
    }
    try {
      const added = await addUser(deps, owner, {
        email: user.email,
        displayName: user.displayName,
        role: user.role === 'OWNER' ? 'ADMIN' : user.role,
      });
      idOf.set(user.userId, added.userId);
      summary.created.users++;
    } catch (error) {
      refuse('users', user.email, error);
    }
  }
  progress('users', account.users.length, account.users.length);

  const mapped = (ids: readonly string[]) => ids.flatMap((id) => (idOf.has(id) ? [idOf.get(id) as string] : []));
  for (const [i, resource] of account.resources.entries()) {
    progress('resources', i, account.resources.length);
    const what = `${resource.type} ${resource.id}`;
    const ownerId = idOf.get(resource.ownerId);
    if (ownerId === undefined) {
      summary.refused.push({ step: 'resources', what, code: 'INVALID_OWNER', reason: `its owner was not imported` });
      continue;
    }
    const members = mapped(resource.members ?? []);
    let current = await deps.resources.getResource(accountId, resource);
    let givenNow = new Set<string>();
    if (current) summary.existing.resources++;
    else
      try {
        await createResource(
          deps,
          owner,
          { type: resource.type, name: resource.name, ownerId, members: members.slice(0, MEMBERS_AT_CREATION) },
          resource.id,
        );
        summary.created.resources++;
        givenNow = new Set(members.slice(0, MEMBERS_AT_CREATION));
        current = await deps.resources.getResource(accountId, resource);
      } catch (error) {
        refuse('resources', what, error);
        continue;
      }
    for (const memberId of members) {
      if (givenNow.has(memberId)) {
        summary.created.members++;
        continue;
      }
      if (current?.memberStatuses[memberId] !== undefined) {
        summary.existing.members++;
        continue;
      }
      try {
        await addMember(deps, owner, resource, memberId);
        summary.created.members++;
      } catch (error) {
        refuse('members', `${memberId} in ${what}`, error);
      }
    }
  }
  progress('resources', account.resources.length, account.resources.length);

  const calls = account.callLogs.filter((c) => idOf.has(c.userId));
  for (let i = 0; i < calls.length; i += 100) {
    progress('calls', i, calls.length);
    const results = await recordCalls(
      deps,
      accountId,
      calls.slice(i, i + 100).map((c) => ({
        callId: c.callId,
        userId: idOf.get(c.userId) as string,
        startedAt: c.at,
        durationSeconds: c.durationSeconds,
        direction: c.direction,
        number: c.number,
      })),
    );
    for (const result of results) {
      if (result.outcome === 'recorded') summary.created.calls++;
      else if (result.outcome === 'duplicate') summary.existing.calls++;
      else summary.refused.push({ step: 'calls', what: result.callId, code: 'NOT_FOUND', reason: 'unknown user' });
    }
  }
  progress('calls', calls.length, calls.length);

  const inactive = account.users.filter((u) => u.status === 'INACTIVE' && idOf.has(u.userId));
  for (const [i, user] of inactive.entries()) {
    progress('statuses', i, inactive.length);
    const userId = idOf.get(user.userId) as string;
    if ((await deps.users.getUser(accountId, userId))?.status === 'INACTIVE') {
      summary.existing.statuses++;
      continue;
    }
    try {
      await changeUserStatus(deps, owner, userId, 'deactivate');
      summary.created.statuses++;
    } catch (error) {
      refuse('statuses', user.email, error);
    }
  }
  progress('statuses', inactive.length, inactive.length);
  return summary;
}
