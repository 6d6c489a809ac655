import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { afterAll, describe, expect, it } from 'vitest';
import { apiRoutes, demoProvince, removeTempDirs, statementsOf, synthProvince } from './support';

const real = synthProvince(demoProvince());

afterAll(removeTempDirs);

const KEYS = [
  'POST /api/officer/patrols',
  'GET /api/officer/patrols',
  'POST /api/officer/reports/{id}/spot',
  'POST /api/officer/risk-spots',
  'GET /api/officer/risk-spots',
];

/** The table actions a route's function is granted, in the order of its policy. */
function tableActions(key: string): string[] {
  const fn = real.stack.api.routeFunctions.get(key) as NodejsFunction;
  const tableArn = JSON.stringify(real.resolve(real.stack.data.table.tableArn));
  return statementsOf(real, fn)
    .filter((s) => JSON.stringify(s.Resource).includes(tableArn))
    .flatMap((s) => [s.Action].flat() as string[])
    .sort();
}

function environmentOf(key: string): Record<string, unknown> {
  const fn = real.stack.api.routeFunctions.get(key) as NodejsFunction;
  return real.template.toJSON().Resources[real.stack.getLogicalId(fn.node.defaultChild as never)].Properties
    .Environment.Variables;
}

describe('the patrol and risk spot routes', () => {
  it('are routes of the API behind the JWT authorizer, each with its own function', () => {
    const routes = apiRoutes(real).filter((r) => KEYS.includes(r.RouteKey));

    expect(routes.map((r) => [r.RouteKey, r.AuthorizationType]).sort()).toEqual(
      KEYS.map((k) => [k, 'JWT']).sort(),
    );
    expect(new Set(KEYS.map((k) => real.stack.api.routeFunctions.get(k))).size).toBe(KEYS.length);
  });

  it('are granted what they write and read, never a Scan, and only the patrol log gets the secret', () => {
    expect(Object.fromEntries(KEYS.map((k) => [k, tableActions(k)]))).toEqual({
      'POST /api/officer/patrols': [
        'dynamodb:BatchGetItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ],
      'GET /api/officer/patrols': [
        'dynamodb:BatchGetItem',
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ],
      'POST /api/officer/reports/{id}/spot': ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
      'POST /api/officer/risk-spots': [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ],
      'GET /api/officer/risk-spots': ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    });
    expect(KEYS.map((k) => 'TUQUAN_SECRET_ARN' in environmentOf(k))).toEqual([
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});
