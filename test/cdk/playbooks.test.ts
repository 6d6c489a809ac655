import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { afterAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/routes';
import { apiRoutes, demoProvince, removeTempDirs, statementsOf, synthProvince } from './support';

const real = synthProvince(demoProvince());
const SHOW = 'GET /api/officer/playbooks';
const TICK = 'POST /api/officer/reports/{id}/steps';

afterAll(removeTempDirs);

const dynamoActions = (key: string) => {
  const fn = real.stack.api.routeFunctions.get(key) as NodejsFunction;
  return statementsOf(real, fn)
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
    .filter((a: string) => a.startsWith('dynamodb:'))
    .sort();
};

describe('the playbook routes', () => {
  it('are routes of the API behind the JWT authorizer, served by the playbooks and cases folders', () => {
    const routes = apiRoutes(real);

    expect(routes.filter((r) => r.RouteKey === SHOW || r.RouteKey === TICK)).toEqual([
      expect.objectContaining({ RouteKey: SHOW, AuthorizationType: 'JWT' }),
      expect.objectContaining({ RouteKey: TICK, AuthorizationType: 'JWT' }),
    ]);
    expect(ROUTES.filter((r) => [SHOW, TICK].includes(`${r.method} ${r.path}`))).toEqual([
      {
        method: 'GET',
        path: '/api/officer/playbooks',
        entry: 'playbooks/show.handler.ts',
        table: ['GetItem', 'Query', 'UpdateItem'],
        auth: 'signed-in',
      },
      {
        method: 'POST',
        path: '/api/officer/reports/{id}/steps',
        entry: 'cases/steps.handler.ts',
        table: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem'],
        auth: 'signed-in',
      },
    ]);
  });

  it('grant the playbook read nothing it does not send, and the tick no delete and no receipt secret', () => {
    const fn = real.stack.api.routeFunctions.get(TICK) as NodejsFunction;
    const receiptSecret = JSON.stringify(real.resolve(real.stack.data.secret.secretArn));

    expect(dynamoActions(SHOW)).toEqual(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    expect(dynamoActions(TICK)).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(statementsOf(real, fn).filter((s) => JSON.stringify(s.Resource).includes(receiptSecret))).toEqual(
      [],
    );
  });
});
