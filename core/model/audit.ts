// Audit entries: the story of every change, newest first in the audit log (R7).
import type { Actor } from './account.ts';

export type AuditAction =
  | 'REMOVAL_REQUESTED'
  | 'USER_REMOVED'
  | 'REMOVAL_FAILED'
  | 'REMOVAL_CANCELLED'
  | 'RESOURCE_REASSIGNED'
  | 'USER_DEACTIVATED'
  | 'USER_ACTIVATED'
  | 'OWNERSHIP_TRANSFERRED'
  | 'SEAT_ADJUSTMENT_APPLIED'
  | 'USER_ADDED'
  | 'REMOVAL_RESCHEDULED'
  | 'REMOVAL_DECIDED'
  | 'HR_TERMINATION_UNMATCHED'
  | 'PROVISIONING_REFUSED'
  | 'API_TOKEN_CREATED'
  | 'API_TOKEN_REVOKED'
  | 'SCIM_TOKEN_CREATED'
  | 'SCIM_TOKEN_REVOKED'
  | 'HR_TOKEN_CREATED'
  | 'HR_TOKEN_REVOKED'
  | 'PLATFORM_TOKEN_CREATED'
  | 'PLATFORM_TOKEN_REVOKED'
  | 'HR_EVENT_REFUSED'
  | 'USER_UPDATED'
  | 'RESOURCE_CREATED'
  | 'RESOURCE_RENAMED'
  | 'RESOURCE_DELETED'
  | 'MEMBERSHIP_CHANGED';

export interface AuditEntry {
  /** Deterministic where a retry could write it twice (e.g. `<removalId>.removed`). */
  id: string;
  accountId: string;
  at: string;
  actor: Actor;
  action: AuditAction;
  targetUserId?: string;
  details: Record<string, unknown>;
}
