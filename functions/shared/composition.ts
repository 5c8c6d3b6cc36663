// The composition root: every function's dependencies built from one config object and the
// clients made from it — the stores, the workflow and its scheduler, the sign-in verifier, the
// identity directory. Each piece is made when first asked for, so a function builds (and checks the
// settings of) only what it uses. A Lambda composes once per container from its environment
// (`composition()`); the local runtime composes from its own config, with the sign-in verifier only
// it has, before it loads the handlers (`useComposition`) — as Lambda sets a function's environment
// before loading its module.
import { config, requireConfig, type Config } from '#adapters/config.ts';
import { clients, type AwsClients } from '#adapters/clients.ts';
import { CognitoVerifier, type JwtVerifier } from '#adapters/auth/jwt-verifiers.ts';
import { CognitoDirectory } from '#adapters/cognito/cognito-directory.ts';
import { DynamoAccountViews } from '#adapters/dynamodb/account-views.ts';
import { DynamoHrStore } from '#adapters/dynamodb/hr-store.ts';
import { dynamoStores } from '#adapters/dynamodb/stores.ts';
import { EventBridgeRemovalScheduler } from '#adapters/scheduler/eventbridge-scheduler.ts';
import { StepFunctionsWorkflow } from '#adapters/stepfunctions/sfn-workflow.ts';
import type { AdminDeps } from '#core/admin-deps.ts';
import { systemClock, type HrStore, type IdentityDirectory } from '#core/ports.ts';
import type { RemovalDeps } from '#core/removal/deps.ts';
import { removalMetrics, type RemovalMetrics } from './removal-metrics.ts';

/** What starting and scheduling removals needs (the API, the HR handler). */
export const ADMIN_CONFIG_NEEDS = ['STATE_MACHINE_ARN', 'SCHEDULER_ROLE_ARN'] as const;
/** What verifying the user pool's tokens needs in AWS (AUTH_MODE=cognito). */
export const COGNITO_CONFIG_NEEDS = ['COGNITO_USER_POOL_ID', 'COGNITO_CLIENT_ID'] as const;
/** What the identity sync needs. */
export const IDENTITY_CONFIG_NEEDS = ['COGNITO_USER_POOL_ID'] as const;

/** The lazily made pieces of one composition. */
const lazy = <T>(make: () => T): (() => T) => {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
};

export class Composition {
  constructor(
    readonly config: Config,
    readonly clients: AwsClients,
    /** The local runtime's sign-in verifier (HS256 beside the emulator's tokens); AWS uses the pool's. */
    private readonly localVerifier?: JwtVerifier,
  ) {}

  /** The removal steps' dependencies: the stores and the clock. */
  readonly removalDeps = lazy((): RemovalDeps => ({
    ...dynamoStores(this.clients.dynamo, this.config.TABLE_NAME),
    clock: systemClock,
  }));

  /** The dashboard's (and the HR path's) dependencies: those, the read models, the workflow, the scheduler. */
  readonly adminDeps = lazy((): AdminDeps => {
    const { TABLE_NAME, STATE_MACHINE_ARN, SCHEDULE_GROUP, SCHEDULER_ROLE_ARN } = requireConfig(
      'starting removals',
      ADMIN_CONFIG_NEEDS,
      this.config,
    );
    return {
      ...this.removalDeps(),
      views: new DynamoAccountViews(this.clients.dynamo, TABLE_NAME),
      workflow: new StepFunctionsWorkflow(this.clients.sfn, STATE_MACHINE_ARN),
      scheduler: new EventBridgeRemovalScheduler(this.clients.scheduler, {
        groupName: SCHEDULE_GROUP,
        roleArn: SCHEDULER_ROLE_ARN,
        stateMachineArn: STATE_MACHINE_ARN,
        deadLetterArn: this.config.SCHEDULE_DEAD_LETTER_ARN,
      }),
    };
  });

  /** The removals' CloudWatch metrics: one Metrics instance per container, as Powertools advises. */
  readonly removalMetrics = lazy((): RemovalMetrics => removalMetrics());

  readonly hrStore = lazy((): HrStore => new DynamoHrStore(this.clients.dynamo, this.config.TABLE_NAME));

  /** The user pool's identities (the identity sync). */
  readonly identityDirectory = lazy((): IdentityDirectory => {
    const { COGNITO_USER_POOL_ID } = requireConfig('the identity sync', IDENTITY_CONFIG_NEEDS, this.config);
    return new CognitoDirectory(this.clients.cognito, COGNITO_USER_POOL_ID);
  });

  /**
   * The identities invitations are sent to: the user pool's where there is one (in AWS, and the
   * local runtime with its identity provider); undefined where people sign in with local tokens.
   */
  readonly invitationDirectory = lazy((): IdentityDirectory | undefined =>
    this.config.COGNITO_USER_POOL_ID ? this.identityDirectory() : undefined,
  );

  /**
   * The sign-in verifier: the user pool's in AWS (AUTH_MODE=cognito); the local runtime's own with
   * AUTH_MODE=local, which keeps the HS256 verifier out of every Lambda bundle.
   */
  readonly jwtVerifier = lazy((): JwtVerifier => {
    if (this.localVerifier) return this.localVerifier;
    if (this.config.AUTH_MODE !== 'cognito')
      throw new Error('Invalid configuration: AUTH_MODE=local needs the local runtime to provide the verifier');
    return userPoolVerifier(this.config).verifier;
  });
}

/**
 * The user pool's verifier and the issuer it accepts: Cognito in AWS; locally the Cognito emulator,
 * through the same verifier with the emulator's issuer (COGNITO_ENDPOINT).
 */
export function userPoolVerifier(settings: Config): { issuer: string; verifier: CognitoVerifier } {
  const {
    COGNITO_USER_POOL_ID: userPoolId,
    COGNITO_CLIENT_ID: clientId,
    COGNITO_ENDPOINT,
    AWS_REGION,
  } = requireConfig('verifying sign-in tokens', COGNITO_CONFIG_NEEDS, settings);
  const issuer = COGNITO_ENDPOINT
    ? `${COGNITO_ENDPOINT}/${userPoolId}`
    : `https://cognito-idp.${AWS_REGION}.amazonaws.com/${userPoolId}`;
  return {
    issuer,
    verifier: new CognitoVerifier({ userPoolId, clientId, ...(COGNITO_ENDPOINT ? { issuer } : {}) }),
  };
}

let current: Composition | undefined;

/** The process's composition: as given (useComposition), else made from its config on first use. */
export const composition = (): Composition => (current ??= new Composition(config(), clients()));

/** Sets the process's composition (the local runtime); refused once another is in use. */
export function useComposition(next: Composition): void {
  if (current && current !== next) throw new Error('The process is already composed');
  current = next;
}
