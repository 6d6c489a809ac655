import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { afterAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/routes';
import { demoProvince, removeTempDirs, synthProvince } from './support';

const real = synthProvince(demoProvince());
const KEY = 'GET /api/areas/all';

afterAll(removeTempDirs);

/** The statements of the policy attached to a route function's role. */
function statementsOf(
  fn: NodejsFunction,
): { Effect: string; Action: string | string[]; Resource: unknown }[] {
  const policy = fn.role?.node.tryFindChild('DefaultPolicy')?.node.defaultChild;
  if (!policy) return [];
  return real.template.toJSON().Resources[real.stack.getLogicalId(policy as never)].Properties.PolicyDocument
    .Statement;
}

describe("the province's places for the site's service worker", () => {
  it('is a public GET of the API beside the place search, with no authorizer', () => {
    const routes = Object.values(real.template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties as { RouteKey: string; AuthorizationType: string },
    );

    expect(routes.filter((r) => r.RouteKey.startsWith('GET /api/areas'))).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ RouteKey: 'GET /api/areas', AuthorizationType: 'NONE' }),
        expect.objectContaining({ RouteKey: KEY, AuthorizationType: 'NONE' }),
      ]),
    );
    expect(ROUTES.find((r) => `${r.method} ${r.path}` === KEY)).toEqual({
      method: 'GET',
      path: '/api/areas/all',
      entry: 'areas/all.handler.ts',
      table: ['GetItem', 'Query'],
      auth: 'public',
    });
  });

  it('may only get and query the table, and is not handed the receipt secret', () => {
    const fn = real.stack.api.routeFunctions.get(KEY) as NodejsFunction;
    const statements = statementsOf(fn);
    const tableArn = JSON.stringify(real.resolve(real.stack.data.table.tableArn));
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

    expect(
      statements
        .filter((s) => JSON.stringify(s.Resource).includes(tableArn))
        .flatMap((s) => [s.Action].flat()),
    ).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    expect(actions.filter((a) => a.startsWith('dynamodb:') && !/^dynamodb:(GetItem|Query)$/.test(a))).toEqual(
      [],
    );
    const env =
      real.template.toJSON().Resources[real.stack.getLogicalId(fn.node.defaultChild as never)].Properties
        .Environment.Variables;
    expect(env).not.toHaveProperty('TUQUAN_SECRET_ARN');
  });
});
