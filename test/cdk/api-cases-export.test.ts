import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { afterAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/routes';
import { apiRoutes, demoProvince, removeTempDirs, statementsOf, synthProvince } from './support';

const real = synthProvince(demoProvince());
const KEY = 'GET /api/officer/cases.csv';

afterAll(removeTempDirs);

describe("the admin's export of cases", () => {
  it('is a GET of the API behind the JWT authorizer, served by the cases folder', () => {
    const routes = apiRoutes(real);

    expect(routes.filter((r) => r.RouteKey === KEY)).toEqual([
      expect.objectContaining({ RouteKey: KEY, AuthorizationType: 'JWT' }),
    ]);
    expect(ROUTES.find((r) => `${r.method} ${r.path}` === KEY)).toEqual({
      method: 'GET',
      path: '/api/officer/cases.csv',
      entry: 'cases/export.handler.ts',
      table: ['GetItem', 'Query', 'UpdateItem'],
      auth: 'signed-in',
    });
  });

  it('reads the table and updates only (officer binding, audit), and never reads the receipt secret', () => {
    const fn = real.stack.api.routeFunctions.get(KEY) as NodejsFunction;
    const statements = statementsOf(real, fn);
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    const receiptSecret = JSON.stringify(real.resolve(real.stack.data.secret.secretArn));

    expect(actions.filter((a) => a.startsWith('dynamodb:')).sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(statements.filter((s) => JSON.stringify(s.Resource).includes(receiptSecret))).toEqual([]);
  });
});
