// Composition root of the API and authorizer functions: real adapters built once per process
// from the validated config (the local runtime points the same config at local endpoints).
import { config, requireConfig } from '#adapters/config.ts';
import { dynamoDocumentClient, schedulerClient, sfnClient } from '#adapters/clients.ts';
import { EventBridgeRemovalScheduler } from '#adapters/scheduler/eventbridge-scheduler.ts';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store.ts';
import { AccountQueries } from '#adapters/dynamodb/account-queries.ts';
import { StepFunctionsWorkflow } from '#adapters/stepfunctions/sfn-workflow.ts';
import { CognitoVerifier, type JwtVerifier } from '#adapters/auth/jwt-verifiers.ts';
import type { AdminDeps } from '#core/admin-deps.ts';
import { removalDeps } from '../shared/removal-deps.ts';

let deps: AdminDeps | undefined;
let verifier: JwtVerifier | undefined;
let accounts: DynamoAccountStore | undefined;

/** The account store alone: what the authorizer needs besides the removal store's user reads. */
export function accountStore(): DynamoAccountStore {
  accounts ??= new DynamoAccountStore(dynamoDocumentClient(), config().TABLE_NAME);
  return accounts;
}

/** What starting and scheduling removals needs (the API, the HR handler). */
export const ADMIN_CONFIG_NEEDS = ['STATE_MACHINE_ARN', 'SCHEDULER_ROLE_ARN'] as const;
/** What verifying the user pool's tokens needs in AWS (AUTH_MODE=cognito). */
export const COGNITO_CONFIG_NEEDS = ['COGNITO_USER_POOL_ID', 'COGNITO_CLIENT_ID'] as const;

export function adminDeps(): AdminDeps {
  if (!deps) {
    const { TABLE_NAME, STATE_MACHINE_ARN, SCHEDULE_GROUP, SCHEDULER_ROLE_ARN } = requireConfig(
      'starting removals',
      ADMIN_CONFIG_NEEDS,
    );
    const { store, clock } = removalDeps();
    deps = {
      store,
      clock,
      accounts: accountStore(),
      reads: new AccountQueries(dynamoDocumentClient(), TABLE_NAME),
      workflow: new StepFunctionsWorkflow(sfnClient(), STATE_MACHINE_ARN),
      scheduler: new EventBridgeRemovalScheduler(schedulerClient(), {
        groupName: SCHEDULE_GROUP,
        roleArn: SCHEDULER_ROLE_ARN,
        stateMachineArn: STATE_MACHINE_ARN,
      }),
    };
  }
  return deps;
}

/**
 * The user pool's verifier and the issuer it accepts: Cognito in AWS; locally the Cognito emulator,
 * through the same verifier with the emulator's issuer (COGNITO_ENDPOINT).
 */
export function userPoolVerifier(): { issuer: string; verifier: CognitoVerifier } {
  const {
    COGNITO_USER_POOL_ID: userPoolId,
    COGNITO_CLIENT_ID: clientId,
    COGNITO_ENDPOINT,
    AWS_REGION,
  } = requireConfig('verifying sign-in tokens', COGNITO_CONFIG_NEEDS);
  const issuer = COGNITO_ENDPOINT
    ? `${COGNITO_ENDPOINT}/${userPoolId}`
    : `https://cognito-idp.${AWS_REGION}.amazonaws.com/${userPoolId}`;
  return {
    issuer,
    verifier: new CognitoVerifier({ userPoolId, clientId, ...(COGNITO_ENDPOINT ? { issuer } : {}) }),
  };
}

/**
 * The sign-in verifier: the user pool's in AWS (AUTH_MODE=cognito). The local runtime
 * (AUTH_MODE=local) hands over its own with useJwtVerifier — HS256 beside the emulator's tokens —
 * which keeps the HS256 verifier out of every Lambda bundle.
 */
export function jwtVerifier(): JwtVerifier {
  if (!verifier) {
    if (config().AUTH_MODE !== 'cognito')
      throw new Error('Invalid configuration: AUTH_MODE=local needs the local runtime to provide the verifier');
    verifier = userPoolVerifier().verifier;
  }
  return verifier;
}

/** The local runtime's composition: the verifier every API and authorizer call uses from now on. */
export function useJwtVerifier(localVerifier: JwtVerifier): void {
  verifier = localVerifier;
}
