// Removals: preview, request (202, the workflow runs), status, list, cancel, decision.
import { assertAdmin } from '#core/access/caller-access.ts';
import { ValidationFailedError } from '#core/errors.ts';
import { previewRemoval } from '#core/removal/preview-removal.ts';
import { requestRemoval } from '#core/removal/request-removal.ts';
import { cancelRemoval } from '#core/removal/cancel-removal.ts';
import { decideRemoval } from '#core/removal/decide-removal.ts';
import { findRemoval, removalSummary, removalView } from '#core/removal/removal-view.ts';
import { defineRoute, ok } from '../route.ts';
import { removalEvidence } from '#core/evidence/removal-evidence.ts';
import { evidenceHtml } from '../evidence-html.ts';
import * as s from '../schemas.ts';

const removalUrl = (accountId: string, removalId: string) => `/v1/accounts/${accountId}/removals/${removalId}`;

export const getRemovalPreview = defineRoute({
  method: 'GET',
  path: '/v1/accounts/{accountId}/users/{userId}/removal-preview',
  operationId: 'previewRemoval',
  summary: 'What removing the user would do, what blocks it, and the text to confirm',
  params: s.UserPath,
  query: s.NoQuery,
  success: { status: 200, description: 'The preview', schema: s.RemovalPreviewResponse },
  problems: ['NOT_ALLOWED', 'NOT_FOUND'],
  handle: async ({ params, caller, deps }) => ok(await previewRemoval(deps, caller, params.userId)),
});

export const postRemoval = defineRoute({
  method: 'POST',
  path: '/v1/accounts/{accountId}/users/{userId}/removal',
  operationId: 'removeUser',
  summary: 'Remove a user (permanent). Checks R1–R4 first; 202 once the workflow runs',
  params: s.UserPath,
  query: s.NoQuery,
  body: s.RemovalBody,
  success: { status: 202, description: 'Accepted; poll statusUrl', schema: s.RemovalAcceptedResponse },
  problems: [
    'CONFIRMATION_REQUIRED',
    'NOT_ALLOWED',
    'NOT_FOUND',
    'OWNER_MUST_TRANSFER',
    'CANNOT_REMOVE_SELF',
    'RESOURCES_NEED_REASSIGNMENT',
    'INVALID_REASSIGNMENT_TARGET',
    'RESOURCE_NOT_OWNED',
    'REMOVAL_IN_PROGRESS',
    'IDEMPOTENCY_KEY_REUSED',
  ],
  handle: async ({ params, body, caller, deps, headers, correlationId }) => {
    const accepted = await requestRemoval(deps, caller, {
      userId: params.userId,
      body,
      idempotencyKey: idempotencyKeyOf(headers),
      correlationId,
    });
    const statusUrl = removalUrl(params.accountId, accepted.removalId);
    return ok({ ...accepted, statusUrl }, 202, { location: statusUrl });
  },
});

export const listRemovals = defineRoute({
  method: 'GET',
  path: '/v1/accounts/{accountId}/removals',
  operationId: 'listRemovals',
  summary: "A page of the account's removals, newest first (by status if asked)",
  params: s.AccountPath,
  query: s.RemovalsQuery,
  success: { status: 200, description: 'Removals', schema: s.RemovalsResponse },
  problems: ['NOT_ALLOWED'],
  handle: async ({ params, query, caller, deps }) => {
    assertAdmin(caller, 'see removals');
    const page = await deps.removals.listRemovals(
      params.accountId,
      { status: query.status },
      query.limit,
      query.cursor,
    );
    return ok({ removals: page.removals.map(removalSummary), nextCursor: page.nextCursor });
  },
});

export const getRemoval = defineRoute({
  method: 'GET',
  path: '/v1/accounts/{accountId}/removals/{removalId}',
  operationId: 'getRemoval',
  summary: 'A removal: status, step, reassignments so far, failure',
  params: s.RemovalPath,
  query: s.NoQuery,
  success: { status: 200, description: 'The removal', schema: s.RemovalResponse },
  problems: ['NOT_ALLOWED', 'NOT_FOUND'],
  handle: async ({ params, caller, deps }) => {
    assertAdmin(caller, 'see removals');
    return ok(await removalView(deps, await findRemoval(deps, params.accountId, params.removalId)));
  },
});

export const deleteRemoval = defineRoute({
  method: 'DELETE',
  path: '/v1/accounts/{accountId}/removals/{removalId}',
  operationId: 'cancelRemoval',
  summary: 'Cancel a SCHEDULED or AWAITING_DECISION removal',
  params: s.RemovalPath,
  query: s.NoQuery,
  success: { status: 200, description: 'Cancelled', schema: s.CancelledResponse },
  problems: ['NOT_ALLOWED', 'NOT_FOUND', 'NOT_CANCELLABLE'],
  handle: async ({ params, caller, deps }) => ok(await cancelRemoval(deps, caller, params.removalId)),
});

export const postDecision = defineRoute({
  method: 'POST',
  path: '/v1/accounts/{accountId}/removals/{removalId}/decision',
  operationId: 'decideRemoval',
  summary: 'Give the reassignment targets a removal waits for (AWAITING_DECISION only)',
  params: s.RemovalPath,
  query: s.NoQuery,
  body: s.DecisionBody,
  success: { status: 202, description: 'The removal continues', schema: s.RemovalAcceptedResponse },
  problems: [
    'NOT_ALLOWED',
    'NOT_FOUND',
    'NOT_AWAITING_DECISION',
    'RESOURCES_NEED_REASSIGNMENT',
    'INVALID_REASSIGNMENT_TARGET',
    'RESOURCE_NOT_OWNED',
  ],
  handle: async ({ params, body, caller, deps }) => {
    const decided = await decideRemoval(deps, caller, params.removalId, body);
    const statusUrl = `/v1/accounts/${params.accountId}/removals/${params.removalId}`;
    return ok({ ...decided, statusUrl }, 202, { location: statusUrl });
  },
});

/** The request's Idempotency-Key, if any, within the contract's limits (else VALIDATION_FAILED, before any read). */
export function idempotencyKeyOf(headers: Record<string, string | undefined>): string | undefined {
  const value = headers['idempotency-key'];
  if (value === undefined) return undefined;
  const parsed = s.IdempotencyKey.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ValidationFailedError('The Idempotency-Key header is not valid', [
    { path: 'header.Idempotency-Key', message: parsed.error.issues[0]?.message ?? 'not valid' },
  ]);
}

export const getRemovalEvidence = defineRoute({
  method: 'GET',
  path: '/v1/accounts/{accountId}/removals/{removalId}/evidence',
  operationId: 'getRemovalEvidence',
  summary:
    "A removal's evidence for an auditor: who asked and when, when access ended, every hand-over, the seat, the events and its audit entries with a SHA-256 digest chain (Accept: text/html for a printable page)",
  params: s.RemovalPath,
  query: s.NoQuery,
  success: { status: 200, description: 'The evidence (JSON; or text/html)', schema: s.RemovalEvidenceResponse },
  problems: ['NOT_ALLOWED', 'NOT_FOUND'],
  handle: async ({ params, caller, deps, headers }) => {
    const evidence = await removalEvidence(deps, caller, params.removalId);
    // A browser asks for a page; anything else gets the document an auditor keeps and verifies.
    if ((headers.accept ?? '').includes('text/html'))
      return {
        status: 200,
        body: null,
        text: evidenceHtml(evidence),
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
        },
      };
    return ok(evidence);
  },
});
