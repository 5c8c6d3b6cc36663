// Sending a user's invitation again: the temporary password Cognito emails expires after 7 days,
// and an invitation can be lost. Only an ACTIVE admin or the owner may (R1); only for an ACTIVE user
// of the account who has not signed in yet — anyone else either cannot sign in (INACTIVE, being
// removed) or already has a password (and resets it themselves).
import { InvitationNotPossibleError, NotAllowedError, NotFoundError } from '../errors.ts';
import type { User } from '../model/index.ts';
import type { IdentityDirectory, UserStore } from '../ports.ts';

export interface InvitationSent {
  userId: string;
  email: string;
  sentAt: string;
}

export async function resendInvitation(
  deps: { users: Pick<UserStore, 'getUser'>; identities: IdentityDirectory | undefined; clock: { now(): Date } },
  caller: User,
  userId: string,
): Promise<InvitationSent> {
  if (caller.status !== 'ACTIVE' || (caller.role !== 'ADMIN' && caller.role !== 'OWNER'))
    throw new NotAllowedError('Only an active admin or the account owner may send invitations');
  const user = await deps.users.getUser(caller.accountId, userId);
  if (!user || user.status === 'REMOVED') throw new NotFoundError('No such user in this account');
  if (user.status !== 'ACTIVE')
    throw new InvitationNotPossibleError(
      'NOT_ACTIVE',
      `${user.displayName} is ${user.status} and cannot sign in: activate them first`,
    );
  if (!deps.identities)
    throw new InvitationNotPossibleError(
      'NO_IDENTITY_PROVIDER',
      'This deployment signs people in without an identity provider: there is no invitation to send',
    );
  let outcome = await deps.identities.resendInvitation(user.userId);
  // No identity yet (the sync has not made it, or it was lost): make it, which invites.
  if (outcome === 'none') {
    await deps.identities.provision(user);
    outcome = 'sent';
  }
  if (outcome === 'signed-in')
    throw new InvitationNotPossibleError(
      'ALREADY_SIGNED_IN',
      `${user.displayName} has already signed in and chosen a password: they can reset it from the sign-in page`,
    );
  return { userId: user.userId, email: user.email, sentAt: deps.clock.now().toISOString() };
}
