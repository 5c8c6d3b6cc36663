// The one builder of a user-item update that moves what the user holds: `ownedCount`,
// `memberCount` and `memberOf` (User.ownedCount, User.memberOf). Every writer of ownership or
// membership — the resource store, a removal's batches — builds the user side of its transaction
// here, so the counters the final removal write relies on move the same way everywhere, and the
// condition under which a user may be handed something (R12, core/resources/receivers.ts) is
// written once.
import type { TransactItem } from './transact.ts';
import * as k from './keys.ts';

/**
 * R12 inside the transaction: the user is ACTIVE and no removal is pending for it (a removal's
 * Authorize sets `pendingRemovalId` or REMOVING first, so of the two writes only one commits).
 */
const RECEIVER_CONDITION = '#status = :active AND attribute_not_exists(pendingRemovalId)';

export interface HoldingsChange {
  accountId: string;
  userId: string;
  /** Resources given (+) or taken (−). */
  owned?: number;
  /** Rotations joined: `resourceKey` → name, into memberOf, memberCount up. */
  joined?: readonly (readonly [key: string, name: string])[];
  /** Rotations left, by `resourceKey`: out of memberOf, memberCount down. */
  left?: readonly string[];
  /** Rotations renamed: their names in memberOf follow, where the user is still in them (no count moves). */
  renamed?: readonly (readonly [key: string, name: string])[];
  /**
   * What must hold of the user when it commits: it may receive (R12); it is held by this removal
   * (a batch taking from it); or it merely exists (taking from it outside a removal).
   */
  require: 'receiver' | 'exists' | { removalId: string };
  /**
   * The user is also the change's requester: R1's check (requester-check.ts) goes into this
   * update, since a transaction may touch the user's item only once.
   */
  requester?: boolean;
}

/** One user's changes merged (a transaction may touch an item once): counts add up, the strictest condition wins. */
export function mergeHoldings(into: Map<string, HoldingsChange>, change: HoldingsChange): void {
  const had = into.get(change.userId);
  if (!had) {
    into.set(change.userId, change);
    return;
  }
  const strictest = (a: HoldingsChange['require'], b: HoldingsChange['require']) =>
    typeof a === 'object'
      ? a
      : typeof b === 'object'
        ? b
        : a === 'receiver' || b === 'receiver'
          ? 'receiver'
          : 'exists';
  into.set(change.userId, {
    accountId: change.accountId,
    userId: change.userId,
    owned: (had.owned ?? 0) + (change.owned ?? 0),
    joined: [...(had.joined ?? []), ...(change.joined ?? [])],
    left: [...(had.left ?? []), ...(change.left ?? [])],
    renamed: [...(had.renamed ?? []), ...(change.renamed ?? [])],
    require: strictest(had.require, change.require),
    requester: had.requester === true || change.requester === true,
  });
}

export function holdingsUpdate(tableName: string, change: HoldingsChange): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const adds: string[] = [];
  const sets: string[] = [];
  const removes: string[] = [];
  const joined = change.joined ?? [];
  const left = change.left ?? [];
  const owned = change.owned ?? 0;
  const members = joined.length - left.length;
  if (owned !== 0) {
    adds.push('ownedCount :owned');
    values[':owned'] = owned;
  }
  if (joined.length > 0 || left.length > 0) {
    adds.push('memberCount :members');
    values[':members'] = members;
  }
  const stillIn: string[] = [];
  [...joined, ...(change.renamed ?? [])].forEach(([key, name], i) => {
    names[`#in${i}`] = key;
    values[`:in${i}`] = name;
    sets.push(`memberOf.#in${i} = :in${i}`);
    if (i >= joined.length) stillIn.push(`attribute_exists(memberOf.#in${i})`);
  });
  left.forEach((key, i) => {
    names[`#out${i}`] = key;
    removes.push(`memberOf.#out${i}`);
  });

  let condition: string;
  if (change.require === 'receiver') {
    condition = RECEIVER_CONDITION;
    names['#status'] = 'status';
    values[':active'] = 'ACTIVE';
  } else if (change.require === 'exists') condition = 'attribute_exists(pk)';
  else {
    condition = 'removalId = :rid';
    values[':rid'] = change.require.removalId;
  }

  if (change.requester) {
    names['#status'] = 'status';
    names['#role'] = 'role';
    Object.assign(values, { ':active': 'ACTIVE', ':admin': 'ADMIN', ':owner': 'OWNER' });
    stillIn.push('#status = :active AND #role IN (:admin, :owner)');
  }
  condition = [condition, ...stillIn].join(' AND ');
  const expression = [
    adds.length > 0 ? `ADD ${adds.join(', ')}` : '',
    sets.length > 0 ? `SET ${sets.join(', ')}` : '',
    removes.length > 0 ? `REMOVE ${removes.join(', ')}` : '',
  ].filter(Boolean);
  const target = {
    TableName: tableName,
    Key: k.key(k.accountPk(change.accountId), k.userSk(change.userId)),
    ConditionExpression: condition,
    ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
  };
  // A change that moves nothing still proves its condition.
  return expression.length > 0
    ? { Update: { ...target, UpdateExpression: expression.join(' ') } }
    : { ConditionCheck: target };
}
