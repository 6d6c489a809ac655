import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { afterAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/routes';
import { apiRoutes, demoProvince, removeTempDirs, statementsOf, synthProvince } from './support';

const real = synthProvince(demoProvince());
const KEY = 'GET /api/areas/all';

afterAll(removeTempDirs);

describe("the province's places for the site's service worker", () => {
  it('is a public GET of the API beside the place search, with no authorizer', () => {
    const routes = apiRoutes(real);

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
    const statements = statementsOf(real, fn);
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
