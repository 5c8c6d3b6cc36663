// Audit entries more than one path writes, built in one place so every writer stores the same item.
import type { AuditEntry, RemovalRequest } from '../model/index.ts';

/** REMOVAL_REQUESTED: written when the request is accepted and again (identically) by the workflow. */
export const removalRequestedAudit = (request: RemovalRequest, displayName: string): AuditEntry => ({
  id: `${request.removalId}.requested`,
  accountId: request.accountId,
  at: request.requestedAt,
  actor: request.requestedBy,
  action: 'REMOVAL_REQUESTED',
  targetUserId: request.userId,
  details: { removalId: request.removalId, displayName, reason: request.reason ?? null },
});
