// CDK template tests: what `cdk synth` produces is the architecture of docs/design.md.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import validateAsl from 'asl-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineOffboard } from '#infra/offboard-app.ts';
import { OffboardFunction, REPO_ROOT } from '#infra/constructs/offboard-function.ts';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { CDK_CONTEXT, TEMPLATE_ONLY_CONTEXT } from '../support/cdk.ts';
import { TABLE_READ_ACTIONS } from '#infra/constructs/table-access.ts';
import { TABLE_DESIGN } from '#adapters/dynamodb/table-design.ts';
import { functionArnKey, REMOVAL_TASK_FUNCTIONS } from '#functions/removal-tasks/catalog.ts';
import { UserRemoved } from '#core/events/user-removed.ts';
import { RemovalFailed } from '#core/events/removal-failed.ts';
import { ROUTES } from '#functions/api/routes/index.ts';
import { EVENT_CATALOG } from '#core/events/catalog.ts';
import { eventJsonSchema } from '#core/events/json-schema.ts';
import { CRM_SYNC_PATTERN } from '#functions/integrations/crm-sync/subscription.ts';
import { SCIM_ROUTES } from '#functions/scim/scim-routes.ts';
import { HR_WEBHOOK_ROUTE } from '#functions/hr/webhook/route.ts';
import { PLATFORM_CALLS_ROUTE } from '#functions/platform/calls/route.ts';
import { definitionTokens, readUserRemovalDefinition, substitute } from '../../statemachines/user-removal.ts';

let outdir: string;
let stateful: Template;
let stateless: Template;
let functions: OffboardFunction[];

beforeAll(() => {
  outdir = mkdtempSync(path.join(tmpdir(), 'offboard-cdk-'));
  const app = new App({ outdir, context: CDK_CONTEXT });
  const stacks = defineOffboard(app);
  stateful = Template.fromStack(stacks.stateful);
  stateless = Template.fromStack(stacks.stateless);
  functions = stacks.stateless.node.findAll().filter((c): c is OffboardFunction => c instanceof OffboardFunction);
  app.synth();
});

/**
 * The stack's own functions: all but CDK's BucketDeployment handler, which runs only while a
 * deployment copies the console's files (a failure there fails the deployment itself).
 */
const ownFunctions = () =>
  Object.entries(stateless.findResources('AWS::Lambda::Function'))
    .filter(([logicalId]) => !logicalId.startsWith('CustomCDKBucketDeployment'))
    .map(([, fn]) => fn as { Properties: Record<string, any> });

const stateMachine = () =>
  Object.values(stateless.findResources('AWS::StepFunctions::StateMachine'))[0] as {
    Properties: { DefinitionS3Location: { Key: string }; DefinitionSubstitutions: Record<string, unknown> };
  };

describe('stateful stack', () => {
  it('has one table with point-in-time recovery, retained, with the owner and live-users indexes the code queries', () => {
    // The offboard table and the CRM example's mappings.
    stateful.resourceCountIs('AWS::DynamoDB::GlobalTable', 2);
    stateful.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: TABLE_DESIGN.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_DESIGN.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          Match.objectLike({
            IndexName: TABLE_DESIGN.gsi1.name,
            KeySchema: [
              { AttributeName: TABLE_DESIGN.gsi1.partitionKey, KeyType: 'HASH' },
              { AttributeName: TABLE_DESIGN.gsi1.sortKey, KeyType: 'RANGE' },
            ],
            // What its Queries read, not ALL: a user's counters and memberOf (every batch updates them) stay out.
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...TABLE_DESIGN.gsi1.projectedAttributes] },
          }),
          // R11 at scale: lists read live users only, from an index that carries what a list shows.
          Match.objectLike({
            IndexName: TABLE_DESIGN.gsi2.name,
            KeySchema: [
              { AttributeName: TABLE_DESIGN.gsi2.partitionKey, KeyType: 'HASH' },
              { AttributeName: TABLE_DESIGN.gsi2.sortKey, KeyType: 'RANGE' },
            ],
            Projection: {
              ProjectionType: 'INCLUDE',
              NonKeyAttributes: [...TABLE_DESIGN.gsi2.projectedAttributes],
            },
          }),
        ],
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            DeletionProtectionEnabled: true,
          }),
        ],
      }),
    });
  });

  it("projects into the owner index what its hot readers parse and none of a user's holdings, within DynamoDB's 20 attributes an index", () => {
    const projected = TABLE_DESIGN.gsi1.projectedAttributes as readonly string[];

    for (const holding of ['memberOf', 'memberCount', 'ownedCount', 'version', 'email'])
      expect(projected).not.toContain(holding);
    // A removal record (its request and reassignments) stays in the table: the list reads it by key.
    expect(projected).not.toContain('request');
    for (const index of [TABLE_DESIGN.gsi1, TABLE_DESIGN.gsi2])
      expect(index.projectedAttributes.length).toBeLessThanOrEqual(20);
  });

  it('has the offboard event bus with an archive of everything it emits, with no empty KMS key (aws-cdk 37847)', () => {
    stateful.hasResourceProperties('AWS::Events::EventBus', { Name: 'offboard' });
    stateful.hasResourceProperties('AWS::Events::Archive', {
      EventPattern: { source: ['offboard.users'] },
      RetentionDays: 365,
      KmsKeyIdentifier: Match.absent(),
    });
  });

  it('encrypts the table with the AWS-owned key, as the README says', () => {
    const table = Object.values(stateful.findResources('AWS::DynamoDB::GlobalTable'))[0] as { Properties: any };
    expect(table.Properties.SSESpecification?.SSEEnabled ?? false).toBe(false);
  });
});

describe('stateless stack', () => {
  it('sets every setting each function declares it needs (CONFIG_NEEDS), and the table every function reads', async () => {
    expect(functions).toHaveLength(REMOVAL_TASK_FUNCTIONS.length + 12);
    const resources = stateless.toJSON().Resources;
    for (const fn of functions) {
      const module = (await import(path.join(REPO_ROOT, fn.entryModule))) as { CONFIG_NEEDS?: readonly string[] };
      const cfn = fn.node.defaultChild as CfnFunction;
      const variables = Object.keys(
        (resources[fn.stack.getLogicalId(cfn)].Properties.Environment?.Variables ?? {}) as object,
      );
      expect(variables, fn.entryModule).toEqual(expect.arrayContaining(['TABLE_NAME', ...(module.CONFIG_NEEDS ?? [])]));
    }
  });

  it('deploys every function on nodejs22.x, arm64, with X-Ray tracing', () => {
    // The workflow's tasks, the API, SCIM, the HR webhook and the authorizer, the outbox relay, the CRM sync, billing,
    // HR events, identity sync, the platform's call records over HTTPS and from the bus.
    const functions = ownFunctions();
    expect(functions).toHaveLength(REMOVAL_TASK_FUNCTIONS.length + 12);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Handler: 'index.handler',
      });
    }
  });

  it('runs a Standard state machine with tracing, logging failures without data to a vended-logs group', () => {
    stateless.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      LoggingConfiguration: Match.objectLike({ Level: 'ERROR', IncludeExecutionData: false }),
      TracingConfiguration: { Enabled: true },
    });
    stateless.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/vendedlogs/states/offboard-user-removal',
    });
  });

  it('deploys exactly the ASL file, with a substitution for every ${Token} in it', () => {
    const definition = readUserRemovalDefinition();
    const { DefinitionS3Location, DefinitionSubstitutions } = stateMachine().Properties;
    // The uploaded asset is the file itself, byte for byte.
    const assetFile = readFileSync(path.join(outdir, `asset.${DefinitionS3Location.Key}`), 'utf8');
    expect(assetFile).toBe(definition);
    expect(Object.keys(DefinitionSubstitutions).sort()).toEqual(definitionTokens(definition));
    expect(definitionTokens(definition)).toEqual(
      [...REMOVAL_TASK_FUNCTIONS.map(functionArnKey), 'EventBusName'].sort(),
    );
    // Resolved, every Lambda task calls one of the deployed functions.
    const resolved = JSON.parse(
      substitute(definition, Object.fromEntries(Object.keys(DefinitionSubstitutions).map((k) => [k, `resolved-${k}`]))),
    );
    expect(JSON.stringify(resolved)).not.toMatch(/\$\{/);
  });

  it('publishes with the source and detail-type the event modules define', () => {
    const states = JSON.parse(readUserRemovalDefinition()).States;
    for (const [state, event] of [
      ['Publish UserRemoved', UserRemoved],
      ['Publish RemovalFailed', RemovalFailed],
    ] as const) {
      expect(states[state].Parameters.Entries[0]).toMatchObject({ Source: event.source, DetailType: event.detailType });
    }
  });

  it('passes asl-validator', () => {
    const { isValid, errorsText } = validateAsl(JSON.parse(readUserRemovalDefinition()));
    expect(errorsText('\n')).toBe('');
    expect(isValid).toBe(true);
  });

  it('grants the workflow only invoke on its functions and PutEvents on the bus', () => {
    const policies = Object.values(stateless.findResources('AWS::IAM::Policy')) as { Properties: any }[];
    const workflowPolicy = policies.find((p) => JSON.stringify(p.Properties.Roles).includes('UserRemovalRole'));
    const actions = workflowPolicy?.Properties.PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat());
    expect(new Set(actions)).toEqual(
      new Set([
        'lambda:InvokeFunction',
        'events:PutEvents',
        'xray:PutTraceSegments',
        'xray:PutTelemetryRecords',
        'xray:GetSamplingRules',
        'xray:GetSamplingTargets',
        'logs:CreateLogDelivery',
        'logs:GetLogDelivery',
        'logs:UpdateLogDelivery',
        'logs:DeleteLogDelivery',
        'logs:ListLogDeliveries',
        'logs:PutResourcePolicy',
        'logs:DescribeResourcePolicies',
        'logs:DescribeLogGroups',
      ]),
    );
  });

  it('gives each task exactly the DynamoDB write actions its catalog entry names (least privilege)', () => {
    const policies = Object.values(stateless.findResources('AWS::IAM::Policy')) as { Properties: any }[];
    for (const task of REMOVAL_TASK_FUNCTIONS) {
      const policy = policies.find((p) => JSON.stringify(p.Properties.Roles).includes(`${task.id}ServiceRole`));
      const actions: string[] =
        policy?.Properties.PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat()) ?? [];
      expect(actions.filter((a) => a.startsWith('dynamodb:'))).not.toHaveLength(0);
      // ConditionCheckItem comes with read access in CDK (grantReadData): a check changes nothing.
      const writes = actions.filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a));
      const granted = task.writes.filter((w) => w !== 'ConditionCheckItem').map((w) => `dynamodb:${w}`);
      expect([...new Set(writes)].sort(), task.id).toEqual(granted.sort());
    }
  });
});

describe('dashboard API', () => {
  it('declares one route per entry of the route table, each behind the Lambda authorizer', () => {
    const routes = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route')) as { Properties: any }[];
    const guarded = routes.filter((r) => r.Properties.AuthorizationType !== 'NONE');
    expect(guarded.map((r) => r.Properties.RouteKey).sort()).toEqual(
      [...ROUTES, ...SCIM_ROUTES, HR_WEBHOOK_ROUTE, PLATFORM_CALLS_ROUTE].map((r) => `${r.method} ${r.path}`).sort(),
    );
    for (const route of guarded)
      expect(route.Properties).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: expect.anything() });
  });

  it('sends the /scim/v2 routes to the SCIM function, the HR webhook and the call records to theirs, the others to the API function', () => {
    const routes = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route')) as { Properties: any }[];
    const integrations = stateless.findResources('AWS::ApiGatewayV2::Integration') as Record<
      string,
      { Properties: any }
    >;
    const targetOf = (route: { Properties: any }) => {
      const id = JSON.stringify(route.Properties.Target).match(/"Ref":"([^"]+)"/)?.[1] ?? '';
      return JSON.stringify(integrations[id]?.Properties.IntegrationUri);
    };
    for (const route of routes) {
      const key: string = route.Properties.RouteKey;
      const expected = key.split(' ')[1]!.startsWith('/scim/v2/')
        ? 'DashboardApiScim'
        : key === `${HR_WEBHOOK_ROUTE.method} ${HR_WEBHOOK_ROUTE.path}`
          ? 'DashboardApiHrWebhook'
          : key === `${PLATFORM_CALLS_ROUTE.method} ${PLATFORM_CALLS_ROUTE.path}`
            ? 'DashboardApiPlatformCalls'
            : 'DashboardApiHandler';
      expect(targetOf(route), key).toContain(expected);
    }
  });

  it('lets the SCIM function add, update and start removals of users, and delete nothing', () => {
    const policies = Object.values(stateless.findResources('AWS::IAM::Policy')) as { Properties: any }[];
    const scimPolicy = policies.find((p) => JSON.stringify(p.Properties.Roles).includes('DashboardApiScim'));
    const actions: string[] = scimPolicy?.Properties.PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat());
    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'states:StartExecution',
        'scheduler:CreateSchedule',
      ]),
    );
    expect(actions.filter((a) => /Delete(Item)?$|BatchWrite/.test(a) && a.startsWith('dynamodb:'))).toEqual([]);
  });

  it('serves GET /v1/openapi.json in AWS too, without a bearer, and nothing else without one', () => {
    const routes = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route')) as { Properties: any }[];
    const open = routes.filter((r) => r.Properties.AuthorizationType === 'NONE');
    expect(open.map((r) => r.Properties.RouteKey)).toEqual(['GET /v1/openapi.json']);
  });

  it('throttles every route from the ApiRateLimit and ApiBurstLimit parameters (429 above them)', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: {
        ThrottlingRateLimit: { Ref: 'ApiRateLimit' },
        ThrottlingBurstLimit: { Ref: 'ApiBurstLimit' },
      },
    });
    const parameters = stateless.toJSON().Parameters;
    expect(parameters.ApiRateLimit).toMatchObject({ Type: 'Number', Default: 100 });
    expect(parameters.ApiBurstLimit).toMatchObject({ Type: 'Number', Default: 200 });
  });

  it("samples the workflow's traces by a rule (1 a second, then WorkflowTraceRate), not every removal", () => {
    stateless.hasResourceProperties('AWS::XRay::SamplingRule', {
      SamplingRule: Match.objectLike({
        ServiceType: 'AWS::StepFunctions::StateMachine',
        ServiceName: 'offboard-user-removal',
        ReservoirSize: 1,
        FixedRate: { Ref: 'WorkflowTraceRate' },
      }),
    });
    expect(stateless.toJSON().Parameters.WorkflowTraceRate).toMatchObject({ Default: 0.05, MinValue: 0, MaxValue: 1 });
  });

  it('reserves concurrency from parameters: each removal task (the Map batches of all removals) and each API door, none by default', () => {
    const reservedBy = (parameter: string) =>
      ownFunctions()
        .filter((fn) =>
          JSON.stringify(fn.Properties.ReservedConcurrentExecutions ?? null).includes(`"Ref":"${parameter}"`),
        )
        .map((fn) => fn.Properties.Description as string);
    const parameters = stateless.toJSON().Parameters;

    expect(reservedBy('RemovalTaskConcurrency')).toHaveLength(REMOVAL_TASK_FUNCTIONS.length);
    expect(reservedBy('ApiConcurrency')).toHaveLength(4);
    for (const name of ['RemovalTaskConcurrency', 'ApiConcurrency']) {
      expect(parameters[name]).toMatchObject({ Type: 'Number', Default: 0, MinValue: 0 });
      // 0 leaves the property out (Fn::If … AWS::NoValue): a new account's pool of 10 has nothing to reserve.
      expect(stateless.toJSON().Conditions[`${name}Reserved`]).toBeDefined();
    }
    const reassign = ownFunctions().find((fn) =>
      JSON.stringify(fn.Properties.ReservedConcurrentExecutions ?? null).includes('RemovalTaskConcurrencyReserved'),
    );
    expect(reassign?.Properties.ReservedConcurrentExecutions).toEqual({
      'Fn::If': ['RemovalTaskConcurrencyReserved', { Ref: 'RemovalTaskConcurrency' }, { Ref: 'AWS::NoValue' }],
    });
  });

  it('authorizes every request afresh: REQUEST authorizer, simple responses, no result cache, no identity-source shortcut', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      EnableSimpleResponses: true,
      AuthorizerResultTtlInSeconds: 0,
      IdentitySource: [],
      AuthorizerPayloadFormatVersion: '2.0',
    });
  });

  it('allows CORS only from the dashboard origin parameter', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({ AllowOrigins: [{ Ref: 'DashboardOrigin' }] }),
    });
  });

  it('configures the API for Cognito and the workflow, and lets it start executions', () => {
    stateless.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          AUTH_MODE: 'cognito',
          COGNITO_USER_POOL_ID: { 'Fn::ImportValue': Match.stringLikeRegexp('IdentityUsers') },
          COGNITO_CLIENT_ID: { Ref: Match.stringLikeRegexp('IdentityDashboard') },
          STATE_MACHINE_ARN: { Ref: Match.stringLikeRegexp('UserRemoval') },
        }),
      },
    });
    const policies = Object.values(stateless.findResources('AWS::IAM::Policy')) as { Properties: any }[];
    const apiPolicy = policies.find((p) => JSON.stringify(p.Properties.Roles).includes('DashboardApiHandler'));
    const actions = apiPolicy?.Properties.PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['states:StartExecution', 'dynamodb:UpdateItem']));
    // Everything the API announces goes through the outbox: it has no reason to put events itself.
    expect(actions).not.toContain('events:PutEvents');
    const authorizerPolicy = policies.find((p) =>
      JSON.stringify(p.Properties.Roles).includes('DashboardApiAuthorizer'),
    );
    const authorizerActions: string[] = authorizerPolicy?.Properties.PolicyDocument.Statement.flatMap((s: any) =>
      [s.Action].flat(),
    );
    expect(authorizerActions.filter((a) => /dynamodb:(Put|Update|Delete|BatchWrite)/.test(a))).toEqual([]);
  });
});

describe('R14 the bus takes offboard events from offboard and HR events from the named HR senders only', () => {
  const policies = () =>
    Object.values(stateless.findResources('AWS::Events::EventBusPolicy')) as { Properties: any; Condition?: string }[];
  const statement = (sid: string) => policies().find((p) => p.Properties.StatementId === sid)!;

  it('denies offboard.users to every principal but the workflow and the outbox relay', () => {
    const deny = statement('OffboardEventsOnlyFromOffboard').Properties.Statement;
    expect(deny).toMatchObject({ Effect: 'Deny', Principal: '*', Action: 'events:PutEvents' });
    expect(deny.Condition.StringEquals).toEqual({ 'events:source': 'offboard.users' });
    const allowed = JSON.stringify(deny.Condition.StringNotEquals['aws:PrincipalArn']);
    expect(allowed).toMatch(/UserRemovalRole/);
    expect(allowed).toMatch(/IntegrationsOutboxRelay/);
    expect(deny.Condition.StringNotEquals['aws:PrincipalArn']).toHaveLength(2);
  });

  it.each([
    ['HR', 'Hr'],
    ['platform', 'Platform'],
  ])('denies the %s source to every principal but its deploy parameter (none by default)', (_what, name) => {
    const deny = statement(`${name}EventsOnlyFrom${name}Senders`).Properties.Statement;
    expect(deny).toMatchObject({ Effect: 'Deny', Principal: '*', Action: 'events:PutEvents' });
    expect(deny.Condition.StringEquals).toEqual({ 'events:source': { Ref: `${name}EventSource` } });
    expect(deny.Condition.StringNotEquals['aws:PrincipalArn']).toEqual({ Ref: `${name}EventSenderArns` });
    expect(stateless.toJSON().Parameters[`${name}EventSenderArns`]).toMatchObject({
      Type: 'CommaDelimitedList',
      Default: '',
    });
    // The Allow for other accounts' principals names them when some are named, else this account
    // (an empty Principal is invalid; the Deny binds this account's principals anyway).
    const allow = statement(`${name}SendersMayPut${name}Events`);
    expect(allow.Condition).toBeUndefined();
    expect(allow.Properties.Statement.Principal.AWS['Fn::If']).toEqual([
      expect.stringMatching(new RegExp(`${name}SendersNamed`)),
      { Ref: `${name}EventSenderArns` },
      { Ref: 'AWS::AccountId' },
    ]);
  });
});

describe("admin console (S3 behind CloudFront, on the API's origin)", () => {
  const distribution = () =>
    (Object.values(stateless.findResources('AWS::CloudFront::Distribution'))[0] as { Properties: any }).Properties
      .DistributionConfig;

  it('keeps the files in a private, encrypted bucket that only this distribution reads (origin access control)', () => {
    stateless.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 's3/' }),
    });
    expect(
      Object.keys(
        stateless.findResources('AWS::S3::Bucket', { Properties: { WebsiteConfiguration: Match.anyValue() } }),
      ),
    ).toEqual([]);
    stateless.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
    });
    stateless.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('serves the console at / over HTTPS with its security headers, and /v1/* from the HTTP API uncached', () => {
    const config = distribution();
    expect(config).toMatchObject({ DefaultRootObject: 'index.html', Enabled: true, Logging: expect.anything() });
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    const api = config.CacheBehaviors.find((b: any) => b.PathPattern === '/v1/*');
    expect(api).toMatchObject({
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: expect.arrayContaining(['GET', 'POST', 'DELETE', 'OPTIONS']),
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac', // Managed-AllViewerExceptHostHeader
    });
    const apiOrigin = config.Origins.find((o: any) => o.Id === api.TargetOriginId);
    expect(JSON.stringify(apiOrigin.DomainName)).toContain('DashboardApiHttpApi');
    expect(apiOrigin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    // Every public path of the HTTP API goes through the distribution (and its web ACL), the same way.
    const routes = [
      ...ROUTES.map((r) => r.path),
      ...SCIM_ROUTES.map((r) => r.path),
      HR_WEBHOOK_ROUTE.path,
      PLATFORM_CALLS_ROUTE.path,
    ];
    const patterns = config.CacheBehaviors.map((b: any) => b.PathPattern as string);
    for (const path of routes)
      expect(
        patterns.some((pattern: string) => path.startsWith(pattern.replace(/\*$/, ''))),
        path,
      ).toBe(true);
    for (const behavior of config.CacheBehaviors)
      expect(behavior).toMatchObject({ TargetOriginId: api.TargetOriginId, CachePolicyId: api.CachePolicyId });
    const headers = (
      Object.values(stateless.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0] as { Properties: any }
    ).Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(JSON.stringify(headers.ContentSecurityPolicy.ContentSecurityPolicy)).toContain("frame-ancestors 'none'");
    expect(headers).toMatchObject({
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ContentTypeOptions: { Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer' },
      StrictTransportSecurity: expect.objectContaining({ IncludeSubdomains: true }),
    });
  });

  it('serves from the edges of PriceClass_200 by default, which include India (a parameter)', () => {
    expect(distribution().PriceClass).toEqual({ Ref: 'ConsolePriceClass' });
    expect(stateless.toJSON().Parameters.ConsolePriceClass).toMatchObject({
      Default: 'PriceClass_200',
      AllowedValues: ['PriceClass_100', 'PriceClass_200', 'PriceClass_All'],
    });
  });

  it("writes the console's settings at deploy: the hosted UI of this user pool, and no token field", () => {
    const deployment = Object.entries(stateless.findResources('Custom::CDKBucketDeployment')).find(
      ([id]) => !id.startsWith('AdminConsoleDeployAssets'),
    )![1] as { Properties: any };
    const markers = JSON.stringify(deployment.Properties.SourceMarkers);
    expect(markers).toContain('IdentityDashboard'); // the client id, a deploy-time value
    expect(markers).toContain('IdentityHostedUi'); // the hosted UI's domain
  });

  it('uploads the hashed assets first, keeps earlier ones and caches them a year; the page and its settings after them, revalidated on every load', () => {
    const deployments = Object.entries(stateless.findResources('Custom::CDKBucketDeployment')) as [string, any][];
    const [assetsId, assets] = deployments.find(([id]) => id.startsWith('AdminConsoleDeployAssets'))!;
    const [, page] = deployments.find(([id]) => !id.startsWith('AdminConsoleDeployAssets'))!;
    const stagedFiles = (deployment: any) =>
      deployment.Properties.SourceObjectKeys.flatMap((key: string) => {
        const dir = path.join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
        return existsSync(dir) ? readdirSync(dir).filter((name) => !name.startsWith('.')) : [];
      });

    expect(assets.Properties).toMatchObject({
      Prune: false,
      DestinationBucketKeyPrefix: 'assets/',
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    const hashed = stagedFiles(assets);
    expect(hashed.length).toBeGreaterThan(0);
    for (const name of hashed) expect(name).toMatch(/-[\w-]{8}\.(js|css)$/);
    expect(page.Properties).toMatchObject({
      Prune: false,
      SystemMetadata: { 'cache-control': 'no-cache' },
      DistributionPaths: ['/', '/index.html', '/config.json'],
    });
    expect(page.DependsOn).toContain(assetsId);
    expect(stagedFiles(page).sort()).toEqual(['config.json', 'index.html']);
  });

  it('is a sign-in callback of the user pool client, beside the CallbackUrls parameter', () => {
    const client = Object.values(stateless.findResources('AWS::Cognito::UserPoolClient'))[0] as { Properties: any };
    const callbacks = JSON.stringify(client.Properties.CallbackURLs);
    expect(callbacks).toContain('CallbackUrls');
    expect(callbacks).toContain('AdminConsoleDistribution');
  });
});

describe('sign-in (Cognito)', () => {
  it('creates a user pool for invited users only, usernames being userIds, with MFA, threat protection and a password policy from parameters', () => {
    // Stateful: identities and settings fixed at creation outlive code deploys.
    stateless.resourceCountIs('AWS::Cognito::UserPool', 0);
    stateful.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain' });
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      AliasAttributes: ['email'],
      MfaConfiguration: { Ref: 'Mfa' },
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      DeletionProtection: 'ACTIVE',
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: { Ref: 'PasswordMinimumLength' } }) },
      // Fixed at creation: sign-in by email ignores case, as offboard's own comparisons do.
      UsernameConfiguration: { CaseSensitive: false },
    });
    const parameters = stateful.toJSON().Parameters;
    expect(parameters.Mfa).toMatchObject({ AllowedValues: ['ON', 'OPTIONAL'], Default: 'ON' });
    expect(Object.keys(parameters)).toEqual(expect.arrayContaining(['PasswordMinimumLength', 'SesIdentity']));
    expect(Object.keys(stateless.toJSON().Parameters)).toEqual(
      expect.arrayContaining(['CallbackUrls', 'LogoutUrls', 'HostedUiDomainPrefix']),
    );
  });

  it("gives the dashboard a public client: authorization code with PKCE (no secret), the hosted UI's domain", () => {
    stateless.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      GenerateSecret: false,
      PreventUserExistenceErrors: 'ENABLED',
      LogoutURLs: { Ref: 'LogoutUrls' },
    });
    // The CallbackUrls parameter's URLs, then the admin console's (see below).
    const client = Object.values(stateless.findResources('AWS::Cognito::UserPoolClient'))[0] as { Properties: any };
    expect(JSON.stringify(client.Properties.CallbackURLs)).toContain('{"Fn::Join":[",",{"Ref":"CallbackUrls"}]}');
  });

  it("names the hosted UI's domain by the HostedUiDomainPrefix parameter, else by the stack's own id (a fixed default would be taken)", () => {
    expect(stateless.toJSON().Parameters.HostedUiDomainPrefix).toMatchObject({ Default: '' });
    stateless.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: {
        'Fn::If': [
          'HostedUiDomainPrefixGiven',
          { Ref: 'HostedUiDomainPrefix' },
          { 'Fn::Join': ['', ['offboard-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }]] },
        ],
      },
    });
    expect(stateless.toJSON().Conditions.HostedUiDomainPrefixGiven).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'HostedUiDomainPrefix' }, ''] }],
    });
  });

  it('keeps identities in line from the events about users, allowed only those user-pool actions', () => {
    stateless.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({
        'detail-type': [
          'UserAdded',
          'UserActivated',
          'UserDeactivated',
          'RemovalStarted',
          'UserRemoved',
          'RemovalFailed',
          'RemovalCancelled',
        ],
      }),
    });
    const policies = Object.values(stateless.findResources('AWS::IAM::Policy')) as { Properties: any }[];
    const cognitoOf = (role: string) =>
      policies
        .filter((p) => JSON.stringify(p.Properties.Roles).includes(role))
        .flatMap((p) => p.Properties.PolicyDocument.Statement as any[])
        .filter((s) => [s.Action].flat().some((a: string) => a.startsWith('cognito-idp:')));
    const cognito = cognitoOf('IdentitySync');
    expect(cognito).toHaveLength(1);
    // The API only (re)sends invitations (POST …/invitation); no other function touches the pool.
    expect(cognitoOf('DashboardApiHandler').map((s) => s.Action)).toEqual(['cognito-idp:AdminCreateUser']);
    const allCognito = policies
      .flatMap((p) => p.Properties.PolicyDocument.Statement as any[])
      .filter((s) => [s.Action].flat().some((a: string) => a.startsWith('cognito-idp:')));
    expect(allCognito).toHaveLength(2);
    expect(new Set([cognito[0].Action].flat())).toEqual(
      new Set([
        'cognito-idp:AdminCreateUser',
        'cognito-idp:AdminEnableUser',
        'cognito-idp:AdminDisableUser',
        'cognito-idp:AdminUserGlobalSignOut',
        'cognito-idp:AdminDeleteUser',
      ]),
    );
    expect(JSON.stringify(cognito[0].Resource)).toContain('IdentityUsers');
  });

  it('outputs what `npx offboard bootstrap` and `sign-in` read: the table, the user pool, its client, the hosted UI and the API', () => {
    const outputs = stateless.toJSON().Outputs;
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining(['TableName', 'UserPoolId', 'UserPoolClientId', 'SignInUrl', 'HostedUiUrl', 'ApiUrl']),
    );
    expect(JSON.stringify(outputs.SignInUrl.Value)).toContain('/login?client_id=');
    expect(JSON.stringify(outputs.HostedUiUrl.Value)).toContain('.auth.');
    expect(JSON.stringify(outputs.UserPoolClientId.Value)).toContain('IdentityDashboard');
  });

  it('takes an existing pool and client instead, by context, and then creates none', () => {
    const app = new App({
      outdir: mkdtempSync(path.join(tmpdir(), 'offboard-pool-')),
      context: {
        ...TEMPLATE_ONLY_CONTEXT,
        'offboard:userPoolId': 'eu-west-1_Existing',
        'offboard:userPoolClientId': 'client123',
      },
    });
    const template = Template.fromStack(defineOffboard(app).stateless);
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ COGNITO_USER_POOL_ID: 'eu-west-1_Existing', COGNITO_CLIENT_ID: 'client123' }),
      },
    });
  });
});

describe('what outlives a code deploy lives in the stateful stack', () => {
  it('the user pool and the CRM mappings are retained there; the stateless stack only refers to them', () => {
    stateful.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    stateful.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ KeySchema: Match.arrayWith([Match.objectLike({ AttributeName: 'pk' })]) }),
    });
    for (const type of ['AWS::Cognito::UserPool', 'AWS::DynamoDB::GlobalTable', 'AWS::DynamoDB::Table'])
      stateless.resourceCountIs(type, 0);
  });

  it("the table's stream reaches the outbox relay through an SSM parameter read at deploy, not an export that would pin it", () => {
    const exported = JSON.stringify(stateful.toJSON().Outputs ?? {});
    expect(exported).not.toContain('StreamArn');
    const parameter = Object.values(stateful.findResources('AWS::SSM::Parameter'))[0] as { Properties: any };
    expect(parameter.Properties.Value).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Table/), 'StreamArn'] });
    const ssmParameters = Object.values(stateless.toJSON().Parameters).filter((p: any) =>
      String(p.Type).startsWith('AWS::SSM::Parameter::Value'),
    ) as { Default: string }[];
    expect(ssmParameters.map((p) => p.Default)).toContain(parameter.Properties.Name);
    const mapping = Object.values(stateless.findResources('AWS::Lambda::EventSourceMapping'))[0] as { Properties: any };
    expect(JSON.stringify(mapping.Properties.EventSourceArn)).toContain('SsmParameterValue');
  });

  it("invitations go through SES when SesIdentity names a verified identity, else Cognito's default sender (about 50 a day)", () => {
    const pool = Object.values(stateful.findResources('AWS::Cognito::UserPool'))[0] as { Properties: any };
    const email = pool.Properties.EmailConfiguration;
    expect(email.EmailSendingAccount).toEqual({
      'Fn::If': [expect.stringMatching(/SendsThroughSes/), 'DEVELOPER', 'COGNITO_DEFAULT'],
    });
    expect(JSON.stringify(email.SourceArn)).toContain(':ses:');
    expect(JSON.stringify(email.SourceArn)).toContain('{"Ref":"SesIdentity"}');
    expect(stateful.toJSON().Parameters.SesIdentity).toMatchObject({ Default: '' });
  });
});

describe('integrations', () => {
  it('streams new items of the table and expires outbox and idempotency items', () => {
    stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('registers a JSON Schema for every event in the Schema Registry', () => {
    stateful.resourceCountIs('AWS::EventSchemas::Schema', EVENT_CATALOG.length);
    for (const event of EVENT_CATALOG) {
      stateful.hasResourceProperties('AWS::EventSchemas::Schema', {
        SchemaName: `offboard.users@${event.detailType}`,
        Type: 'JSONSchemaDraft4',
        Content: JSON.stringify(eventJsonSchema(event)),
      });
    }
  });

  it('relays only OUTBOX inserts from the stream, retrying partial batches, with a dead-letter queue', () => {
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      StartingPosition: 'TRIM_HORIZON',
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      FilterCriteria: {
        Filters: [
          { Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['OUTBOX'] } } } }) },
        ],
      },
    });
  });

  it('routes the CRM events with the shared pattern, a retry policy and a dead-letter queue', () => {
    stateless.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['offboard.users'],
        'detail-type': CRM_SYNC_PATTERN.detailType,
        detail: CRM_SYNC_PATTERN.detail,
      },
      Targets: [
        Match.objectLike({
          RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
          DeadLetterConfig: { Arn: Match.anyValue() },
        }),
      ],
    });
  });
});

describe('functions behind EventBridge rules (invoked asynchronously)', () => {
  it('retry a function error twice, then send the event to an on-failure queue that alarms (HR, CRM, identity sync, call records)', () => {
    const configs = Object.values(stateless.findResources('AWS::Lambda::EventInvokeConfig')) as { Properties: any }[];
    const rules = Object.values(stateless.findResources('AWS::Events::Rule')) as { Properties: any }[];
    const targetedFunctions = rules.flatMap((r) => r.Properties.Targets.map((t: any) => t.Arn['Fn::GetAtt'][0]));
    expect(targetedFunctions).toHaveLength(4);
    for (const fn of targetedFunctions) {
      const config = configs.find((c) => c.Properties.FunctionName.Ref === fn);
      expect(config?.Properties, fn).toMatchObject({
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 21600,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } } },
      });
      const queue = config!.Properties.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
      const alarms = Object.values(stateless.findResources('AWS::CloudWatch::Alarm')) as { Properties: any }[];
      expect(
        alarms.some((a) => JSON.stringify(a.Properties.Dimensions).includes(queue)),
        `alarm on ${queue}`,
      ).toBe(true);
    }
  });
});

describe('billing cycle', () => {
  it('runs the seat-adjustment function daily from EventBridge Scheduler, with retries', () => {
    stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(5 0 * * ? *)',
      ScheduleExpressionTimezone: 'UTC',
      Target: Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 21600 } }),
    });
  });
});

describe('scheduled offboarding (R11)', () => {
  it('routes HR events from the configurable source to the HR function, with a retry policy and a dead-letter queue', () => {
    stateless.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: [{ Ref: 'HrEventSource' }],
        'detail-type': ['EmployeeTerminated', 'TerminationRescheduled', 'TerminationCancelled', 'EmployeeProvisioned'],
      },
      Targets: [
        Match.objectLike({
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 20 }),
          DeadLetterConfig: { Arn: Match.anyValue() },
        }),
      ],
    });
  });

  it('keeps removal schedules in their own group, retained in the stateful stack with their role and dead letters; the role may only start the workflow', () => {
    // Deleting a group deletes its schedules: it never lives in the stack that is redeployed often.
    expect(stateless.findResources('AWS::Scheduler::ScheduleGroup')).toEqual({});
    const [group] = Object.values(stateful.findResources('AWS::Scheduler::ScheduleGroup')) as any[];
    expect(group).toMatchObject({ Properties: { Name: 'offboard-removals' }, DeletionPolicy: 'Retain' });
    const role = Object.entries(stateful.findResources('AWS::IAM::Role')).find(([id]) =>
      id.startsWith('RemovalSchedulesSchedulerRole'),
    )!;
    expect(role[1]).toMatchObject({ DeletionPolicy: 'Retain' });
    const queue = Object.entries(stateful.findResources('AWS::SQS::Queue')).find(([id]) =>
      id.startsWith('RemovalSchedulesDeadLetters'),
    )!;
    expect(queue[1]).toMatchObject({ DeletionPolicy: 'Retain' });
    // What the role may do: deliver to its dead letters (stateful), start the workflow (stateless).
    const actionsOf = (template: Template) =>
      (Object.values(template.findResources('AWS::IAM::Policy')) as { Properties: any }[])
        .filter((p) => JSON.stringify(p.Properties.Roles).includes('RemovalSchedulesSchedulerRole'))
        .flatMap((p) => p.Properties.PolicyDocument.Statement)
        .flatMap((statement: any) => [statement.Action].flat());
    expect(actionsOf(stateful)).toEqual(['sqs:SendMessage']);
    expect(actionsOf(stateless)).toEqual(['states:StartExecution']);
  });

  it('trusts Scheduler with its roles only for this account and their group, and lets them be passed to Scheduler only', () => {
    const roles = [
      ...Object.values(stateless.findResources('AWS::IAM::Role')),
      ...Object.values(stateful.findResources('AWS::IAM::Role')),
    ] as { Properties: any }[];
    const schedulerRoles = roles.filter((role) =>
      JSON.stringify(role.Properties.AssumeRolePolicyDocument).includes('scheduler.amazonaws.com'),
    );
    expect(schedulerRoles.length).toBe(3); // removal schedules, the overdue sweep, the billing cycle
    for (const role of schedulerRoles) {
      const [trust] = role.Properties.AssumeRolePolicyDocument.Statement;
      expect(trust.Condition.StringEquals['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
      expect(JSON.stringify(trust.Condition.ArnEquals['aws:SourceArn'])).toMatch(
        /schedule-group\/(offboard-removals|default)/,
      );
    }
    const passRoles = (Object.values(stateless.findResources('AWS::IAM::Policy')) as { Properties: any }[])
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .filter((statement: any) => [statement.Action].flat().includes('iam:PassRole'));
    expect(passRoles.length).toBeGreaterThanOrEqual(3);
    for (const statement of passRoles)
      expect(statement.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } });
  });

  it('R11 sends a schedule that fails past its retries to an alarmed queue, alarms on Scheduler failures, and sweeps for overdue removals every five minutes', () => {
    const functionsScheduling = ownFunctions().filter((fn) => fn.Properties.Environment?.Variables?.SCHEDULER_ROLE_ARN);
    expect(functionsScheduling.length).toBeGreaterThanOrEqual(3); // the API, the HR function, the sweep…
    for (const fn of functionsScheduling)
      expect(JSON.stringify(fn.Properties.Environment.Variables.SCHEDULE_DEAD_LETTER_ARN)).toContain(
        'RemovalSchedulesDeadLetters',
      );
    const alarms = Object.values(stateless.findResources('AWS::CloudWatch::Alarm')) as { Properties: any }[];
    const alarmed = (predicate: (p: any) => boolean) => alarms.some((a) => predicate(a.Properties));
    expect(alarmed((p) => JSON.stringify(p.Dimensions ?? []).includes('RemovalSchedulesDeadLetters'))).toBe(true);
    for (const metricName of ['InvocationDroppedCount', 'TargetErrorCount'])
      expect(
        alarmed(
          (p) =>
            p.Namespace === 'AWS/Scheduler' &&
            p.MetricName === metricName &&
            JSON.stringify(p.Dimensions).includes('offboard-removals'),
        ),
      ).toBe(true);
    const sweep = Object.values(stateless.findResources('AWS::Scheduler::Schedule')).find((schedule: any) =>
      JSON.stringify(schedule.Properties.Target.Arn).includes('HrOffboardingOverdueSweep'),
    ) as { Properties: any };
    expect(sweep.Properties).toMatchObject({
      ScheduleExpression: 'rate(5 minutes)',
      FlexibleTimeWindow: { Mode: 'OFF' },
    });
  });

  it('lets the API and the HR function manage schedules, pass that role, and answer waiting executions', () => {
    const policies = Object.values(stateless.findResources('AWS::IAM::Policy')) as { Properties: any }[];
    for (const role of ['DashboardApiHandler', 'HrOffboardingHandleHrEvent']) {
      const policy = policies.find((p) => JSON.stringify(p.Properties.Roles).includes(role));
      const actions = policy?.Properties.PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat());
      expect(actions, role).toEqual(
        expect.arrayContaining([
          'scheduler:CreateSchedule',
          'scheduler:DeleteSchedule',
          'iam:PassRole',
          'states:SendTaskSuccess',
          'states:SendTaskFailure',
        ]),
      );
    }
  });
});

describe('R14 least privilege on the multi-tenant table', () => {
  /** Each function's DynamoDB actions, from the policies attached to its role. */
  const tableActionsByFunction = () => {
    const resources = stateless.toJSON().Resources as Record<string, any>;
    const policies = Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy');
    return Object.fromEntries(
      Object.entries(resources)
        .filter(([id, r]) => r.Type === 'AWS::Lambda::Function' && !id.startsWith('CustomCDKBucketDeployment'))
        .map(([id, fn]) => {
          const role = fn.Properties.Role['Fn::GetAtt'][0];
          const actions = policies
            .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(role))
            .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
            .flatMap((statement: any) => [statement.Action].flat())
            .filter((action: string) => action.startsWith('dynamodb:'));
          return [id, [...new Set(actions)].sort()];
        }),
    ) as Record<string, string[]>;
  };

  it("lets no function Scan the table (every account's items), and the internet-facing authorizer only read by key and Query", () => {
    const byFunction = tableActionsByFunction();
    expect(Object.keys(byFunction).length).toBeGreaterThanOrEqual(18);
    for (const [id, actions] of Object.entries(byFunction)) {
      expect(actions, id).not.toContain('dynamodb:Scan');
      expect(
        actions.some((action) => action.includes('*')),
        id,
      ).toBe(false);
    }
    const authorizer = Object.entries(byFunction).find(([id]) => id.startsWith('DashboardApiAuthorizer'))![1];
    expect(authorizer).toEqual([...TABLE_READ_ACTIONS].sort());
    const hr = Object.entries(byFunction).find(([id]) => id.startsWith('HrOffboardingHandleHrEvent'))![1];
    expect(hr).toEqual(
      [...TABLE_READ_ACTIONS, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'].sort(),
    );
  });
});

describe('production hardening', () => {
  it('alarms on failed and timed-out removals, on every dead-letter queue, and on Lambda errors and throttles', () => {
    const alarms = Object.values(stateless.findResources('AWS::CloudWatch::Alarm')) as { Properties: any }[];
    const metrics = alarms.map((a) => `${a.Properties.Namespace}:${a.Properties.MetricName}`);
    expect(metrics).toEqual(expect.arrayContaining(['AWS/States:ExecutionsFailed', 'AWS/States:ExecutionsTimedOut']));
    expect(metrics.filter((m) => m === 'AWS/SQS:ApproximateNumberOfMessagesVisible')).toHaveLength(10);
    const functions = ownFunctions().length;
    expect(metrics.filter((m) => m === 'AWS/Lambda:Errors')).toHaveLength(functions);
    expect(metrics.filter((m) => m === 'AWS/Lambda:Throttles')).toHaveLength(functions);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1);
  });

  it('has an operations dashboard, and access logs on the API', () => {
    stateless.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });
});
