// Composition root of the API and authorizer functions: real adapters built once per process
// from the validated config (the local runtime points the same config at local endpoints).
import { config, requireConfig } from '#adapters/config.ts';
import { dynamoDocumentClient, schedulerClient, sfnClient } from '#adapters/clients.ts';
import { EventBridgeRemovalScheduler } from '#adapters/scheduler/eventbridge-scheduler.ts';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store.ts';
import { AccountQueries } from '#adapters/dynamodb/account-queries.ts';
import { StepFunctionsWorkflow } from '#adapters/stepfunctions/sfn-workflow.ts';
import {
  CognitoVerifier,
  IssuerRoutedVerifier,
  LocalJwtVerifier,
  type JwtVerifier,
} from '#adapters/auth/jwt-verifiers.ts';
import { LOCAL_JWT_AUDIENCE, LOCAL_JWT_ISSUER } from '#adapters/auth/local-jwt.ts';
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
 * through the same verifier with the emulator's issuer.
 */
function userPoolVerifier(): { issuer: string | undefined; verifier: CognitoVerifier } | undefined {
  const { COGNITO_USER_POOL_ID: userPoolId, COGNITO_CLIENT_ID: clientId, COGNITO_ENDPOINT } = config();
  if (!userPoolId || !clientId) return undefined;
  const issuer = COGNITO_ENDPOINT ? `${COGNITO_ENDPOINT}/${userPoolId}` : undefined;
  return { issuer, verifier: new CognitoVerifier({ userPoolId, clientId, ...(issuer ? { issuer } : {}) }) };
}

export function jwtVerifier(): JwtVerifier {
  if (!verifier) {
    const c = config();
    const pool = userPoolVerifier();
    if (c.AUTH_MODE === 'cognito') {
      requireConfig('verifying sign-in tokens', COGNITO_CONFIG_NEEDS);
      verifier = pool!.verifier;
    } else {
      const local = new LocalJwtVerifier(c.OFFBOARD_JWT_SECRET as string, LOCAL_JWT_ISSUER, LOCAL_JWT_AUDIENCE);
      const byIssuer = new Map<string, JwtVerifier>([[LOCAL_JWT_ISSUER, local]]);
      if (pool?.issuer) byIssuer.set(pool.issuer, pool.verifier);
      verifier = new IssuerRoutedVerifier(byIssuer);
    }
  }
  return verifier;
}
