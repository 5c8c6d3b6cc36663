// The Cognito user pool: who may sign in, kept with the stateful resources (a pool's identities and
// its settings fixed at creation outlive any code deploy; deleting it would sign everyone out for
// good). Its usernames ARE offboard userIds (one identity per offboard user, created with it; a
// re-invited email gets a new userId, so a new identity, and a token of the old one names a REMOVED
// user forever). Invitations go out through SES when the SesIdentity parameter names a verified
// identity; Cognito's own sender allows about 50 emails a day, for trials only.
import { Aws, CfnCondition, CfnParameter, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPool,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** The context values that name an existing pool and client (then no pool is created). */
export const existingUserPool = (scope: Construct) => {
  const userPoolId = scope.node.tryGetContext('offboard:userPoolId') as string | undefined;
  const userPoolClientId = scope.node.tryGetContext('offboard:userPoolClientId') as string | undefined;
  return userPoolId && userPoolClientId ? { userPoolId, userPoolClientId } : undefined;
};

export class UserDirectory extends Construct {
  /** Undefined when an existing pool is used (context `offboard:userPoolId`). */
  public readonly userPool?: UserPool;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    if (existingUserPool(this)) return;

    // Stack-level parameters, so `cdk deploy --parameters OffboardStateful:Mfa=OPTIONAL` reads plainly.
    const stack = Stack.of(this);
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
    cfnPool.emailConfiguration = this.invitationSender(stack);
    this.userPool = pool;
  }

  /**
   * SES when SesIdentity names a verified identity of this region (an address or a domain), with
   * SesFromAddress as the sender (needed for a domain) and SesConfigurationSet for its events;
   * empty: Cognito's default sender (about 50 emails a day, past which AdminCreateUser fails).
   */
  private invitationSender(stack: Stack): CfnUserPool.EmailConfigurationProperty {
    const identity = new CfnParameter(stack, 'SesIdentity', {
      description:
        "A verified SES identity (email address or domain) in this region that sends invitations; empty: Cognito's default sender, about 50 emails a day (trials only)",
      default: '',
    });
    const from = new CfnParameter(stack, 'SesFromAddress', {
      description: 'The From address of invitations, e.g. "Acme IT <it@acme.example>" (empty: the SesIdentity address)',
      default: '',
    });
    const configurationSet = new CfnParameter(stack, 'SesConfigurationSet', {
      description: 'An SES configuration set for invitation emails (bounces, complaints), or empty',
      default: '',
    });
    const given = (name: string, parameter: CfnParameter) =>
      new CfnCondition(this, name, {
        expression: Fn.conditionNot(Fn.conditionEquals(parameter.valueAsString, '')),
      });
    const viaSes = given('SendsThroughSes', identity);
    const fromGiven = given('SesFromAddressGiven', from);
    const setGiven = given('SesConfigurationSetGiven', configurationSet);
    const ifSes = (value: unknown) => Fn.conditionIf(viaSes.logicalId, value, Aws.NO_VALUE);
    return {
      emailSendingAccount: Fn.conditionIf(viaSes.logicalId, 'DEVELOPER', 'COGNITO_DEFAULT').toString(),
      sourceArn: ifSes(
        Fn.join('', [
          'arn:',
          Aws.PARTITION,
          ':ses:',
          Aws.REGION,
          ':',
          Aws.ACCOUNT_ID,
          ':identity/',
          identity.valueAsString,
        ]),
      ).toString(),
      from: ifSes(Fn.conditionIf(fromGiven.logicalId, from.valueAsString, identity.valueAsString)).toString(),
      configurationSet: ifSes(
        Fn.conditionIf(setGiven.logicalId, configurationSet.valueAsString, Aws.NO_VALUE),
      ).toString(),
    };
  }
}
