// Bulk removals (docs/api.md): a preview of many users at once, one typed confirmation, each
// user's own removal started through the same use case as a single one, and the bulk's progress.
import { bulkRemovalStatus, previewBulkRemoval, startBulkRemoval } from '#core/bulk/bulk-removal.ts';
import { assertAdmin } from '#core/access/caller-access.ts';
import { defineRoute, ok } from '../route.ts';
import { idempotencyKeyOf } from './removals.ts';
import * as s from '../schemas.ts';

const bulkUrl = (accountId: string, bulkRemovalId: string) =>
  `/v1/accounts/${accountId}/bulk-removals/${bulkRemovalId}`;

export const previewBulkRemovals = defineRoute({
  method: 'POST',
  path: '/v1/accounts/{accountId}/bulk-removals/preview',
  operationId: 'previewBulkRemoval',
  summary:
    'What removing these users would do, user by user, what blocks each, and what only the set shows (a target being removed too, a rotation left with nobody)',
  params: s.AccountPath,
  query: s.NoQuery,
  body: s.BulkPreviewBody,
  success: { status: 200, description: 'The preview and the text to confirm', schema: s.BulkPreviewResponse },
  problems: ['NOT_ALLOWED'],
  handle: async ({ body, caller, deps }) => ok(await previewBulkRemoval(deps, caller, body)),
});

export const postBulkRemoval = defineRoute({
  method: 'POST',
  path: '/v1/accounts/{accountId}/bulk-removals',
  operationId: 'startBulkRemoval',
  summary:
    'Remove many users (permanent): each its own removal, started a few at a time; refused users are listed with the reason',
  params: s.AccountPath,
  query: s.NoQuery,
  body: s.BulkRemovalBody,
  success: { status: 202, description: 'Started; poll statusUrl', schema: s.BulkRemovalAcceptedResponse },
  problems: ['CONFIRMATION_REQUIRED', 'NOT_ALLOWED', 'IDEMPOTENCY_KEY_REUSED'],
  handle: async ({ params, body, caller, deps, headers }) => {
    const started = await startBulkRemoval(deps, caller, body, idempotencyKeyOf(headers));
    const statusUrl = bulkUrl(params.accountId, started.bulkRemovalId);
    return ok({ ...started, statusUrl }, 202, { location: statusUrl });
  },
});

export const getBulkRemoval = defineRoute({
  method: 'GET',
  path: '/v1/accounts/{accountId}/bulk-removals/{bulkRemovalId}',
  operationId: 'getBulkRemoval',
  summary: "A bulk removal's progress: counts by outcome, and a page of its users with their removal and status",
  params: s.BulkRemovalPath,
  query: s.BulkRemovalQuery,
  success: { status: 200, description: 'The bulk removal', schema: s.BulkRemovalResponse },
  problems: ['NOT_ALLOWED', 'NOT_FOUND'],
  handle: async ({ params, query, caller, deps }) =>
    ok(await bulkRemovalStatus(deps, caller, params.bulkRemovalId, { limit: query.limit, offset: query.offset })),
});

export const listBulkRemovals = defineRoute({
  method: 'GET',
  path: '/v1/accounts/{accountId}/bulk-removals',
  operationId: 'listBulkRemovals',
  summary: "The account's bulk removals, newest first",
  params: s.AccountPath,
  query: s.BulkRemovalsQuery,
  success: { status: 200, description: 'A page of bulk removals', schema: s.BulkRemovalsResponse },
  problems: ['NOT_ALLOWED'],
  handle: async ({ query, caller, deps }) => {
    assertAdmin(caller, 'read bulk removals');
    return ok(await deps.bulkRemovals.listBulkRemovals(caller.accountId, query.limit, query.cursor));
  },
});

export const BULK_REMOVAL_ROUTES = [previewBulkRemovals, postBulkRemoval, listBulkRemovals, getBulkRemoval];
