// The dashboard's HTTP API: one route per entry of the route table, all served by the API
// function, every one behind the Lambda REQUEST authorizer (no result cache, so a deactivated
// user is refused on the next call — R6).
import { CfnOutput, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  type HttpRoute,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SCIM_ROUTES } from '#functions/scim/scim-routes.ts';
import { HR_WEBHOOK_ROUTE } from '#functions/hr/webhook/route.ts';
import { PLATFORM_CALLS_ROUTE } from '#functions/platform/calls/route.ts';
import { ROUTES } from '#functions/api/routes/index.ts';
import { PUBLIC_ROUTES } from '#functions/api/public-routes.ts';
import { OffboardFunction } from './offboard-function.ts';
import type { HrOffboarding } from './hr-offboarding.ts';
import type { Identity } from './identity.ts';
import { grantTableReads } from './table-access.ts';

export interface DashboardApiProps {
  table: ITableV2;
  eventBus: IEventBus;
  userRemoval: IStateMachine;
  /** The Cognito user pool and app client whose ID tokens sign users in. */
  identity: Identity;
  dashboardOrigin: string;
  /** Scheduled removals and decisions: the schedule group, its role and the grants to use them. */
  scheduling: HrOffboarding;
  /** Every route's throttle (steady requests per second, and the burst above it). */
  throttle: { rateLimit: number; burstLimit: number };
}

export class DashboardApi extends Construct {
  public readonly httpApi: HttpApi;
  public readonly handler: OffboardFunction;
  public readonly authorizerFunction: OffboardFunction;
  /** Routes served without a bearer (the OpenAPI document). */
  public readonly publicRoutes: HttpRoute[];
  /** The SCIM 2.0 API (docs/scim.md): its own function behind the same authorizer. */
  public readonly scimHandler: OffboardFunction;
  /** The HR webhook (POST /hr/v1/events): an HR system's events with an account's HR token. */
  public readonly hrWebhook: OffboardFunction;
  public readonly platformCalls: OffboardFunction;

  constructor(scope: Construct, id: string, props: DashboardApiProps) {
    super(scope, id);
    const { table, eventBus, userRemoval } = props;
    const auth = {
      AUTH_MODE: 'cognito',
      COGNITO_USER_POOL_ID: props.identity.userPool.userPoolId,
      COGNITO_CLIENT_ID: props.identity.client.userPoolClientId,
      TABLE_NAME: table.tableName,
    };

    this.authorizerFunction = new OffboardFunction(this, 'Authorizer', {
      entry: 'functions/api-authorizer/handler.ts',
      description: 'Authenticates the bearer and checks the caller is ACTIVE (R6) on every request',
      environment: auth,
      timeout: Duration.seconds(10),
    });
    grantTableReads(table, this.authorizerFunction);

    this.handler = new OffboardFunction(this, 'Handler', {
      entry: 'functions/api/handler.ts',
      description: 'The dashboard API (every route of docs/api.md)',
      environment: {
        ...auth,
        EVENT_BUS_NAME: eventBus.eventBusName,
        STATE_MACHINE_ARN: userRemoval.stateMachineArn,
        DASHBOARD_ORIGIN: props.dashboardOrigin,
        ...props.scheduling.schedulingEnvironment(),
      },
    });
    grantTableReads(table, this.handler);
    table.grant(
      this.handler,
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:ConditionCheckItem',
    );
    props.scheduling.grantScheduling(this.handler, userRemoval);
    // POST …/users/{u}/invitation: Cognito re-sends (AdminCreateUser RESEND) or creates the identity.
    this.handler.addToRolePolicy(
      new PolicyStatement({
        actions: ['cognito-idp:AdminCreateUser'],
        resources: [props.identity.userPool.userPoolArn],
      }),
    );

    // The integrations' doors (SCIM, the HR webhook): the same use cases as the API — add and
    // update users, schedule and start removals — and nothing they would delete.
    const integrationDoor = (id: string, entry: string, description: string) => {
      const fn = new OffboardFunction(this, id, {
        entry,
        description,
        environment: {
          TABLE_NAME: table.tableName,
          EVENT_BUS_NAME: eventBus.eventBusName,
          STATE_MACHINE_ARN: userRemoval.stateMachineArn,
          ...props.scheduling.schedulingEnvironment(),
        },
      });
      grantTableReads(table, fn);
      table.grant(fn, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem');
      props.scheduling.grantScheduling(fn, userRemoval);
      return fn;
    };
    this.scimHandler = integrationDoor(
      'Scim',
      'functions/scim/handler.ts',
      'SCIM 2.0 for identity providers (Okta, Entra ID): Users through the same use cases',
    );
    this.hrWebhook = integrationDoor(
      'HrWebhook',
      'functions/hr/webhook/handler.ts',
      "An HR system's events over HTTPS with an account's HR token (R11, R14)",
    );

    this.platformCalls = new OffboardFunction(this, 'PlatformCalls', {
      entry: 'functions/platform/calls/handler.ts',
      description: "The telephony platform's call records over HTTPS with an account's platform token (R7, R14)",
      environment: { TABLE_NAME: table.tableName },
    });
    grantTableReads(table, this.platformCalls);
    table.grant(this.platformCalls, 'dynamodb:PutItem');

    const authorizer = new HttpLambdaAuthorizer('Authorizer', this.authorizerFunction, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      // No cache: status changes (deactivation, removal) take effect on the very next call.
      resultsCacheTtl: Duration.seconds(0),
      // Invoked even without an Authorization header, so the API answers an RFC 9457 problem.
      identitySource: [],
    });
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: 'offboard',
      description: 'offboard dashboard API',
      defaultAuthorizer: authorizer,
      corsPreflight: {
        allowOrigins: [props.dashboardOrigin],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-correlation-id'],
        allowMethods: [
          CorsHttpMethod.GET,
          CorsHttpMethod.POST,
          CorsHttpMethod.PUT,
          CorsHttpMethod.PATCH,
          CorsHttpMethod.DELETE,
        ],
        exposeHeaders: ['location', 'x-correlation-id'],
        maxAge: Duration.minutes(10),
      },
    });
    // Access logs of the default stage, one JSON line per request (AwsSolutions-APIG1).
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stage = this.httpApi.defaultStage?.node.defaultChild as CfnStage;
    // A flood (or a runaway integration) is refused with 429 before it reaches the authorizer.
    stage.defaultRouteSettings = {
      throttlingRateLimit: props.throttle.rateLimit,
      throttlingBurstLimit: props.throttle.burstLimit,
    };
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        authorizerError: '$context.authorizer.error',
        ip: '$context.identity.sourceIp',
      }),
    };
    const integration = new HttpLambdaIntegration('Api', this.handler);
    for (const route of ROUTES) {
      this.httpApi.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration });
    }
    this.publicRoutes = PUBLIC_ROUTES.flatMap((route) =>
      this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        authorizer: new HttpNoneAuthorizer(),
      }),
    );
    const scim = new HttpLambdaIntegration('Scim', this.scimHandler);
    for (const route of SCIM_ROUTES) {
      this.httpApi.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration: scim });
    }
    this.httpApi.addRoutes({
      path: HR_WEBHOOK_ROUTE.path,
      methods: [HttpMethod[HR_WEBHOOK_ROUTE.method]],
      integration: new HttpLambdaIntegration('HrWebhook', this.hrWebhook),
    });
    this.httpApi.addRoutes({
      path: PLATFORM_CALLS_ROUTE.path,
      methods: [HttpMethod[PLATFORM_CALLS_ROUTE.method]],
      integration: new HttpLambdaIntegration('PlatformCalls', this.platformCalls),
    });
    // SCIM locations come from here, never from a request's Host header.
    this.scimHandler.addEnvironment('PUBLIC_API_URL', this.httpApi.apiEndpoint);
    new CfnOutput(this, 'Url', { value: this.httpApi.apiEndpoint });
  }
}
