// The one writer of the removal record's status: each write is a transition of
// core/removal/lifecycle.ts, built here as one conditional Update (the record must be in one of the
// transition's `from` statuses). Both stores (account-store: request, reschedule, decide, cancel;
// removal-store: the workflow's steps) build their removal-record items through this module.
import { REMOVAL_TRANSITIONS, type RemovalTransition } from '#core/removal/lifecycle.ts';
import type { RemovalRequest } from '#core/model/index.ts';
import * as k from './keys.ts';
import type { TransactItem } from './transact.ts';

/** The record's attributes as an accepted request (API, HR, SCIM) creates them. */
export const newRemovalAttributes = (request: RemovalRequest) => ({
  entity: 'REMOVAL',
  removalId: request.removalId,
  accountId: request.accountId,
  userId: request.userId,
  requestedBy: request.requestedBy,
  requestedAt: request.requestedAt,
  reason: request.reason,
  request,
  gsi1pk: k.removalsIndexPk(request.accountId),
  gsi1sk: `${request.requestedAt}#${request.removalId}`,
});

/**
 * The record alone, as an accepted request leaves it (without the user's guard the API writes
 * beside it): for the bench and the tests of the workflow's own steps, which start executions
 * directly — the workflow acts on nothing else (R14).
 */
export const acceptedRemovalItem = (
  request: RemovalRequest,
  status: 'RUNNING' | 'SCHEDULED' = 'RUNNING',
  effectiveAt?: string,
): Record<string, unknown> => ({
  ...k.key(k.removalPk(request.removalId), k.REMOVAL_SK),
  // Through JSON: no undefined attribute reaches the marshaller.
  ...(JSON.parse(JSON.stringify(newRemovalAttributes(request))) as Record<string, unknown>),
  status,
  step: status,
  ...(effectiveAt ? { effectiveAt } : {}),
});

export function removalTransition(
  tableName: string,
  transition: RemovalTransition,
  target: { removalId: string } | { request: RemovalRequest },
  options: {
    /** Fields set with the status (endedAt, failure, decision…). */
    set?: Record<string, unknown>;
    remove?: readonly string[];
    /** Also require the record to hold exactly this request. */
    recordedRequest?: RemovalRequest;
  } = {},
): TransactItem {
  const { from, to, step } = REMOVAL_TRANSITIONS[transition];
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const set = (name: string, value: unknown) => {
    names[`#${name}`] = name;
    values[`:${name}`] = value;
    sets.push(`#${name} = :${name}`);
  };
  Object.entries({ ...options.set, status: to, step }).forEach(([name, value]) => set(name, value));
  from.forEach((status, i) => (values[`:from${i}`] = status));
  // Only a record an accepted request created moves (R14): the workflow never creates one.
  const conditions = [`#status IN (${from.map((_, i) => `:from${i}`).join(', ')})`];
  if (options.recordedRequest) {
    // The record holds exactly this request (a map compares as a whole): how a step that did not
    // read the record proves its input is what was accepted.
    names['#request'] = 'request';
    values[':recordedRequest'] = options.recordedRequest;
    conditions.push('#request = :recordedRequest');
  }
  const removalId = 'request' in target ? target.request.removalId : target.removalId;
  for (const name of options.remove ?? []) names[`#${name}`] = name;
  return {
    Update: {
      TableName: tableName,
      Key: k.key(k.removalPk(removalId), k.REMOVAL_SK),
      UpdateExpression:
        `SET ${sets.join(', ')}` +
        (options.remove?.length ? ` REMOVE ${options.remove.map((name) => `#${name}`).join(', ')}` : ''),
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}
