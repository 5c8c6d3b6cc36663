// The one writer of the removal record's status: each write is a transition of
// core/removal/lifecycle.ts, built here as one conditional Update (the record must be in one of the
// transition's `from` statuses). Both stores (account-store: request, reschedule, decide, cancel;
// removal-store: the workflow's steps) build their removal-record items through this module.
import { REMOVAL_TRANSITIONS, type RemovalTransition } from '#core/removal/lifecycle.ts';
import type { RemovalRequest } from '#core/model/index.ts';
import * as k from './keys.ts';
import type { TransactItem } from './transact.ts';

/** The record's attributes as the API or HR creates them (also the workflow, when started directly). */
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

export function removalTransition(
  tableName: string,
  transition: RemovalTransition,
  target: { removalId: string } | { request: RemovalRequest },
  options: {
    /** Fields set with the status (endedAt, failure, decision…). */
    set?: Record<string, unknown>;
    remove?: readonly string[];
  } = {},
): TransactItem {
  const { from, to, step } = REMOVAL_TRANSITIONS[transition];
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const set = (name: string, value: unknown, ifMissing = false) => {
    names[`#${name}`] = name;
    values[`:${name}`] = value;
    sets.push(ifMissing ? `#${name} = if_not_exists(#${name}, :${name})` : `#${name} = :${name}`);
  };
  Object.entries({ ...options.set, status: to, step }).forEach(([name, value]) => set(name, value));
  // A workflow started directly (tests, a redrive of an old execution) creates the record as it goes.
  const request = 'request' in target ? target.request : undefined;
  if (request)
    Object.entries(newRemovalAttributes(request)).forEach(
      ([name, value]) => value !== undefined && set(name, value, true),
    );
  from.forEach((status, i) => (values[`:from${i}`] = status));
  const allowed = `#status IN (${from.map((_, i) => `:from${i}`).join(', ')})`;
  const removalId = request?.removalId ?? (target as { removalId: string }).removalId;
  for (const name of options.remove ?? []) names[`#${name}`] = name;
  return {
    Update: {
      TableName: tableName,
      Key: k.key(k.removalPk(removalId), k.REMOVAL_SK),
      UpdateExpression:
        `SET ${sets.join(', ')}` +
        (options.remove?.length ? ` REMOVE ${options.remove.map((name) => `#${name}`).join(', ')}` : ''),
      ConditionExpression: request ? `attribute_not_exists(pk) OR ${allowed}` : allowed,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}
