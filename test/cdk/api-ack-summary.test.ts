import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { afterAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/routes';
import { apiRoutes, demoProvince, removeTempDirs, statementsOf, synthProvince } from './support';

const real = synthProvince(demoProvince());
const KEY = 'GET /api/ack/summary/{token}';

afterAll(removeTempDirs);

describe('the summary page route (issue 14)', () => {
  it('is a public GET of the API, beside the acknowledge link it lists', () => {
    const routes = apiRoutes(real);

    expect(routes.filter((r) => r.RouteKey.startsWith('GET /api/ack/'))).toEqual([
      expect.objectContaining({ RouteKey: 'GET /api/ack/{token}', AuthorizationType: 'NONE' }),
      expect.objectContaining({ RouteKey: KEY, AuthorizationType: 'NONE' }),
    ]);
    expect(ROUTES.find((r) => `${r.method} ${r.path}` === KEY)).toMatchObject({
      entry: 'ack/summary.handler.ts',
      auth: 'public',
      secret: true,
    });
  });

  it('may only read items of the table (it changes nothing), and reads the server secret its links are signed with', () => {
    const fn = real.stack.api.routeFunctions.get(KEY) as NodejsFunction;
    const statements = statementsOf(real, fn);
    const tableArn = real.resolve(real.stack.data.table.tableArn);
    const onTable = statements.filter((s) => JSON.stringify(s.Resource).includes(JSON.stringify(tableArn)));
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

    expect(onTable.map((s) => s.Action)).toEqual(['dynamodb:GetItem']);
    expect(actions.filter((a) => a.startsWith('dynamodb:') && a !== 'dynamodb:GetItem')).toEqual([]);
    const secret = real.resolve(real.stack.data.secret.secretArn);
    const readsSecret = statements.some(
      (s) =>
        [s.Action].flat().includes('secretsmanager:GetSecretValue') &&
        [s.Resource].flat().some((r) => JSON.stringify(r) === JSON.stringify(secret)),
    );
    expect(readsSecret).toBe(true);
  });
});
