import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Aws, DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { ORIGIN_HEADER } from '../../functions/shared/http/origin';
import type { Province } from '../../functions/shared/province';
import { builtProvince, PROVINCE_MARK } from '../scripts/build-site';
import type { Api } from './api';
import type { Auth } from './auth';

const DEFAULT_SITE_DIR = fileURLToPath(new URL('../../site/dist', import.meta.url));

/**
 * Same origin for everything: no inline script or style, no third party, no framing. The one other
 * origin is the user pool's sign-in domain, which the officer console calls to exchange its sign-in
 * code for a token (authorization code flow with PKCE).
 */
function contentSecurityPolicy(signInOrigin: string): string {
  return (
    `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ${signInOrigin}; ` +
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
  );
}

/**
 * The request headers /api/* passes to the HTTP API. Accept and Accept-Language choose the answer
 * (JSON or a page, and its language), so they are part of the cache key, as is Authorization (the
 * only way CloudFront forwards it). CloudFront-Viewer-Address is the one client header: behind
 * CloudFront the API's sourceIp is the edge's, so the per-client rate limit needs the viewer's
 * address. The functions turn it into an in-memory keyed hash and never store or log it, and the
 * access-log format leaves it out.
 */
const API_CACHE_KEY_HEADERS = ['Accept', 'Accept-Language', 'Authorization'] as const;
const API_FORWARDED_HEADERS = [
  'Content-Type',
  'Idempotency-Key',
  'X-Altcha',
  'CloudFront-Viewer-Address',
] as const;

/**
 * CloudFront Function (viewer request, site only): the site is folders of index.html, so `/contacts/`
 * and `/contacts` both serve `/contacts/index.html`; a last segment with a dot is a file.
 */
export const INDEX_REWRITE_CODE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
  } else if (uri.lastIndexOf('.') < uri.lastIndexOf('/')) {
    request.uri = uri + '/index.html';
  }
  return request;
}`;

export interface SiteProps {
  /** The API that CloudFront's /api/* behavior sends requests to. */
  readonly api: Api;
  /** Gives the officer console its sign-in settings in config.json. */
  readonly auth: Auth;
  /** Name and locales for config.json; the optional custom domain and certificate. */
  readonly province: Province;
  /**
   * The built site to deploy.
   * @default the repository's site/dist (npm run synth builds it when missing or stale)
   */
  readonly siteDir?: string;
}

/**
 * The site and the one origin residents see: a private bucket read by CloudFront through origin
 * access control, `/api/*` routed to the HTTP API, security headers on every answer, no access logs.
 */
export class Site extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly deployment: s3deploy.BucketDeployment;
  /** What the page reads at start-up: province name, locales and the console's sign-in settings. */
  readonly runtimeConfig: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: SiteProps) {
    super(scope, id);
    const { province, api, auth } = props;
    const siteDir = props.siteDir ?? DEFAULT_SITE_DIR;
    if (!existsSync(join(siteDir, 'index.html'))) {
      throw new Error(`No index.html in ${siteDir}: build the site first (npm run build, or npm run synth)`);
    }
    // Its pages name the province: a build for another province must not reach this one's bucket.
    const built = builtProvince(siteDir);
    // A fixture handed in by a test may have no mark; the repository's build always has one.
    if (built !== props.province.id && (built !== undefined || siteDir === DEFAULT_SITE_DIR)) {
      throw new Error(
        `${siteDir} holds the site built for "${built ?? 'no province'}", not "${props.province.id}": its pages would name another province. Build it for this one: npm run synth -- -c province=${props.province.id}`,
      );
    }
    if (province.domain && new URL(province.baseUrl).host !== province.domain.name) {
      throw new Error(
        `Province ${province.id}: baseUrl (${province.baseUrl}) must use domain.name (${province.domain.name}), ` +
          'since SMS links and the sign-in callback are built from baseUrl',
      );
    }

    // The bucket holds only build output, redeployable from git at any time: it goes with the stack.
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Holds only the built public site, deployed from git; the only reader is CloudFront through origin ' +
        'access control, so server access logs would record nothing but CloudFront fetching public files.',
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `tuquan ${province.id}: security headers`,
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy(auth.domain.baseUrl()),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });

    const rewrite = new cloudfront.Function(this, 'IndexRewrite', {
      comment: 'Serve /path/ and /path from /path/index.html',
      code: cloudfront.FunctionCode.fromInline(INDEX_REWRITE_CODE),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });

    const apiCache = new cloudfront.CachePolicy(this, 'ApiCache', {
      comment: 'tuquan /api/*: nothing cached unless the API answers with Cache-Control',
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.days(1),
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList(...API_CACHE_KEY_HEADERS),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const apiRequest = new cloudfront.OriginRequestPolicy(this, 'ApiRequest', {
      comment: 'tuquan /api/*: the headers the API reads; the viewer address only for in-memory rate limits',
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(...API_FORWARDED_HEADERS),
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
    });

    const apiBehavior: cloudfront.BehaviorOptions = {
      origin: new origins.HttpOrigin(api.domainName, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        // A dynamic reference, resolved by CloudFormation at deploy: the value never sits in the template.
        customHeaders: {
          [ORIGIN_HEADER]: api.originSecret.secretValueFromJson(province.originSecretSlot).unsafeUnwrap(),
        },
      }),
      // A redirect would turn a form POST into a GET: plain http is refused instead.
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
      cachePolicy: apiCache,
      originRequestPolicy: apiRequest,
      responseHeadersPolicy: headers,
      compress: true,
    };

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `tuquan ${province.id}`,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: false,
      ...(province.domain
        ? {
            domainNames: [province.domain.name],
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            certificate: acm.Certificate.fromCertificateArn(
              this,
              'Certificate',
              province.domain.certificateArn,
            ),
          }
        : {}),
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: rewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      additionalBehaviors: {
        '/api/*': apiBehavior,
        // Open311 GeoReport v2 for other apps (functions/open311): the same API, origin and policies.
        '/open311/*': apiBehavior,
      },
    });
    this.acknowledgeDistributionRules(province);

    this.runtimeConfig = {
      province: { id: province.id, name: province.name },
      locales: province.locales,
      timeZone: province.timeZone,
      auth: {
        region: Aws.REGION,
        userPoolId: auth.userPool.userPoolId,
        clientId: auth.consoleClient.userPoolClientId,
        signInUrl: auth.domain.baseUrl(),
        callbackUrl: auth.callbackUrl,
      },
    };

    // A role of our own (instead of the singleton's managed basic-execution policy), writing to one log group.
    const deployLogs = new logs.LogGroup(this, 'DeployLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const deployRole = new iam.Role(this, 'DeployRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `tuquan ${province.id}: copies the built site into its bucket`,
    });
    deployLogs.grantWrite(deployRole);
    this.deployment = new s3deploy.BucketDeployment(this, 'Deploy', {
      sources: [
        s3deploy.Source.asset(siteDir, { exclude: ['.build-stamp', PROVINCE_MARK] }),
        s3deploy.Source.jsonData('config.json', this.runtimeConfig),
      ],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      role: deployRole,
      logGroup: deployLogs,
      memoryLimit: 256,
    });
    this.acknowledgeDeploymentRules(deployRole);
  }

  /** BucketDeployment's own grants and its singleton function (CDK's code, not configurable here). */
  private acknowledgeDeploymentRules(deployRole: iam.Role): void {
    const stack = Stack.of(this);
    const qualifier =
      (stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') as string | undefined) ??
      DefaultStackSynthesizer.DEFAULT_QUALIFIER;
    const assets = 'reads the deployment package from the CDK bootstrap asset bucket';
    const site = "replaces the site's files (and prunes old ones) in the site bucket";
    const wildcards: Record<string, string> = {
      'Action::s3:GetObject*': `CDK's BucketDeployment grant: ${assets} and the files in the site bucket.`,
      'Action::s3:GetBucket*': `CDK's BucketDeployment grant: ${assets}.`,
      'Action::s3:List*': `CDK's BucketDeployment grant: ${assets} and lists the site bucket to prune it.`,
      [`Resource::arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-<AWS::AccountId>-<AWS::Region>/*`]: `CDK's BucketDeployment grant: ${assets}, whose object keys are content hashes.`,
      'Action::s3:DeleteObject*': `CDK's BucketDeployment grant: ${site}.`,
      'Action::s3:Abort*': `CDK's BucketDeployment grant: ${site} (multipart uploads).`,
      [`Resource::<${stack.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*`]: `CDK's BucketDeployment grant: ${site}; the bucket holds nothing else.`,
      'Resource::*':
        "CDK's BucketDeployment grants cloudfront:CreateInvalidation and GetInvalidation on *, to invalidate " +
        'this distribution after a deploy; those actions can only drop cached copies.',
    };
    Validations.of(deployRole).acknowledge(
      ...Object.entries(wildcards).map(([finding, reason]) => ({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason,
      })),
    );
    const handler = stack.node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (handler) {
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          "CDK's BucketDeployment singleton picks its own Python runtime and AWS CLI layer; it runs only at deploy.",
      });
    }
  }

  private acknowledgeDistributionRules(province: Province): void {
    const rules = [
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'No geo restriction: residents abroad, officers travelling and relatives report too; abuse is ' +
          'handled by per-client rate limits and proof-of-work challenges, not by country.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The WAF is optional per province (province.waf: a us-east-1 stack of its own, ADR 0008); without ' +
          'it the API throttles each route and the functions rate-limit each client.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          "No access logs on purpose: CloudFront's legacy logs always hold the client IP, and anonymous " +
          'reporting means no IP is stored anywhere. Standard logging v2 could drop the field but must be ' +
          'created in us-east-1; the distribution metrics still count requests and errors.',
      },
    ];
    if (!province.domain) {
      rules.push({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain the distribution uses the *.cloudfront.net certificate, where CloudFront ' +
          'fixes the minimum TLS version; set `domain` in the province config to enforce TLSv1.2_2021.',
      });
    }
    Validations.of(this.distribution).acknowledge(...rules);
  }
}
