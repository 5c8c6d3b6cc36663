// Sign-in for the dashboard, on the user pool of the stateful stack (user-directory.ts): the
// dashboard's app client (authorization code + PKCE), the hosted UI's domain, and the sync that
// keeps each identity in line with offboard. An existing pool and client can be used instead
// (context `offboard:userPoolId` and `offboard:userPoolClientId`).
import { Aws, CfnCondition, CfnParameter, Duration, Fn, Stack } from 'aws-cdk-lib';
import {
  CfnUserPoolClient,
  OAuthScope,
  UserPool,
  UserPoolClient,
  UserPoolDomain,
  type IUserPool,
  type IUserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { IDENTITY_SYNC_PATTERN } from '#functions/integrations/identity-sync/subscription.ts';
import { deadLetterQueue, OffboardFunction, onFailureDestination } from './offboard-function.ts';
import { existingUserPool } from './user-directory.ts';
import { grantTableReads } from './table-access.ts';

export interface IdentityProps {
  table: ITableV2;
  eventBus: IEventBus;
  /** The pool the stateful stack created (user-directory.ts); absent when one is given by context. */
  userPool?: IUserPool;
}

export class Identity extends Construct {
  public readonly userPool: IUserPool;
  public readonly client: IUserPoolClient;
  /** The hosted UI's sign-in URL for the dashboard (when the stack created the pool). */
  public readonly signInUrl?: string;
  /** The hosted UI's base URL (`/oauth2/authorize`, `/oauth2/token`), when the stack created the pool. */
  public readonly hostedUiUrl?: string;
  /** Keeps each user's identity in line with the table, from the events about the user. */
  public readonly sync: OffboardFunction;
  public readonly syncDeadLetters: Queue;
  public readonly syncFailures: Queue;
  /** The client the stack created and its callback URLs (the CallbackUrls parameter), to add to. */
  private readonly createdClient?: { client: UserPoolClient; callbackUrls: string[] };

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    const { userPool, client, signInUrl, hostedUiUrl, createdClient } = this.userPoolOrExisting(props.userPool);
    if (createdClient) this.createdClient = createdClient;
    this.userPool = userPool;
    this.client = client;
    if (signInUrl) this.signInUrl = signInUrl;
    if (hostedUiUrl) this.hostedUiUrl = hostedUiUrl;

    this.sync = new OffboardFunction(this, 'Sync', {
      entry: 'functions/integrations/identity-sync/handler.ts',
      description: "Keeps each user's Cognito identity in line with offboard (invite, disable, enable, delete)",
      environment: { TABLE_NAME: props.table.tableName, COGNITO_USER_POOL_ID: this.userPool.userPoolId },
    });
    grantTableReads(props.table, this.sync);
    this.sync.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'cognito-idp:AdminCreateUser',
          'cognito-idp:AdminEnableUser',
          'cognito-idp:AdminDisableUser',
          'cognito-idp:AdminUserGlobalSignOut',
          'cognito-idp:AdminDeleteUser',
        ],
        resources: [this.userPool.userPoolArn],
      }),
    );
    this.syncDeadLetters = deadLetterQueue(this, 'SyncDeadLetters');
    this.syncFailures = onFailureDestination(this, this.sync, 'SyncFailures');
    new Rule(this, 'SyncRule', {
      eventBus: props.eventBus,
      description: 'Events that change whether a user may sign in, to the identity sync',
      eventPattern: IDENTITY_SYNC_PATTERN,
      targets: [
        new LambdaFunction(this.sync, {
          retryAttempts: 185,
          maxEventAge: Duration.hours(24),
          deadLetterQueue: this.syncDeadLetters,
        }),
      ],
    });
  }

  /**
   * Adds a sign-in callback URL (the admin console's) to the client the stack created, after the
   * CallbackUrls parameter's. An existing pool's client is its owner's to configure.
   */
  addCallbackUrl(url: string): void {
    if (!this.createdClient) return;
    const cfn = this.createdClient.client.node.defaultChild as CfnUserPoolClient;
    cfn.callbackUrLs = Fn.split(',', Fn.join(',', [Fn.join(',', this.createdClient.callbackUrls), url]));
  }

  private userPoolOrExisting(createdPool: IUserPool | undefined): {
    userPool: IUserPool;
    client: IUserPoolClient;
    signInUrl?: string;
    hostedUiUrl?: string;
    createdClient?: { client: UserPoolClient; callbackUrls: string[] };
  } {
    const existing = existingUserPool(this);
    if (existing || !createdPool) {
      if (!existing)
        throw new Error('Identity needs the user pool the stateful stack created, or an existing one by context');
      return {
        userPool: UserPool.fromUserPoolId(this, 'ExistingPool', existing.userPoolId),
        client: UserPoolClient.fromUserPoolClientId(this, 'ExistingClient', existing.userPoolClientId),
      };
    }
    const userPool = createdPool;

    // Stack-level parameters, so `cdk deploy --parameters OffboardStateless:CallbackUrls=…` reads plainly.
    const stack = Stack.of(this);
    const callbackUrls = new CfnParameter(stack, 'CallbackUrls', {
      type: 'CommaDelimitedList',
      description: "The dashboard's sign-in callback URLs (authorization code + PKCE)",
      default: 'https://dashboard.example.com/auth/callback',
    });
    const logoutUrls = new CfnParameter(stack, 'LogoutUrls', {
      type: 'CommaDelimitedList',
      description: "The dashboard's sign-out URLs",
      default: 'https://dashboard.example.com/',
    });
    const domainPrefix = new CfnParameter(stack, 'HostedUiDomainPrefix', {
      description:
        "Prefix of the Cognito hosted UI domain (<prefix>.auth.<region>.amazoncognito.com), unique among all of the region's AWS customers; empty: offboard-<this stack's id>",
      allowedPattern: '^$|^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$',
      default: '',
    });
    // A fixed default prefix would be taken by the first AWS customer who deploys it: without one,
    // the stack's own id (a UUID, unique and stable for the stack's life) names the domain.
    const prefixGiven = new CfnCondition(stack, 'HostedUiDomainPrefixGiven', {
      expression: Fn.conditionNot(Fn.conditionEquals(domainPrefix.valueAsString, '')),
    });
    const hostedUiPrefix = Fn.conditionIf(
      prefixGiven.logicalId,
      domainPrefix.valueAsString,
      Fn.join('', ['offboard-', Fn.select(2, Fn.split('/', Aws.STACK_ID))]),
    ).toString();
    const domain = new UserPoolDomain(this, 'HostedUi', { userPool, cognitoDomain: { domainPrefix: hostedUiPrefix } });
    const client = new UserPoolClient(this, 'Dashboard', {
      userPool,
      generateSecret: false, // a browser app: PKCE, no secret
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: callbackUrls.valueAsList,
        logoutUrls: logoutUrls.valueAsList,
      },
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      enableTokenRevocation: true,
    });
    const signInUrl = domain.signInUrl(client, { redirectUri: Fn.select(0, callbackUrls.valueAsList) });
    return {
      userPool,
      client,
      signInUrl,
      hostedUiUrl: domain.baseUrl(),
      createdClient: { client, callbackUrls: callbackUrls.valueAsList },
    };
  }
}
