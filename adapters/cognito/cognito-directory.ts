// Offboard users' identities in a Cognito user pool: the username is the userId, the email an
// attribute (people sign in with it, as an alias). Each call is idempotent, so a retried event
// converges instead of failing: an identity that already exists, or is already gone, is fine.
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { LazyClient } from '../clients.ts';
import { sdk } from '../sdk-modules.ts';
import type { IdentityDirectory } from '#core/ports.ts';
import { InvitationNotPossibleError } from '#core/errors.ts';

/** The custom attribute naming the identity's account (the user pool declares it). */
export const ACCOUNT_ATTRIBUTE = 'custom:accountId';

/** Cognito's errors by name (the SDK package is loaded lazily, so no classes to compare with). */
const isError = (error: unknown, name: string) => (error as Error | undefined)?.name === name;

const unlessMissing = async (call: Promise<unknown>) => {
  try {
    await call;
  } catch (error) {
    if (!isError(error, 'UserNotFoundException')) throw error;
  }
};

export class CognitoDirectory implements IdentityDirectory {
  constructor(
    private readonly client: LazyClient<CognitoIdentityProviderClient>,
    private readonly userPoolId: string,
  ) {}

  /** The Cognito package's commands and the client, loaded on first use. */
  private async cognito() {
    const [commands, client] = await Promise.all([sdk.cognito(), this.client()]);
    return { ...commands, client };
  }

  async accountOf(userId: string) {
    const { AdminGetUserCommand, client } = await this.cognito();
    try {
      const out = await client.send(new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: userId }));
      return { accountId: out?.UserAttributes?.find((a) => a.Name === ACCOUNT_ATTRIBUTE)?.Value };
    } catch (error) {
      if (isError(error, 'UserNotFoundException')) return 'none' as const;
      throw error;
    }
  }

  async provision(user: { accountId: string; userId: string; email: string; displayName: string }) {
    const { AdminCreateUserCommand, client } = await this.cognito();
    try {
      await this.sendingEmail(
        client.send(
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
      if (!isError(error, 'UsernameExistsException')) throw error;
    }
  }

  async resendInvitation(userId: string) {
    const { AdminCreateUserCommand, client } = await this.cognito();
    try {
      await this.sendingEmail(
        client.send(
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
      if (isError(error, 'UnsupportedUserStateException')) return 'signed-in' as const;
      if (isError(error, 'UserNotFoundException')) return 'none' as const;
      throw error;
    }
  }

  /** Cognito's default sender stops after about 50 emails a day: say so, and what to configure. */
  private async sendingEmail<T>(call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (error) {
      if (isError(error, 'LimitExceededException') && /email/i.test((error as Error).message))
        throw new InvitationNotPossibleError(
          'DAILY_EMAIL_LIMIT',
          "The user pool's default email sender reached its daily limit (about 50): deploy with SesIdentity to send through SES",
        );
      throw error;
    }
  }

  async enable(userId: string) {
    const { AdminEnableUserCommand, client } = await this.cognito();
    await client.send(new AdminEnableUserCommand({ UserPoolId: this.userPoolId, Username: userId }));
  }

  async disable(userId: string) {
    const { AdminDisableUserCommand, AdminUserGlobalSignOutCommand, client } = await this.cognito();
    const user = { UserPoolId: this.userPoolId, Username: userId };
    await unlessMissing(client.send(new AdminDisableUserCommand(user)));
    await unlessMissing(client.send(new AdminUserGlobalSignOutCommand(user)));
  }

  async remove(userId: string) {
    const { AdminDeleteUserCommand, AdminUserGlobalSignOutCommand, client } = await this.cognito();
    const user = { UserPoolId: this.userPoolId, Username: userId };
    await unlessMissing(client.send(new AdminUserGlobalSignOutCommand(user)));
    await unlessMissing(client.send(new AdminDeleteUserCommand(user)));
  }
}
