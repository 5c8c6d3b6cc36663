// Invite a user: a new userId every time (a re-invited, previously removed email gets a new one),
// the email unique among the account's non-removed users, a seat taken on seat-based plans (R8).
import { randomUUID } from 'node:crypto';
import { assertAdmin } from '../access/caller-access.ts';
import { NotFoundError } from '../errors.ts';
import { seatLimit } from '../billing/seats.ts';
import type { Role, User } from '../model/index.ts';
import type { RemovalDeps } from '../removal/deps.ts';
import { userView, type UserView } from './user-view.ts';
import { userAddedEvent } from './user-added-event.ts';

export async function addUser(
  { users, accounts, clock }: RemovalDeps,
  caller: User,
  input: { email: string; displayName: string; role: Exclude<Role, 'OWNER'> },
): Promise<UserView> {
  assertAdmin(caller, 'add users');
  const account = await accounts.getAccount(caller.accountId);
  if (!account) throw new NotFoundError('No such account');
  const user: User = {
    accountId: account.accountId,
    userId: `u-${randomUUID()}`,
    email: input.email.toLowerCase(),
    displayName: input.displayName,
    role: input.role,
    status: 'ACTIVE',
    version: 1,
  };
  const at = clock.now().toISOString();
  const addedBy = { type: 'USER' as const, id: caller.userId };
  await users.addUser({
    user,
    seatLimit: seatLimit(account.plan),
    outbox: userAddedEvent(user, addedBy, at),
    audit: {
      id: `${user.userId}.added`,
      accountId: account.accountId,
      at,
      actor: { type: 'USER', id: caller.userId },
      action: 'USER_ADDED',
      targetUserId: user.userId,
      details: { email: user.email, displayName: user.displayName, role: user.role },
    },
  });
  return userView(user);
}
