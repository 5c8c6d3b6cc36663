// Bulk removals for a layoff (docs/api.md, Bulk removals): one preview and one typed confirmation for
// many users, then every user's own removal through the same use case as a single one (R1–R14 each,
// its own workflow), started a few at a time; a user the checks refuse is listed with the reason,
// never silently skipped. The bulk record keeps who was asked for and what became of each request;
// the removals' own records say how far each got.
import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '../model/canonical-json.ts';
import { assertAdmin } from '../access/caller-access.ts';
import type { AdminDeps } from '../admin-deps.ts';
import { ConfirmationRequiredError, IdempotencyKeyReusedError, ProblemError } from '../errors.ts';
import { resourceKey, type ReassignmentRequest, type ResourceType, type User } from '../model/index.ts';
import { previewRemoval } from '../removal/preview-removal.ts';
import { requestRemoval } from '../removal/request-removal.ts';
import type { BulkRemovalItem, BulkRemovalRecord } from '../ports.ts';

/** How many users' checks and starts run at once: the account's item is in each removal's write. */
const CONCURRENCY = 8;
export const MAX_BULK_USERS = 1000;

/** Runs `work` over `items`, at most `limit` at once, keeping their order in the results. */
async function inBatches<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export const confirmationTextFor = (count: number) => `REMOVE ${count} USERS`;

/** A transient failure (a refusal is an answer, not a failure) tried again a few times, a little later each time. */
async function withRetries<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if ((error instanceof ProblemError && error.status < 500) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt * Math.random()));
    }
  }
}

export interface BulkTargets {
  userIds: string[];
  reassignTo?: string | undefined;
  reassignments?: ReassignmentRequest[] | undefined;
}

export interface BulkPreviewUser {
  userId: string;
  displayName: string | null;
  canRemove: boolean;
  blockers: { code: string; message: string }[];
  ownedResources: number;
  lastMemberOf: { type: string; id: string; name: string }[];
}

/**
 * What removing all of them would do, user by user, and what blocks it — including what only the
 * whole set shows: a target who is being removed too, and a rotation whose every member taking
 * calls is in the set (nobody is left to replace the last of them unless a target is named).
 */
export async function previewBulkRemoval(deps: AdminDeps, caller: User, targets: BulkTargets) {
  assertAdmin(caller, 'remove users');
  const leaving = new Set(targets.userIds);
  // One batched read of them all: names for the list, and the rotations each is in (memberOf).
  const known = await deps.users.getUsers(caller.accountId, targets.userIds);
  const users = await inBatches(targets.userIds, CONCURRENCY, async (userId): Promise<BulkPreviewUser> => {
    const displayName = known.get(userId)?.displayName ?? null;
    try {
      const preview = await previewRemoval(deps, caller, userId);
      // A default target takes whatever would need one (R4, and R5's last places); whether that
      // target can receive is the set's question (below) and the start's own check.
      const blockers = targets.reassignTo
        ? preview.blockers.filter((b) => b.code !== 'RESOURCES_NEED_REASSIGNMENT')
        : preview.blockers;
      return {
        userId,
        displayName,
        canRemove: blockers.length === 0,
        blockers,
        ownedResources: preview.ownedResources.length,
        lastMemberOf: preview.memberships
          .filter((m) => m.lastActiveMember)
          .map(({ type, id, name }) => ({ type, id, name })),
      };
    } catch (error) {
      if (!(error instanceof ProblemError) || error.status >= 500) throw error;
      const blockers = [{ code: error.code, message: error.message }];
      return { userId, displayName, canRemove: false, blockers, ownedResources: 0, lastMemberOf: [] };
    }
  });
  const crossDependencies: { code: string; message: string; userIds: string[] }[] = [];
  const named = [targets.reassignTo, ...(targets.reassignments ?? []).map((r) => r.toUserId)].filter(
    (id): id is string => Boolean(id) && leaving.has(id as string),
  );
  for (const target of new Set(named))
    crossDependencies.push({
      code: 'TARGET_ALSO_REMOVED',
      message: `${target} is named to take over but is being removed too: choose someone who stays`,
      userIds: [target],
    });
  // Rotations whose members taking calls are all leaving: the last of them to go needs a replacement.
  const rotations = new Map<string, { name: string; userIds: string[] }>();
  for (const userId of targets.userIds)
    for (const [key, name] of Object.entries(known.get(userId)?.memberOf ?? {}))
      rotations.set(key, { name, userIds: [...(rotations.get(key)?.userIds ?? []), userId] });
  if (!targets.reassignTo && rotations.size > 0) {
    const refs = [...rotations.keys()].map((key) => {
      const [type, ...id] = key.split('#');
      return { type: type as ResourceType, id: id.join('#'), name: rotations.get(key)?.name ?? '' };
    });
    const members = await deps.plans.listRotationMembers(caller.accountId, refs);
    for (const ref of refs) {
      const statuses = members.get(resourceKey(ref)) ?? new Map<string, string>();
      const staying = [...statuses.entries()].filter(([id, status]) => status === 'ACTIVE' && !leaving.has(id));
      const leavingActive = [...statuses.entries()].filter(([id, status]) => status === 'ACTIVE' && leaving.has(id));
      if (staying.length === 0 && leavingActive.length > 0)
        crossDependencies.push({
          code: 'ROTATION_LEFT_EMPTY',
          message: `Everyone who takes calls in ${ref.name} is being removed: name who takes over (reassignTo)`,
          userIds: leavingActive.map(([id]) => id),
        });
    }
  }
  return {
    total: targets.userIds.length,
    removable: users.filter((u) => u.canRemove).length,
    users,
    crossDependencies,
    confirmationText: confirmationTextFor(targets.userIds.length),
  };
}

export interface BulkRemovalBody extends BulkTargets {
  confirm?: boolean | undefined;
  confirmationText?: string | undefined;
  perUser?:
    | { userId: string; reassignTo?: string | undefined; reassignments?: ReassignmentRequest[] | undefined }[]
    | undefined;
  reason?: string | undefined;
  effectiveAt?: string | undefined;
}

/**
 * Starts each user's removal (its own request, its own Idempotency-Key within the bulk), a few at a
 * time, and records the bulk: for each user its removalId, or why it was refused.
 */
export async function startBulkRemoval(
  deps: AdminDeps,
  caller: User,
  body: BulkRemovalBody,
  idempotencyKey?: string,
): Promise<{ bulkRemovalId: string; total: number; refused: number }> {
  assertAdmin(caller, 'remove users');
  const count = body.userIds.length;
  if (body.confirm !== true || body.confirmationText !== confirmationTextFor(count))
    throw new ConfirmationRequiredError(
      `Removing ${count} users is permanent: send "confirm": true and "confirmationText": "${confirmationTextFor(count)}"`,
    );
  const startedAt = deps.clock
    .now()
    .toISOString()
    .replace(/[-:.TZ]/g, '');
  const bulkRemovalId = `bulk-${startedAt}-${randomUUID().slice(0, 8)}`;
  const requestHash = createHash('sha256').update(canonicalJson(body)).digest('hex');
  if (idempotencyKey) {
    // The same key answers the same bulk; with another body it is refused, as for one removal.
    const earlier = await deps.bulkRemovals.claimBulkKey(caller.accountId, caller.userId, idempotencyKey, {
      bulkRemovalId,
      requestHash,
    });
    if (earlier) {
      if (earlier.requestHash !== requestHash) throw new IdempotencyKeyReusedError();
      const record = await deps.bulkRemovals
        .getBulkRemoval(caller.accountId, earlier.bulkRemovalId)
        .catch(() => undefined);
      return {
        bulkRemovalId: earlier.bulkRemovalId,
        total: count,
        refused: record ? record.items.filter((i) => i.refused).length : 0,
      };
    }
  }
  // Each user's own key: from the bulk's Idempotency-Key when there is one, so even two requests
  // with that key racing each other start every user's removal once (R10).
  const userKeyBase = idempotencyKey
    ? `bulk-${createHash('sha256').update(`${caller.userId}|${idempotencyKey}`).digest('hex').slice(0, 32)}`
    : bulkRemovalId;
  const overrides = new Map((body.perUser ?? []).map((p) => [p.userId, p]));
  const items = await inBatches(body.userIds, CONCURRENCY, async (userId): Promise<BulkRemovalItem> => {
    const own = overrides.get(userId);
    try {
      const accepted = await withRetries(() =>
        requestRemoval(deps, caller, {
          userId,
          body: {
            confirm: true,
            reassignTo: own?.reassignTo ?? body.reassignTo,
            reassignments: own?.reassignments ?? body.reassignments,
            reason: body.reason,
            effectiveAt: body.effectiveAt,
          },
          // A retry of this user's start answers the same removal (R10), so retrying is safe.
          idempotencyKey: `${userKeyBase}.${userId}`,
        }),
      );
      return { userId, removalId: accepted.removalId, refused: null };
    } catch (error) {
      if (error instanceof ProblemError && error.status < 500)
        return { userId, removalId: null, refused: { code: error.code, message: error.message } };
      // Still failing after the retries (throttling, a conflict that kept coming): listed, so the
      // others' removals — already running — are not lost with the bulk's record.
      return {
        userId,
        removalId: null,
        refused: {
          code: 'TEMPORARILY_UNAVAILABLE',
          message: `Not started: ${(error as Error).message}; include them in a new bulk`,
        },
      };
    }
  });
  const record: BulkRemovalRecord = {
    bulkRemovalId,
    accountId: caller.accountId,
    requestedBy: { type: 'USER', id: caller.userId },
    requestedAt: deps.clock.now().toISOString(),
    reason: body.reason ?? null,
    items,
  };
  await deps.bulkRemovals.saveBulkRemoval(record);
  return { bulkRemovalId, total: count, refused: items.filter((i) => i.refused).length };
}

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

/** A bulk as it is now: each user's removal status (read by key), counts, and a page of its items. */
export async function bulkRemovalStatus(
  deps: AdminDeps,
  caller: User,
  bulkRemovalId: string,
  page: { limit: number; offset: number },
) {
  assertAdmin(caller, 'read bulk removals');
  const record = await deps.bulkRemovals.getBulkRemoval(caller.accountId, bulkRemovalId);
  const removalIds = record.items.flatMap((i) => (i.removalId ? [i.removalId] : []));
  const removals = await deps.removals.getRemovals(removalIds);
  // Names come with the removals; only users without one (refused) are read for theirs.
  const unnamed = record.items.filter((i) => !(i.removalId && removals.get(i.removalId)?.userDisplayName));
  const users =
    unnamed.length > 0
      ? await deps.users.getUsers(
          caller.accountId,
          unnamed.map((i) => i.userId),
        )
      : new Map<string, User>();
  const items = record.items.map((item) => {
    const removal = item.removalId ? removals.get(item.removalId) : undefined;
    return {
      userId: item.userId,
      displayName: removal?.userDisplayName ?? users.get(item.userId)?.displayName ?? null,
      removalId: item.removalId,
      status: item.refused ? 'REFUSED' : (removal?.status ?? 'RUNNING'),
      failure: item.refused ?? removal?.failure ?? null,
    };
  });
  const count = (status: string) => items.filter((i) => i.status === status).length;
  const counts = {
    completed: count('COMPLETED'),
    running: count('RUNNING') + count('AWAITING_DECISION'),
    scheduled: count('SCHEDULED'),
    failed: count('FAILED'),
    cancelled: count('CANCELLED'),
    refused: count('REFUSED'),
  };
  const done = items.every((i) => i.status === 'REFUSED' || TERMINAL.has(i.status));
  const end = page.offset + page.limit;
  return {
    bulkRemovalId,
    status: done ? 'COMPLETED' : 'RUNNING',
    requestedBy: record.requestedBy,
    requestedAt: record.requestedAt,
    reason: record.reason,
    total: items.length,
    counts,
    items: items.slice(page.offset, end),
    nextOffset: end < items.length ? end : null,
  };
}
