// The local identity provider: cognito-local behind the bridge that adds what Cognito does and the
// emulator lacks, with a user pool and a dashboard client shaped like the stack's (username =
// userId, email as a sign-in alias, invited only). The API verifies its tokens through the JWKS,
// as it verifies Cognito's in AWS.
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  startCognitoBridge,
  type CognitoBridge,
  type EmailSender,
  type LocalInvitation,
  type Outage,
} from './cognito-bridge.ts';
import { callbackUrl, DEFAULT_CALLBACK_PORT } from '#cli/sign-in-callback.ts';
import { startCognitoLocal, type CognitoLocal } from './cognito-local.ts';
import { LOCAL_CREDENTIALS } from '../ports.ts';

export interface LocalIdentityProvider {
  /** The Cognito endpoint (SDK clients and the hosted UI's /oauth2 routes). */
  endpoint: string;
  userPoolId: string;
  clientId: string;
  /** The tokens' `iss`; its JWKS is at `${issuer}/.well-known/jwks.json`. */
  issuer: string;
  /** Invitations "emailed" so far, with their temporary passwords. */
  invitations(): LocalInvitation[];
  /** The next `calls` Cognito API calls fail (tests of an identity-provider outage). */
  outage(calls: number): Outage;
  stop(): Promise<void>;
}

export async function startLocalIdentityProvider(options: {
  port: number;
  /** Where the hosted UI may send people back to (the console). */
  callbackUrls?: string[];
  /** Cognito's default sender (50 emails a day, as the stack without SesIdentity) or SES. */
  emailSender?: EmailSender;
}): Promise<LocalIdentityProvider> {
  const bridge: CognitoBridge = await startCognitoBridge(options.port, options.emailSender);
  let emulator: CognitoLocal | undefined;
  try {
    emulator = await startCognitoLocal(bridge.url);
    const started = emulator;
    bridge.connect(started.url);
    const cognito = new CognitoIdentityProviderClient({
      endpoint: bridge.url,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
    });
    const { UserPool } = await cognito.send(
      new CreateUserPoolCommand({
        PoolName: 'offboard-local',
        AliasAttributes: ['email'],
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        Policies: {
          PasswordPolicy: {
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          },
        },
        // Multi-factor sign-in is ON by default in AWS; locally it would only stand in the way.
        MfaConfiguration: 'OFF',
      }),
    );
    const { UserPoolClient } = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: UserPool!.Id,
        ClientName: 'offboard-dashboard',
        // The hosted UI's code flow (as in AWS) and, locally, the password flow for scripts and tests.
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email', 'profile'],
        CallbackURLs: [...(options.callbackUrls ?? []), callbackUrl(DEFAULT_CALLBACK_PORT)],
      }),
    );
    cognito.destroy();
    return {
      endpoint: bridge.url,
      userPoolId: UserPool!.Id!,
      clientId: UserPoolClient!.ClientId!,
      issuer: `${bridge.url}/${UserPool!.Id}`,
      invitations: bridge.invitations,
      outage: bridge.outage,
      stop: async () => {
        await bridge.stop();
        await started.stop();
      },
    };
  } catch (error) {
    await bridge.stop();
    await emulator?.stop();
    throw error;
  }
}
