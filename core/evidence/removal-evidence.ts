// The evidence of one removal, for an auditor asking "who removed X, when did access end, where did
// their numbers go": who asked and confirmed, when and why; when access ended and how; every
// resource and rotation handed over, from whom to whom, by which batch; the seat and billing date;
// the events it published; its audit entries, with a digest chain over them and a digest of the
// whole document (digest-chain.ts), so a kept copy can be checked later. Admins and the owner (R1).
import { assertAdmin } from '../access/caller-access.ts';
import type { AdminDeps } from '../admin-deps.ts';
import type { Actor, AuditEntry, PlanBatch, User } from '../model/index.ts';
import { findRemoval } from '../removal/removal-view.ts';
import { digestChain, documentDigest, type DigestChain } from './digest-chain.ts';

export const EVIDENCE_VERSION = 1;
const AUDIT_PAGE = 100;

type Named = { userId: string | null; displayName: string | null };

export interface RemovalEvidence {
  evidenceVersion: number;
  generatedAt: string;
  accountId: string;
  removal: {
    removalId: string;
    status: string;
    reason: string | null;
    requestedBy: Actor & { displayName: string | null };
    /** The request carried `confirm: true` (the API refuses one without): confirmed when requested. */
    requestedAt: string;
    confirmedAt: string;
    effectiveAt: string | null;
    startedAt: string | null;
    endedAt: string | null;
    failure: { code: string; message: string } | null;
  };
  user: { userId: string; displayName: string | null };
  accessEnded: {
    at: string | null;
    how: string[];
  };
  handedOver: {
    resourceType: string;
    resourceId: string;
    name: string;
    from: Named;
    to: Named;
    batch: string;
  }[];
  rotationsLeft: { resourceType: string; resourceId: string; name: string; replacedBy: Named | null; batch: string }[];
  seat: { released: boolean; billingEffectiveOn: string | null } | null;
  events: { detailType: string; at: string | null }[];
  audit: AuditEntry[];
  digest: DigestChain;
  documentDigest: string;
}

/** The removal's own audit entries, oldest first: about its user, from its request on, named by its id. */
async function auditOf(deps: AdminDeps, accountId: string, removalId: string, userId: string, from: string) {
  const entries: AuditEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.views.auditLog(accountId, AUDIT_PAGE, cursor, { targetUserId: userId, from });
    entries.push(...page.entries.filter((e) => e.id.startsWith(`${removalId}.`)));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return entries.reverse();
}

export async function removalEvidence(deps: AdminDeps, caller: User, removalId: string): Promise<RemovalEvidence> {
  assertAdmin(caller, "read a removal's evidence");
  const removal = await findRemoval(deps, caller.accountId, removalId);
  const [batches, audit] = await Promise.all([
    deps.plans.listAppliedBatches(removalId),
    auditOf(deps, caller.accountId, removalId, removal.userId, removal.requestedAt),
  ]);
  const batchOf = (b: PlanBatch) => b.batchKey;
  const mentioned = new Set<string>([removal.userId]);
  if (removal.requestedBy.type === 'USER') mentioned.add(removal.requestedBy.id);
  for (const b of batches) {
    for (const o of b.ownership) if (o.toUserId) mentioned.add(o.toUserId);
    for (const m of b.memberships) if (m.replacedBy) mentioned.add(m.replacedBy);
  }
  const users = await deps.users.getUsers(caller.accountId, [...mentioned]);
  const named = (userId: string | null): Named => ({
    userId,
    displayName: userId ? (users.get(userId)?.displayName ?? null) : null,
  });
  const completed = removal.status === 'COMPLETED';
  const document: Omit<RemovalEvidence, 'documentDigest'> = {
    evidenceVersion: EVIDENCE_VERSION,
    generatedAt: deps.clock.now().toISOString(),
    accountId: caller.accountId,
    removal: {
      removalId,
      status: removal.status,
      reason: removal.reason ?? null,
      requestedBy: {
        ...removal.requestedBy,
        displayName: removal.requestedBy.type === 'USER' ? named(removal.requestedBy.id).displayName : null,
      },
      requestedAt: removal.requestedAt,
      confirmedAt: removal.requestedAt,
      effectiveAt: removal.effectiveAt ?? null,
      startedAt: removal.startedAt ?? null,
      endedAt: removal.endedAt ?? null,
      failure: removal.failure ?? null,
    },
    user: { userId: removal.userId, displayName: removal.userDisplayName ?? named(removal.userId).displayName },
    accessEnded: {
      at: removal.startedAt ?? null,
      how: removal.startedAt
        ? [
            'The user was taken (status REMOVING): every API, console and SCIM request of theirs is refused from this write on (R6).',
            'Their token generation moved on in the same write: every API and integration token they created stopped for good.',
            'The identity sync disabled their sign-in identity and signed it out everywhere on RemovalStarted' +
              (completed ? ', and deleted it on UserRemoved.' : '.'),
          ]
        : [],
    },
    handedOver: batches.flatMap((b) =>
      b.ownership.map((o) => ({
        resourceType: o.type,
        resourceId: o.id,
        name: o.name,
        from: named(removal.userId),
        to: named(o.toUserId),
        batch: batchOf(b),
      })),
    ),
    rotationsLeft: batches.flatMap((b) =>
      b.memberships.map((m) => ({
        resourceType: m.type,
        resourceId: m.id,
        name: m.name,
        replacedBy: m.replacedBy ? named(m.replacedBy) : null,
        batch: batchOf(b),
      })),
    ),
    seat: removal.seat ?? null,
    events: [
      ...(removal.startedAt ? [{ detailType: 'RemovalStarted', at: removal.startedAt }] : []),
      ...(completed ? [{ detailType: 'UserRemoved', at: removal.endedAt ?? null }] : []),
      ...(removal.status === 'FAILED' ? [{ detailType: 'RemovalFailed', at: removal.endedAt ?? null }] : []),
      ...(removal.status === 'CANCELLED' ? [{ detailType: 'RemovalCancelled', at: removal.endedAt ?? null }] : []),
    ],
    audit,
    digest: digestChain(removalId, audit),
  };
  return { ...document, documentDigest: documentDigest(document) };
}
