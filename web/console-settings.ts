// The console's runtime settings (/config.json), one definition for everything that writes or
// reads them: the stack writes them at deploy (infra/constructs/admin-console.ts), the local
// runtime serves them (local/console.ts), the console reads them (web/src/session.ts).

export interface ConsoleSettings {
  /** A token field for tokens from `npx offboard token`: the local runtime only. */
  tokenSignIn: boolean;
  /** The identity provider's hosted UI (authorization code + PKCE), when there is one. */
  hostedUi?: { authorizeUrl: string; tokenUrl: string; clientId: string; scopes: string[] };
}

/** Settings for a hosted UI at `baseUrl` (Cognito's domain, or the emulator) and a client. */
export function consoleSettings(args: {
  tokenSignIn: boolean;
  hostedUi?: { baseUrl: string; clientId: string } | undefined;
}): ConsoleSettings {
  return {
    tokenSignIn: args.tokenSignIn,
    ...(args.hostedUi
      ? {
          hostedUi: {
            authorizeUrl: `${args.hostedUi.baseUrl}/oauth2/authorize`,
            tokenUrl: `${args.hostedUi.baseUrl}/oauth2/token`,
            clientId: args.hostedUi.clientId,
            scopes: ['openid', 'email', 'profile'],
          },
        }
      : {}),
  };
}
