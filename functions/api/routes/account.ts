// Account-wide views and actions: ownership transfer, resources, call logs, audit log, seats.
import { NotFoundError } from '#core/errors.ts';
import { seatLimit } from '#core/billing/seats.ts';
import { transferOwnership } from '#core/users/transfer-ownership.ts';
import { namedAuditLog, type NamedAuditEntry } from '#core/audit/named-audit-log.ts';
import { defineRoute, ok } from '../route.ts';
import { auditCsv } from '../audit-csv.ts';
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

/** How many entries one CSV response carries; more continue from the `x-next-cursor` header. */
const CSV_MAX_ROWS = 10_000;
const CSV_PAGE = 100;

export const listAuditLog = defineRoute({
  method: 'GET',
  path: '/v1/accounts/{accountId}/audit-log',
  operationId: 'listAuditLog',
  summary:
    'Audit entries, newest first, with names beside ids; filters by time, action, actor and target; format=csv exports them',
  params: s.AccountPath,
  query: s.AuditLogQuery,
  success: { status: 200, description: 'A page of entries (or text/csv)', schema: s.AuditLogResponse },
  problems: ['NOT_ALLOWED'],
  handle: async ({ query, caller, deps }) => {
    const filter = {
      action: query.action,
      actorId: query.actorId,
      targetUserId: query.targetUserId,
      from: query.from,
      to: query.to,
    };
    if (query.format === 'csv') {
      const entries: NamedAuditEntry[] = [];
      let cursor = query.cursor;
      do {
        const page = await namedAuditLog(deps, caller, {
          limit: Math.min(CSV_PAGE, CSV_MAX_ROWS - entries.length),
          cursor,
          filter,
        });
        entries.push(...page.entries);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && entries.length < CSV_MAX_ROWS);
      return {
        status: 200,
        body: null,
        text: auditCsv(entries),
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="audit-log-${caller.accountId}.csv"`,
          ...(cursor ? { 'x-next-cursor': cursor } : {}),
        },
      };
    }
    const page = await namedAuditLog(deps, caller, { limit: query.limit, cursor: query.cursor, filter });
    return ok({
      entries: page.entries.map(({ id, at, actor, action, targetUserId, targetDisplayName, details }) => ({
        id,
        at,
        actor,
        action,
        targetUserId: targetUserId ?? null,
        targetDisplayName,
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
