// R12: who may be handed something. A new owner, a reassignment target and a new member are ACTIVE
// users of the same account that no removal is pending for (an INACTIVE user keeps what it has,
// R9, but receives nothing new; a user being removed would only have it taken away again). The
// stores repeat this check inside the transaction that hands it over (adapters/dynamodb/holdings.ts),
// so an assignment and a removal taking the same user cannot both win.
import type { User } from '../model/index.ts';

export type CannotReceive = 'not-a-user' | 'not-active' | 'being-removed';

export function whyCannotReceive(user: User | undefined, accountId: string): CannotReceive | undefined {
  if (!user || user.accountId !== accountId || user.status === 'REMOVED') return 'not-a-user';
  if (user.status === 'REMOVING' || user.pendingRemovalId) return 'being-removed';
  if (user.status !== 'ACTIVE') return 'not-active';
  return undefined;
}

export const mayReceive = (user: User | undefined, accountId: string): user is User =>
  whyCannotReceive(user, accountId) === undefined;
