import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { afterAll, describe, expect, it } from 'vitest';
import { apiRoutes, demoProvince, removeTempDirs, statementsOf, synthProvince } from './support';

const real = synthProvince(demoProvince());

afterAll(removeTempDirs);

/** The table actions a route's function is granted, as IAM names them. */
function tableActions(key: string): string[] {
  const fn = real.stack.api.routeFunctions.get(key) as NodejsFunction;
  const tableArn = JSON.stringify(real.resolve(real.stack.data.table.tableArn));
  return statementsOf(real, fn)
    .filter((s) => JSON.stringify(s.Resource).includes(tableArn))
    .flatMap((s) => [s.Action].flat() as string[])
    .sort();
}

function readsSecret(key: string): boolean {
  const fn = real.stack.api.routeFunctions.get(key) as NodejsFunction;
  const secret = JSON.stringify(real.resolve(real.stack.data.secret.secretArn));
  return statementsOf(real, fn).some(
    (s) =>
      [s.Action].flat().includes('secretsmanager:GetSecretValue') &&
      [s.Resource].flat().some((r) => JSON.stringify(r) === secret),
  );
}

describe('Open311 GeoReport v2 on AWS', () => {
  it('makes the six GeoReport routes public routes of the HTTP API', () => {
    const routes = apiRoutes(real).filter((r) => r.RouteKey.includes(' /open311/'));

    expect(routes.map((r) => [r.RouteKey, r.AuthorizationType]).sort()).toEqual([
      ['GET /open311/v2/discovery.json', 'NONE'],
      ['GET /open311/v2/requests.json', 'NONE'],
      ['GET /open311/v2/requests/{file}', 'NONE'],
      ['GET /open311/v2/services.json', 'NONE'],
      ['GET /open311/v2/services/{file}', 'NONE'],
      ['POST /open311/v2/requests.json', 'NONE'],
    ]);
  });

  it('grants each function only what it sends: the read routes read, the POST files as the intake does', () => {
    expect(tableActions('GET /open311/v2/discovery.json')).toEqual([]);
    expect(tableActions('GET /open311/v2/requests/{file}')).toEqual(['dynamodb:GetItem']);
    expect(tableActions('GET /open311/v2/requests.json')).toEqual(['dynamodb:GetItem']);
    expect(tableActions('POST /open311/v2/requests.json')).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    // Request ids and keys are MACs under the server secret; the catalogue needs none.
    expect(readsSecret('POST /open311/v2/requests.json')).toBe(true);
    expect(readsSecret('GET /open311/v2/requests/{file}')).toBe(true);
    expect(readsSecret('GET /open311/v2/services.json')).toBe(false);
  });

  it('sends /open311/* through CloudFront to the same API origin as /api/*', () => {
    const [distribution] = Object.values(real.template.findResources('AWS::CloudFront::Distribution')) as {
      Properties: {
        DistributionConfig: { CacheBehaviors: { PathPattern: string; TargetOriginId: string }[] };
      };
    }[];
    const behaviors = distribution?.Properties.DistributionConfig.CacheBehaviors ?? [];
    const api = behaviors.find((b) => b.PathPattern === '/api/*');
    const open311 = behaviors.find((b) => b.PathPattern === '/open311/*');

    expect(open311).toEqual({ ...api, PathPattern: '/open311/*' });
  });

  it("names the server secret's ARN among the stack's outputs, for the key CLI", () => {
    const outputs = real.template.findOutputs('ServerSecretArn');

    expect(Object.values(outputs).map((o) => o.Value)).toEqual([
      real.resolve(real.stack.data.secret.secretArn),
    ]);
  });
});
