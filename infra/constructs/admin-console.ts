// The admin console in AWS: its static files in a private S3 bucket behind CloudFront (origin
// access control, no public bucket), `/v1/*` routed to the HTTP API so the console and the API
// share one origin (no CORS), the console's runtime settings written at deploy (/config.json: the
// hosted UI and the user pool client), and the security headers of web/security-headers.ts.
import { Aws, CfnCondition, Duration, Fn, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  CfnDistribution,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  S3OriginAccessControl,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { join } from 'node:path';
import { Construct } from 'constructs';
import { consoleSecurityHeaders } from '../../web/security-headers.ts';
import { OPT_IN_REGIONS, regionOutside } from '../regions.ts';
import { CACHE_CONTROL, CONSOLE_DIST, HASHED_ASSETS_DIR } from '../../web/console-files.ts';
import { consoleSettings } from '../../web/console-settings.ts';

/** The HTTP API's public paths, served through the distribution (and its web ACL). */
export const API_PATH_PATTERNS = ['/v1/*', '/scim/v2/*', '/hr/v1/*', '/platform/v1/*'] as const;

/** Room a region name takes at the end of a name ("-ap-southeast-2" is 15 characters). */
const REGION_SUFFIX_ROOM = 16;

/**
 * A name for a CloudFront resource, which is global to the account: CDK's default derives it from
 * the construct path only, so the same stack in a second region collides with the first (aws-cdk
 * issue 34336). The region (a token in an environment-agnostic stack) makes it unique.
 */
const regionalName = (scope: Construct, maxLength: number) =>
  `${Names.uniqueResourceName(scope, { maxLength: maxLength - REGION_SUFFIX_ROOM })}-${Stack.of(scope).region}`;

export interface AdminConsoleProps {
  httpApi: HttpApi;
  /** The hosted UI's base URL (https://<prefix>.auth.<region>.amazoncognito.com), when the stack has one. */
  hostedUiUrl: string | undefined;
  userPoolClientId: string;
  /**
   * CloudFront's edge locations: PriceClass_200 (the default) includes India, the home market;
   * PriceClass_100 (North America, Europe, Israel) would send India's calls to European or US edges.
   */
  priceClass: PriceClass;
}

export class AdminConsole extends Construct {
  public readonly bucket: Bucket;
  public readonly logs: Bucket;
  public readonly distribution: Distribution;
  /** The hashed assets, uploaded first and never pruned. */
  public readonly assetsDeployment: BucketDeployment;
  /** index.html and config.json, after the assets they name. */
  public readonly deployment: BucketDeployment;
  /** https://<distribution domain>/ — the console, and a sign-in callback URL of the user pool client. */
  public readonly url: string;
  /** False where the region is known to be one CloudFront delivers no standard logs to. */
  public readonly logsToBucket: boolean;
  /** A web ACL (CLOUDFRONT scope, in us-east-1) the operator gave by context, if any. */
  public readonly webAclArn: string | undefined;

  constructor(scope: Construct, id: string, props: AdminConsoleProps) {
    super(scope, id);
    // CloudFront's standard access logs need ACLs on their bucket; nothing else writes there.
    this.logs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 's3/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const webAclArn = this.node.tryGetContext('offboard:consoleWebAclArn') as string | undefined;
    this.webAclArn = webAclArn;
    const headers = consoleSecurityHeaders(props.hostedUiUrl);
    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: regionalName(this, 128),
      comment: 'offboard admin console: CSP, no framing, no referrer, HSTS',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: headers.contentSecurityPolicy, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
      },
    });
    // CloudFront delivers standard logs to no bucket in an opt-in region (ap-south-2…): there the
    // distribution has none (the API's own access logs remain).
    const legacyLogs = regionOutside(this, 'CloudFrontLogsDeliverable', OPT_IN_REGIONS);
    this.logsToBucket = legacyLogs !== false;
    // The HTTP API's host: https://<id>.execute-api.<region>.amazonaws.com → <id>.execute-api…
    const apiHost = Fn.select(2, Fn.split('/', props.httpApi.apiEndpoint));
    const apiOrigin = new HttpOrigin(apiHost, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'offboard admin console and API',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: props.priceClass,
      ...(webAclArn ? { webAclId: webAclArn } : {}),
      ...(legacyLogs === false ? {} : { enableLogging: true, logBucket: this.logs, logFilePrefix: 'cloudfront/' }),
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket, {
          originAccessControl: new S3OriginAccessControl(this, 'FilesAccess', {
            originAccessControlName: regionalName(this, 64),
          }),
        }),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: securityHeaders,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      },
      // Every public path of the HTTP API on the console's origin (the dashboard API, SCIM, the HR
      // webhook, the platform's call records), so the web ACL fronts them all: never cached, every
      // viewer header (Authorization, Idempotency-Key…) but Host passed on, every method.
      additionalBehaviors: Object.fromEntries(
        API_PATH_PATTERNS.map((pattern) => [
          pattern,
          {
            origin: apiOrigin,
            viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
            allowedMethods: AllowedMethods.ALLOW_ALL,
            cachePolicy: CachePolicy.CACHING_DISABLED,
            originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          },
        ]),
      ),
    });
    if (legacyLogs instanceof CfnCondition) {
      (this.distribution.node.defaultChild as CfnDistribution).addOverride(
        'Properties.DistributionConfig.Logging',
        Fn.conditionIf(
          legacyLogs.logicalId,
          { Bucket: this.logs.bucketRegionalDomainName, Prefix: 'cloudfront/', IncludeCookies: false },
          Aws.NO_VALUE,
        ),
      );
    }
    this.url = `https://${this.distribution.distributionDomainName}/`;

    // A redeploy keeps the previous hashed assets (no prune): a browser or edge still holding the
    // previous index.html can load what it names. They are small, and named by their content.
    this.assetsDeployment = new BucketDeployment(this, 'DeployAssets', {
      destinationBucket: this.bucket,
      sources: [Source.asset(join(CONSOLE_DIST, HASHED_ASSETS_DIR))],
      destinationKeyPrefix: `${HASHED_ASSETS_DIR}/`,
      cacheControl: [CacheControl.fromString(CACHE_CONTROL.hashedAsset)],
      prune: false,
    });
    this.deployment = new BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      sources: [
        Source.asset(CONSOLE_DIST, { exclude: [HASHED_ASSETS_DIR] }),
        // What web/src/session.ts reads: the hosted UI of this stack's user pool; no token field.
        Source.jsonData(
          'config.json',
          consoleSettings({
            tokenSignIn: false,
            hostedUi: props.hostedUiUrl ? { baseUrl: props.hostedUiUrl, clientId: props.userPoolClientId } : undefined,
          }),
        ),
      ],
      cacheControl: [CacheControl.fromString(CACHE_CONTROL.page)],
      // The root is cached apart from /index.html (the default root object).
      distribution: this.distribution,
      distributionPaths: ['/', '/index.html', '/config.json'],
      prune: false,
    });
    this.deployment.node.addDependency(this.assetsDeployment);
  }
}
