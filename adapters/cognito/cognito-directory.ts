// Offboard users' identities in a Cognito user pool: the username is the userId, the email an
// attribute (people sign in with it, as an alias). Each call is idempotent, so a retried event
// converges instead of failing: an identity that already exists, or is already gone, is fine.
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminUserGlobalSignOutCommand,
  LimitExceededException,
  UnsupportedUserStateException,
  UsernameExistsException,
  UserNotFoundException,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { IdentityDirectory } from '#core/ports.ts';
import { InvitationNotPossibleError } from '#core/errors.ts';

/** The custom attribute naming the identity's account (the user pool declares it). */
export const ACCOUNT_ATTRIBUTE = 'custom:accountId';

const unlessMissing = async (call: Promise<unknown>) => {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof UserNotFoundException)) throw error;
  }
};

export class CognitoDirectory implements IdentityDirectory {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  async accountOf(userId: string) {
    try {
      const out = await this.client.send(new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: userId }));
      return { accountId: out?.UserAttributes?.find((a) => a.Name === ACCOUNT_ATTRIBUTE)?.Value };
    } catch (error) {
      if (error instanceof UserNotFoundException) return 'none' as const;
      throw error;
    }
  }

  async provision(user: { accountId: string; userId: string; email: string; displayName: string }) {
    try {
      await this.sendingEmail(
        this.client.send(
          new AdminCreateUserCommand({
            UserPoolId: this.userPoolId,
            Username: user.userId,
            UserAttributes: [
              { Name: 'email', Value: user.email },
              // The email is the one an admin or the HR system gave offboard: it is not re-verified.
              { Name: 'email_verified', Value: 'true' },
              { Name: 'name', Value: user.displayName },
              // The identity carries its account: the sync acts on it only for that account's user (R14).
              { Name: ACCOUNT_ATTRIBUTE, Value: user.accountId },
            ],
            DesiredDeliveryMediums: ['EMAIL'],
          }),
        ),
      );
    } catch (error) {
      if (!(error instanceof UsernameExistsException)) throw error;
    }
  }

  async resendInvitation(userId: string) {
    try {
      await this.sendingEmail(
        this.client.send(
          new AdminCreateUserCommand({
            UserPoolId: this.userPoolId,
            Username: userId,
            MessageAction: 'RESEND',
            DesiredDeliveryMediums: ['EMAIL'],
          }),
        ),
      );
      return 'sent' as const;
    } catch (error) {
      if (error instanceof UnsupportedUserStateException) return 'signed-in' as const;
      if (error instanceof UserNotFoundException) return 'none' as const;
      throw error;
    }
  }

  /** Cognito's default sender stops after about 50 emails a day: say so, and what to configure. */
  private async sendingEmail<T>(call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (error) {
      if (error instanceof LimitExceededException && /email/i.test(error.message))
        throw new InvitationNotPossibleError(
          'DAILY_EMAIL_LIMIT',
          "The user pool's default email sender reached its daily limit (about 50): deploy with SesIdentity to send through SES",
        );
      throw error;
    }
  }

  async enable(userId: string) {
    await this.client.send(new AdminEnableUserCommand({ UserPoolId: this.userPoolId, Username: userId }));
  }

  async disable(userId: string) {
    const user = { UserPoolId: this.userPoolId, Username: userId };
    await unlessMissing(this.client.send(new AdminDisableUserCommand(user)));
    await unlessMissing(this.client.send(new AdminUserGlobalSignOutCommand(user)));
  }

  async remove(userId: string) {
    const user = { UserPoolId: this.userPoolId, Username: userId };
    await unlessMissing(this.client.send(new AdminUserGlobalSignOutCommand(user)));
    await unlessMissing(this.client.send(new AdminDeleteUserCommand(user)));
  }
}
