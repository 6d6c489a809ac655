import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { afterAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/routes';
import { apiRoutes, demoProvince, removeTempDirs, statementsOf, synthProvince } from './support';

const real = synthProvince(demoProvince());
const KEY = 'GET /api/openapi.json';

afterAll(removeTempDirs);

describe('the OpenAPI document of the API', () => {
  it('is a public GET of the API, with no authorizer', () => {
    expect(apiRoutes(real).filter((r) => r.RouteKey === KEY)).toEqual([
      expect.objectContaining({ RouteKey: KEY, AuthorizationType: 'NONE' }),
    ]);
    expect(ROUTES.find((r) => `${r.method} ${r.path}` === KEY)).toEqual({
      method: 'GET',
      path: '/api/openapi.json',
      entry: 'openapi/openapi.handler.ts',
      table: [],
      auth: 'public',
    });
  });

  it('may not touch the table, and reads no secret but the origin check every route has', () => {
    const fn = real.stack.api.routeFunctions.get(KEY) as NodejsFunction;
    const statements = statementsOf(real, fn);
    const originArn = JSON.stringify(real.resolve(real.stack.api.originSecret.secretArn));
    const env =
      real.template.toJSON().Resources[real.stack.getLogicalId(fn.node.defaultChild as never)].Properties
        .Environment.Variables;

    expect(statements.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
    expect(
      statements
        .filter((s) => [s.Action].flat().some((a) => a.startsWith('secretsmanager:')))
        .map((s) => JSON.stringify(s.Resource)),
    ).toEqual([originArn]);
    expect(env).not.toHaveProperty('TUQUAN_SECRET_ARN');
    expect(env).toHaveProperty('TUQUAN_PROVINCE');
  });
});
