// Account-wide views and actions: ownership transfer, resources, call logs, audit log, seats.
import { assertAdmin } from '#core/access/caller-access.ts';
import { NotFoundError } from '#core/errors.ts';
import { seatLimit } from '#core/billing/seats.ts';
import { transferOwnership } from '#core/users/transfer-ownership.ts';
import { defineRoute, ok } from '../route.ts';
import * as s from '../schemas.ts';

export const postOwnershipTransfer = defineRoute({
  method: 'POST',
  path: '/v1/accounts/{accountId}/ownership-transfer',
  operationId: 'transferOwnership',
  summary: 'Owner only: hand the account to an ACTIVE admin; the former owner becomes an admin',
  params: s.AccountPath,
  query: s.NoQuery,
  body: s.OwnershipTransferBody,
  success: { status: 200, description: 'The new owner', schema: s.OwnershipResponse },
  problems: ['NOT_ALLOWED', 'NOT_FOUND', 'INVALID_NEW_OWNER'],
  handle: async ({ body, caller, deps }) => ok(await transferOwnership(deps, caller, body.newOwnerId)),
});

export const listCallLogs = defineRoute({
  method: 'GET',
  path: '/v1/accounts/{accountId}/call-logs',
  operationId: 'listCallLogs',
  summary:
    'Calls newest first, a page at a time (by user: only that user’s), still attributed to removed users by display name (R7)',
  params: s.AccountPath,
  query: s.CallLogsQuery,
  success: { status: 200, description: 'Calls', schema: s.CallLogsResponse },
  problems: [],
  handle: async ({ params, query, deps }) =>
    ok(await deps.views.callLogs(params.accountId, { userId: query.userId }, query.limit, query.cursor)),
});

export const listAuditLog = defineRoute({
  method: 'GET',
  path: '/v1/accounts/{accountId}/audit-log',
  operationId: 'listAuditLog',
  summary: 'Audit entries, newest first, with cursor pagination',
  params: s.AccountPath,
  query: s.AuditLogQuery,
  success: { status: 200, description: 'A page of entries', schema: s.AuditLogResponse },
  problems: ['NOT_ALLOWED'],
  handle: async ({ params, query, caller, deps }) => {
    assertAdmin(caller, 'read the audit log');
    const page = await deps.views.auditLog(params.accountId, query.limit, query.cursor);
    return ok({
      entries: page.entries.map(({ id, at, actor, action, targetUserId, details }) => ({
        id,
        at,
        actor,
        action,
        targetUserId: targetUserId ?? null,
        details,
      })),
      nextCursor: page.nextCursor,
    });
  },
});

export const getSeats = defineRoute({
  method: 'GET',
  path: '/v1/accounts/{accountId}/seats',
  operationId: 'getSeats',
  summary: 'Plan, seat limit, seats used and available, pending billing adjustments (R8)',
  params: s.AccountPath,
  query: s.NoQuery,
  success: { status: 200, description: 'Seats', schema: s.SeatsResponse },
  problems: [],
  handle: async ({ params, deps }) => {
    const [account, pending] = await Promise.all([
      deps.accounts.getAccount(params.accountId),
      deps.views.pendingSeatAdjustments(params.accountId),
    ]);
    if (!account) throw new NotFoundError('No such account');
    const limit = seatLimit(account.plan);
    return ok({
      plan: account.plan,
      limit,
      used: account.seatsUsed,
      billed: account.billedSeats,
      available: limit === null ? null : Math.max(0, limit - account.seatsUsed),
      pendingAdjustments: pending.map(({ effectiveOn, seats, removalId }) => ({ effectiveOn, seats, removalId })),
    });
  },
});
