// Splits a reassignment plan into batches that each fit one DynamoDB transaction (≤ 100 items).
// Item cost per change mirrors what the store writes: an owned resource is one update, and so is
// a rotation left (its item's member map; a witness is checked in that same item) — counted even
// when it shares the owned resource's update; each distinct target is one item (its counters and
// memberOf, conditional on ACTIVE); every batch adds its marker, its audit entry and the user's
// counters and memberOf.
import type { MembershipChange, OwnershipChange } from '../model/index.ts';

export const MAX_TRANSACTION_ITEMS = 100;
const ITEMS_PER_BATCH = 3; // batch marker + audit entry + the removed user's counters

export interface Batch {
  ownership: OwnershipChange[];
  memberships: MembershipChange[];
}

type Change = { kind: 'ownership'; change: OwnershipChange } | { kind: 'membership'; change: MembershipChange };

const usersChecked = (change: Change): string[] =>
  change.kind === 'ownership'
    ? [change.change.toUserId].filter((id): id is string => id !== null)
    : [change.change.replacedBy].filter((id): id is string => Boolean(id));

/** Every change is one item (see above). */
const ITEMS_PER_CHANGE = 1;

export function toBatches(
  ownership: OwnershipChange[],
  memberships: MembershipChange[],
  maxItems = MAX_TRANSACTION_ITEMS,
): Batch[] {
  const changes: Change[] = [
    ...ownership.map((change) => ({ kind: 'ownership' as const, change })),
    ...memberships.map((change) => ({ kind: 'membership' as const, change })),
  ];
  const batches: Batch[] = [];
  let current: Batch = { ownership: [], memberships: [] };
  let checked = new Set<string>();
  let items = ITEMS_PER_BATCH;

  for (const change of changes) {
    let newChecks = usersChecked(change).filter((id) => !checked.has(id));
    if (items + ITEMS_PER_CHANGE + newChecks.length > maxItems && items > ITEMS_PER_BATCH) {
      batches.push(current);
      current = { ownership: [], memberships: [] };
      checked = new Set();
      items = ITEMS_PER_BATCH;
      newChecks = usersChecked(change);
    }
    newChecks.forEach((id) => checked.add(id));
    items += ITEMS_PER_CHANGE + newChecks.length;
    if (change.kind === 'ownership') current.ownership.push(change.change);
    else current.memberships.push(change.change);
  }
  if (current.ownership.length + current.memberships.length > 0) batches.push(current);
  return batches;
}
