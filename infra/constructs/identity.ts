// Sign-in for the dashboard: a Cognito user pool whose usernames ARE offboard userIds (one
// identity per offboard user, created with it; a re-invited email gets a new userId, so a new
// identity, and a token of the old one names a REMOVED user forever), and the dashboard's app
// client (authorization code + PKCE, hosted UI). An existing pool and client can be used instead
// (context `offboard:userPoolId` and `offboard:userPoolClientId`).
import { Aws, CfnCondition, CfnParameter, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  StringAttribute,
  AccountRecovery,
  CfnUserPool,
  CfnUserPoolClient,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClient,
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
import { grantTableReads } from './table-access.ts';

export interface IdentityProps {
  table: ITableV2;
  eventBus: IEventBus;
}

export class Identity extends Construct {
  public readonly userPool: IUserPool;
  public readonly client: IUserPoolClient;
  /** Set when the stack created the pool. */
  public readonly createdPool?: UserPool;
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
    const { userPool, client, createdPool, signInUrl, hostedUiUrl, createdClient } = this.userPoolOrExisting();
    if (createdClient) this.createdClient = createdClient;
    this.userPool = userPool;
    this.client = client;
    if (createdPool) this.createdPool = createdPool;
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

  private userPoolOrExisting(): {
    userPool: IUserPool;
    client: IUserPoolClient;
    createdPool?: UserPool;
    signInUrl?: string;
    hostedUiUrl?: string;
    createdClient?: { client: UserPoolClient; callbackUrls: string[] };
  } {
    const existingPoolId = this.node.tryGetContext('offboard:userPoolId') as string | undefined;
    const existingClientId = this.node.tryGetContext('offboard:userPoolClientId') as string | undefined;
    if (existingPoolId && existingClientId) {
      return {
        userPool: UserPool.fromUserPoolId(this, 'ExistingPool', existingPoolId),
        client: UserPoolClient.fromUserPoolClientId(this, 'ExistingClient', existingClientId),
      };
    }

    // Stack-level parameters, so `cdk deploy --parameters OffboardStateless:Mfa=OPTIONAL` reads plainly.
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
    const mfa = new CfnParameter(stack, 'Mfa', {
      description: 'Multi-factor sign-in: ON (every user), OPTIONAL (users may enrol)',
      allowedValues: ['ON', 'OPTIONAL'],
      default: 'ON',
    });
    const passwordMinLength = new CfnParameter(stack, 'PasswordMinimumLength', {
      type: 'Number',
      description: 'Minimum password length (8–99)',
      minValue: 8,
      maxValue: 99,
      default: 12,
    });

    const pool = new UserPool(this, 'Users', {
      userPoolName: `offboard-${stack.stackName}`,
      // Users are invited by offboard (API, HR/SSO, bootstrap), never signed up by themselves.
      selfSignUpEnabled: false,
      // The username is the offboard userId; people sign in with their email. Case-insensitive, as
      // offboard compares emails (Dan@Acme.test is dan@acme.test); fixed at the pool's creation.
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      // The identity's account, set once at creation: the identity sync acts on an identity only
      // for its own account's events (R14).
      customAttributes: { accountId: new StringAttribute({ minLen: 1, maxLen: 100, mutable: false }) },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(7),
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const cfnPool = pool.node.defaultChild as CfnUserPool;
    cfnPool.mfaConfiguration = mfa.valueAsString;
    cfnPool.addPropertyOverride('Policies.PasswordPolicy.MinimumLength', passwordMinLength.valueAsNumber);
    // cdk-nag reads the L1's add-ons for threat protection (the L2 sets the same value).
    cfnPool.userPoolAddOns = { advancedSecurityMode: 'ENFORCED' };

    const domain = pool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: hostedUiPrefix } });
    const client = pool.addClient('Dashboard', {
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
      userPool: pool,
      client,
      createdPool: pool,
      signInUrl,
      hostedUiUrl: domain.baseUrl(),
      createdClient: { client, callbackUrls: callbackUrls.valueAsList },
    };
  }
}
