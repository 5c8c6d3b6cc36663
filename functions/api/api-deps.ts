// Composition root of the API and authorizer functions: real adapters built once per process
// from the validated config (the local runtime points the same config at local endpoints).
import { config } from '#adapters/config.ts';
import { dynamoDocumentClient, schedulerClient, sfnClient } from '#adapters/clients.ts';
import { EventBridgeRemovalScheduler } from '#adapters/scheduler/eventbridge-scheduler.ts';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store.ts';
import { AccountQueries } from '#adapters/dynamodb/account-queries.ts';
import { StepFunctionsWorkflow } from '#adapters/stepfunctions/sfn-workflow.ts';
import { CognitoVerifier, LocalJwtVerifier, type JwtVerifier } from '#adapters/auth/jwt-verifiers.ts';
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

export function adminDeps(): AdminDeps {
  if (!deps) {
    const { TABLE_NAME, STATE_MACHINE_ARN, SCHEDULE_GROUP, SCHEDULER_ROLE_ARN } = config();
    if (!STATE_MACHINE_ARN) throw new Error('Invalid configuration: STATE_MACHINE_ARN is required by the API');
    const { store, clock } = removalDeps();
    deps = {
      store,
      clock,
      accounts: accountStore(),
      reads: new AccountQueries(dynamoDocumentClient(), TABLE_NAME),
      workflow: new StepFunctionsWorkflow(sfnClient(), STATE_MACHINE_ARN),
      scheduler: new EventBridgeRemovalScheduler(schedulerClient(), {
        groupName: SCHEDULE_GROUP,
        roleArn: SCHEDULER_ROLE_ARN ?? '',
        stateMachineArn: STATE_MACHINE_ARN,
      }),
    };
  }
  return deps;
}

export function jwtVerifier(): JwtVerifier {
  if (!verifier) {
    const c = config();
    verifier =
      c.AUTH_MODE === 'cognito'
        ? new CognitoVerifier(c.COGNITO_USER_POOL_ID as string, c.COGNITO_CLIENT_ID as string)
        : new LocalJwtVerifier(c.OFFBOARD_JWT_SECRET as string, LOCAL_JWT_ISSUER, LOCAL_JWT_AUDIENCE);
  }
  return verifier;
}
