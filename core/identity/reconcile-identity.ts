// Keeps a user's sign-in identity in line with offboard's table, the truth: whichever event
// triggered it, in whatever order or number, the identity ends as the user's status says now —
// ACTIVE: it exists and can sign in; INACTIVE or REMOVING: it cannot, and is signed out; REMOVED or
// gone: it is deleted. A failure is retried (the event's delivery) until both sides agree. The
// authorizer's live status check stays the guarantee of R6; the identity provider is the second line.
import type { IdentityDirectory, UserStore } from '../ports.ts';

export type IdentityOutcome = 'enabled' | 'disabled' | 'removed' | 'not-this-account';

export async function reconcileIdentity(
  deps: { users: Pick<UserStore, 'getUser' | 'findAccountsOfUser'>; identities: IdentityDirectory },
  ref: { accountId: string; userId: string },
): Promise<IdentityOutcome> {
  const { users, identities } = deps;
  // R14: an event of one account never touches another account's identity. The identity names its
  // account; one made before identities carried it belongs to the account that has the user id.
  const found = await identities.accountOf(ref.userId);
  if (found !== 'none') {
    if (found.accountId !== undefined && found.accountId !== ref.accountId) return 'not-this-account';
    if (found.accountId === undefined) {
      const holders = await users.findAccountsOfUser(ref.userId);
      if (holders.length > 0 && !holders.includes(ref.accountId)) return 'not-this-account';
    }
  }
  const user = await users.getUser(ref.accountId, ref.userId);
  if (!user || user.status === 'REMOVED') {
    await identities.remove(ref.userId);
    return 'removed';
  }
  if (user.status === 'ACTIVE') {
    await identities.provision(user);
    await identities.enable(user.userId);
    return 'enabled';
  }
  await identities.disable(user.userId);
  return 'disabled';
}
