import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { afterAll, describe, expect, it } from 'vitest';
import { ROUTES, type RouteDef } from '../../functions/routes';
import { demoProvince, one, removeTempDirs, type Synthesized, statementsOf, synthProvince } from './support';

const real = synthProvince(demoProvince());

/**
 * Written out here, not imported: every action a function may be granted, in the order a grant lists
 * them. A Scan, a batch write, a transaction or a stream read creeping into a grant must fail a test.
 */
const GRANTABLE = ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'];
const READS = ['GetItem', 'BatchGetItem', 'Query'];

const iamActions = (actions: readonly string[]) =>
  GRANTABLE.filter((action) => actions.includes(action)).map((action) => `dynamodb:${action}`);

/** A route table as the later issues will make it: signed-in routes, writes, the secret, follow-up. */
const SYNTHETIC: readonly RouteDef[] = [
  { method: 'GET', path: '/api/health', entry: 'health/health.handler.ts', table: [], auth: 'public' },
  {
    method: 'POST',
    path: '/api/reports',
    entry: 'health/health.handler.ts',
    table: ['DeleteItem', 'PutItem', 'GetItem'],
    auth: 'public',
    secret: true,
  },
  {
    method: 'POST',
    path: '/api/follow-up',
    entry: 'health/health.handler.ts',
    table: ['Query'],
    auth: 'public',
    secret: true,
  },
  {
    method: 'GET',
    path: '/api/officer/reports',
    entry: 'health/health.handler.ts',
    table: ['GetItem', 'BatchGetItem', 'Query'],
    auth: 'signed-in',
  },
  {
    method: 'POST',
    path: '/api/officer/reports/{id}/status',
    entry: 'health/health.handler.ts',
    table: ['UpdateItem'],
    auth: 'signed-in',
  },
];
const synthetic = synthProvince({ ...demoProvince(), id: 'api-synthetic' }, { routes: SYNTHETIC });

interface RouteResource {
  Properties: { RouteKey: string; AuthorizationType: string; AuthorizerId?: unknown };
}

function routesByKey(s: Synthesized): Record<string, RouteResource['Properties']> {
  const found = Object.values(s.template.findResources('AWS::ApiGatewayV2::Route')) as RouteResource[];
  return Object.fromEntries(found.map((route) => [route.Properties.RouteKey, route.Properties]));
}

function authorizerRef(s: Synthesized): unknown {
  const ids = Object.keys(s.template.findResources('AWS::ApiGatewayV2::Authorizer'));
  expect(ids).toHaveLength(1);
  return { Ref: ids[0] };
}

function expectedAuthorization(s: Synthesized, routes: readonly RouteDef[]) {
  return Object.fromEntries(
    routes.map((route) => [
      `${route.method} ${route.path}`,
      route.auth === 'signed-in'
        ? { AuthorizationType: 'JWT', AuthorizerId: authorizerRef(s) }
        : { AuthorizationType: 'NONE' },
    ]),
  );
}

function authorizationOf(s: Synthesized) {
  return Object.fromEntries(
    Object.entries(routesByKey(s)).map(([key, route]) => [
      key,
      route.AuthorizerId === undefined
        ? { AuthorizationType: route.AuthorizationType }
        : { AuthorizationType: route.AuthorizationType, AuthorizerId: route.AuthorizerId },
    ]),
  );
}

/**
 * The statements `cdk synth` writes (cdk.json's minimizePolicies: actions sorted, one action as a
 * string, statements of the same actions merged): logs, the table, the secrets the function reads.
 */
function expectedStatements(s: Synthesized, fn: NodejsFunction, route: RouteDef): unknown[] {
  const tableArn = s.resolve(s.stack.data.table.tableArn);
  const statements: unknown[] = [
    {
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: s.resolve(fn.logGroup.logGroupArn),
    },
  ];
  if (route.table.length > 0) {
    const actions = iamActions(route.table).sort();
    statements.push({
      Effect: 'Allow',
      Action: actions.length === 1 ? actions[0] : actions,
      Resource: [
        tableArn,
        { 'Fn::Join': ['', [tableArn, '/index/gsi1']] },
        { 'Fn::Join': ['', [tableArn, '/index/gsi2']] },
        { 'Fn::Join': ['', [tableArn, '/index/gsi3']] },
        { 'Fn::Join': ['', [tableArn, '/index/gsi4']] },
      ],
    });
  }
  // Every route reads the origin secret (a request that did not come through CloudFront is refused);
  // a `secret` route the receipt secret too.
  const origin = s.resolve(s.stack.api.originSecret.secretArn);
  statements.push({
    Effect: 'Allow',
    Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
    Resource: route.secret ? [origin, s.resolve(s.stack.data.secret.secretArn)] : origin,
  });
  return statements;
}

afterAll(removeTempDirs);

describe('Api', () => {
  it('makes one route per ROUTES entry, and no other', () => {
    const keys = Object.keys(routesByKey(real)).sort();

    expect(keys).toEqual(ROUTES.map((route) => `${route.method} ${route.path}`).sort());
  });

  it("routes the server-rendered forms' posts to public functions of their own, with the secret and the POST throttle", () => {
    const routes = routesByKey(real);
    const stage = one(real, 'AWS::ApiGatewayV2::Stage');
    const env = (key: string) => {
      const fn = real.stack.api.routeFunctions.get(key) as NodejsFunction;
      return real.template.toJSON().Resources[real.stack.getLogicalId(fn.node.defaultChild as never)]
        .Properties.Environment.Variables;
    };

    for (const key of ['POST /api/forms/report', 'POST /api/forms/suggestion']) {
      expect(routes[key]?.AuthorizationType, key).toBe('NONE');
      expect(env(key), key).toHaveProperty('TUQUAN_SECRET_ARN');
      expect(stage.Properties.RouteSettings[key], key).toEqual(
        stage.Properties.RouteSettings['POST /api/reports'],
      );
    }
  });

  it("routes the resident's erasure of contact details to a public function with the secret, an update grant and the follow-up throttle", () => {
    const key = 'POST /api/follow-up/erase-contact';
    const fn = real.stack.api.routeFunctions.get(key) as NodejsFunction;
    const props =
      real.template.toJSON().Resources[real.stack.getLogicalId(fn.node.defaultChild as never)].Properties;
    const stage = one(real, 'AWS::ApiGatewayV2::Stage');
    const tableActions = (statementsOf(real, fn) as { Action: string | string[] }[])
      .flatMap((statement) => [statement.Action].flat())
      .filter((action) => action.startsWith('dynamodb:'));

    expect(routesByKey(real)[key]?.AuthorizationType).toBe('NONE');
    expect(props.Environment.Variables).toHaveProperty('TUQUAN_SECRET_ARN');
    expect(tableActions).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(stage.Properties.RouteSettings[key]).toEqual(
      stage.Properties.RouteSettings['POST /api/follow-up'],
    );
    expect(stage.Properties.RouteSettings[key]).not.toEqual(
      stage.Properties.RouteSettings['POST /api/reports'],
    );
  });

  it('has no local-only route', () => {
    const keys = Object.keys(routesByKey(real));

    expect(keys.filter((key) => key.includes('/_local'))).toEqual([]);
  });

  it('puts the Cognito JWT authorizer on exactly the signed-in routes of ROUTES', () => {
    expect(authorizationOf(real)).toEqual(expectedAuthorization(real, ROUTES));
  });

  it('puts the authorizer on exactly the signed-in routes of any route table', () => {
    expect(authorizationOf(synthetic)).toEqual(expectedAuthorization(synthetic, SYNTHETIC));
  });

  it("checks tokens issued by the province's user pool for the console client", () => {
    const authorizer = one(synthetic, 'AWS::ApiGatewayV2::Authorizer');

    expect(authorizer.Properties).toEqual({
      ApiId: synthetic.resolve(synthetic.stack.api.httpApi.apiId),
      Name: 'Cognito',
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [synthetic.resolve(synthetic.stack.auth.consoleClient.userPoolClientId)],
        Issuer: {
          'Fn::Join': [
            '',
            [
              'https://cognito-idp.',
              { Ref: 'AWS::Region' },
              '.amazonaws.com/',
              synthetic.resolve(synthetic.stack.auth.userPool.userPoolId),
            ],
          ],
        },
      },
    });
  });

  it("grants each function exactly its route's needs: its logs, its route's table actions, the secrets it reads", () => {
    for (const s of [real, synthetic]) {
      const routes = s === real ? ROUTES : SYNTHETIC;
      for (const route of routes) {
        const fn = s.stack.api.routeFunctions.get(`${route.method} ${route.path}`);
        if (!fn) throw new Error(`no function for ${route.method} ${route.path}`);

        expect(statementsOf(s, fn), `${route.method} ${route.path}`).toEqual(
          expectedStatements(s, fn, route),
        );
      }
    }
  });

  it('grants no role of the stack a Scan, a batch write, a transaction or a DynamoDB wildcard', () => {
    const dynamodbActions = Object.values(real.template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
      (policy.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((statement) =>
        [statement.Action].flat().filter((action) => action.startsWith('dynamodb:')),
      ),
    );

    expect(new Set(dynamodbActions)).toEqual(
      new Set([
        ...GRANTABLE.map((action) => `dynamodb:${action}`),
        // The dispatcher's event source, on the table's stream only (test/cdk/notifications.test.ts).
        'dynamodb:ListStreams',
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
      ]),
    );
  });

  it('lets the public GET routes only read the table, and the officer GETs write nothing but updates', () => {
    const writesOf = (auth: RouteDef['auth'], ignored: readonly string[]) =>
      ROUTES.filter((route) => route.method === 'GET' && route.auth === auth).flatMap((route) =>
        route.table.filter((action) => !ignored.includes(action)).map((action) => `${route.path} ${action}`),
      );

    expect(writesOf('public', READS)).toEqual([]);
    // An officer's GET binds the officer to the Cognito user on first use and counts a refusal in the
    // audit log: both one UpdateItem, never a new item or a deletion.
    expect(writesOf('signed-in', [...READS, 'UpdateItem'])).toEqual([]);
  });

  it('throttles each route from the province rate limits: GETs, POSTs and follow-ups apart', () => {
    const stage = one(synthetic, 'AWS::ApiGatewayV2::Stage');

    // Demo limits (per client, a minute): 600 GETs, 60 POSTs, 30 follow-ups; 20 clients at once.
    expect(stage.Properties.RouteSettings).toEqual({
      'GET /api/health': { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
      'POST /api/reports': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      'POST /api/follow-up': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
      'GET /api/officer/reports': { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
      'POST /api/officer/reports/{id}/status': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
    expect(stage.Properties.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: 200,
      ThrottlingBurstLimit: 400,
    });
    expect(stage.Properties.StageName).toBe('$default');
  });

  it('writes access logs in JSON without the client IP or user agent', () => {
    const stage = one(real, 'AWS::ApiGatewayV2::Stage');
    const format: string = stage.Properties.AccessLogSettings.Format;

    expect(format).not.toMatch(/sourceIp|userAgent|identity|\$context\.path/i);
    expect(JSON.parse(format)).toEqual({
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
    });
  });

  it('keeps access logs a month', () => {
    const logicalId = real.stack.getLogicalId(real.stack.api.accessLogs.node.defaultChild as never);
    const logs = real.template.toJSON().Resources[logicalId];

    expect([logs.Properties.RetentionInDays, logs.DeletionPolicy]).toEqual([30, 'Retain']);
  });
});

describe('Functions', () => {
  it('runs every route on Node.js 22, arm64, 512 MB, 10 s, with its own log group and the shared environment', () => {
    const resources = real.template.toJSON().Resources;
    for (const route of ROUTES) {
      const fn = real.stack.api.routeFunctions.get(`${route.method} ${route.path}`) as NodejsFunction;
      const props = resources[real.stack.getLogicalId(fn.node.defaultChild as never)].Properties;

      expect(
        {
          Runtime: props.Runtime,
          Architectures: props.Architectures,
          MemorySize: props.MemorySize,
          Timeout: props.Timeout,
          Handler: props.Handler,
          LoggingConfig: props.LoggingConfig,
          Environment: props.Environment,
          Province: JSON.parse(props.Environment.Variables.TUQUAN_PROVINCE),
        },
        `${route.method} ${route.path}`,
      ).toEqual({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        MemorySize: 512,
        Timeout: 10,
        Handler: 'index.handler',
        LoggingConfig: { LogGroup: real.resolve(fn.logGroup.logGroupName) },
        Environment: {
          Variables: {
            TUQUAN_TABLE: real.resolve(real.stack.data.table.tableName),
            TUQUAN_PROVINCE: expect.any(String),
            NODE_OPTIONS: '--enable-source-maps',
            ...(route.secret ? { TUQUAN_SECRET_ARN: real.resolve(real.stack.data.secret.secretArn) } : {}),
            TUQUAN_ORIGIN_SECRET_ARN: real.resolve(real.stack.api.originSecret.secretArn),
          },
        },
        Province: demoProvince(),
      });
    }
  });

  it('makes the origin secret CloudFront sends: generated, two slots, read by the route functions only', () => {
    const secret =
      real.template.toJSON().Resources[
        real.stack.getLogicalId(real.stack.api.originSecret.node.defaultChild as never)
      ].Properties;
    const readers = Object.values(real.template.findResources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy.Properties.PolicyDocument).includes(
        JSON.stringify(real.resolve(real.stack.api.originSecret.secretArn)),
      ),
    );

    expect(secret.GenerateSecretString).toEqual({
      SecretStringTemplate: '{}',
      GenerateStringKey: 'a',
      PasswordLength: 64,
      ExcludePunctuation: true,
      IncludeSpace: false,
    });
    expect(readers).toHaveLength(ROUTES.length);
  });

  it('hands the secret ARN only to the functions that need the secret', () => {
    const withSecret = SYNTHETIC.filter((route) => {
      const fn = synthetic.stack.api.routeFunctions.get(`${route.method} ${route.path}`) as NodejsFunction;
      const props =
        synthetic.template.toJSON().Resources[synthetic.stack.getLogicalId(fn.node.defaultChild as never)]
          .Properties;
      return 'TUQUAN_SECRET_ARN' in props.Environment.Variables;
    }).map((route) => `${route.method} ${route.path}`);

    expect(withSecret).toEqual(['POST /api/reports', 'POST /api/follow-up']);
  });
});
