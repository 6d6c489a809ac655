import { Aws, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ROUTES, type RouteDef, routeId } from '../../functions/routes';
import type { Province } from '../../functions/shared/province';
import type { Auth } from './auth';
import type { Functions } from './functions';

/**
 * What the HTTP API writes for each request. Deliberately no `$context.identity.sourceIp`, no
 * `userAgent`, no path (an acknowledge link's token sits in it; the route key has `{token}` instead)
 * and no authorizer claims: anonymous means anonymous, in the access logs too.
 */
const ACCESS_LOG_FIELDS: Readonly<Record<string, string>> = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
  authorizerError: '$context.authorizer.error',
};

interface RouteThrottle {
  /** Requests a second, steady state, summed over every client. */
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/**
 * A route's ceiling at the API: the per-client limit of its kind (the functions enforce that one,
 * per client) times the number of clients allowed at it at once. Past that the API answers 429 for
 * everyone, which caps Lambda concurrency and spend during a flood.
 */
function routeThrottle(
  route: Pick<RouteDef, 'method' | 'path'>,
  limits: Province['rateLimits'],
  peakClients: number,
): RouteThrottle {
  const perMinute =
    route.method === 'GET'
      ? limits.publicGetsPerMinute
      : // Follow-up and the erasure it offers take receipts: both are held to the follow-up limit.
        route.path.startsWith('/api/follow-up')
        ? limits.followUpsPerMinute
        : limits.publicPostsPerMinute;
  const rateLimit = Math.max(1, Math.round(((perMinute * peakClients) / 60) * 100) / 100);
  return { rateLimit, burstLimit: Math.ceil(rateLimit * 2) };
}

export interface ApiProps {
  /** Makes one function per route, with the route's table and secret grants. */
  readonly functions: Functions;
  /** Its user pool and console client back the JWT authorizer of the signed-in routes. */
  readonly auth: Auth;
  /** Its rate limits set each route's throttle; its stage decides whether access logs outlive the stack. */
  readonly province: Province;
  /**
   * The routes to serve, one function each.
   * @default ROUTES from functions/routes.ts
   */
  readonly routes?: readonly RouteDef[];
  /**
   * Clients that may use one route at their own full rate at once before the API throttles the route.
   * @default 20
   */
  readonly peakClients?: number;
}

/**
 * The HTTP API: one function and one route per entry of the route table, throttled per route, with
 * the Cognito JWT authorizer on exactly the signed-in routes and access logs that identify nobody.
 */
export class Api extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** The routes served, one function each. */
  readonly routes: readonly RouteDef[];
  /** The function behind each route, by route key ('GET /api/health'). */
  readonly routeFunctions: ReadonlyMap<string, NodejsFunction>;
  /** The execute-api host name, for CloudFront's origin (no scheme, no path). */
  readonly domainName: string;
  /**
   * Proof that a request came through the province's CloudFront: `{"a": …, "b": …}`; CloudFront sends
   * one slot's value in the `x-origin-verify` header, every route function accepts both (ADR 0014).
   */
  readonly originSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const routes = props.routes ?? ROUTES;
    this.routes = routes;
    const peakClients = props.peakClients ?? 20;

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      apiName: `tuquan-${props.province.id}`,
      description: `tuquan ${props.province.name.en}: the public and officer API behind CloudFront's /api/*`,
      // The stage is made below, with throttles and access logs.
      createDefaultStage: false,
    });
    this.domainName = `${this.httpApi.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;

    const authorizer = new HttpUserPoolAuthorizer('Cognito', props.auth.userPool, {
      userPoolClients: [props.auth.consoleClient],
      identitySource: ['$request.header.Authorization'],
    });

    this.originSecret = new secretsmanager.Secret(this, 'OriginSecret', {
      description: `tuquan ${props.province.id}: the header value CloudFront adds to every /api/* request`,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({}),
        generateStringKey: 'a',
        passwordLength: 64,
        excludePunctuation: true,
        includeSpace: false,
      },
      // Nothing to keep: a new stack makes a new secret and sends it from its own distribution.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.originSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotated by hand without downtime (docs/deploy.md): write the new value in the slot CloudFront does not send, ' +
        'wait five minutes, then deploy with originSecretSlot switched. Automatic rotation would change the slot ' +
        'CloudFront sends before the distribution is updated.',
    });

    const functions = new Map<string, NodejsFunction>();
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    const created: apigw.HttpRoute[] = [];
    for (const route of routes) {
      if (!route.path.startsWith('/api/') && !route.path.startsWith('/open311/')) {
        throw new Error(
          `Route ${route.method} ${route.path}: only /api/* and /open311/* reach the API through CloudFront`,
        );
      }
      const name = routeId(route);
      const key = `${route.method} ${route.path}`;
      const fn = props.functions.add(name, {
        entry: route.entry,
        table: route.table,
        secret: route.secret ?? false,
        description: key,
      });
      // Every route refuses a request that skipped CloudFront (the execute-api address answers anyone).
      fn.addEnvironment('TUQUAN_ORIGIN_SECRET_ARN', this.originSecret.secretArn);
      this.originSecret.grantRead(fn);
      functions.set(key, fn);
      const signedIn = route.auth === 'signed-in';
      const [httpRoute] = this.httpApi.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${name}Integration`, fn),
        ...(signedIn ? { authorizer } : {}),
      });
      if (!httpRoute) throw new Error(`No route made for ${key}`);
      created.push(httpRoute);
      if (!signedIn) {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${key} is public by contract (api.md): residents use it without an account; it is throttled per route and rate-limited per client.`,
        });
      }
      const throttle = routeThrottle(route, props.province.rateLimits, peakClients);
      routeSettings[key] = {
        ThrottlingRateLimit: throttle.rateLimit,
        ThrottlingBurstLimit: throttle.burstLimit,
      };
    }
    this.routeFunctions = functions;

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.province.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const fallback = routeThrottle({ method: 'GET', path: '/api/' }, props.province.rateLimits, peakClients);
    this.stage = new apigw.HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: fallback,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    const cfnStage = this.stage.node.defaultChild as apigw.CfnStage;
    cfnStage.routeSettings = routeSettings;
    // Route settings name routes by key; CloudFormation refuses them until the routes exist.
    for (const route of created) this.stage.node.addDependency(route);
  }

  /** 5xx answers of the API (a function that failed or timed out, or the API itself). */
  metricServerErrors(options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricServerError(options);
  }
}
