import { afterAll, describe, expect, it } from 'vitest';
import { projectionOf, TABLE_SCHEMA } from '../../functions/shared/store/schema';
import { demoProvince, one, removeTempDirs, synthProvince } from './support';

const prod = synthProvince({ ...demoProvince(), id: 'data-prod', stage: 'prod' });
const dev = synthProvince({ ...demoProvince(), id: 'data-dev', stage: 'dev' });

const key = (partitionKey: string, sortKey: string) => [
  { AttributeName: partitionKey, KeyType: 'HASH' },
  { AttributeName: sortKey, KeyType: 'RANGE' },
];

afterAll(removeTempDirs);

describe('Data', () => {
  it('builds the one table from TABLE_SCHEMA: keys, indexes, TTL, on demand, PITR, stream, encryption', () => {
    const table = one(prod, 'AWS::DynamoDB::Table');

    const { Tags, DeletionProtectionEnabled, ...properties } = table.Properties;
    expect(properties).toEqual({
      KeySchema: key(TABLE_SCHEMA.partitionKey, TABLE_SCHEMA.sortKey),
      AttributeDefinitions: [
        TABLE_SCHEMA.partitionKey,
        TABLE_SCHEMA.sortKey,
        ...TABLE_SCHEMA.globalIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
      ].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      GlobalSecondaryIndexes: TABLE_SCHEMA.globalIndexes.map((index) => ({
        IndexName: index.name,
        KeySchema: key(index.partitionKey, index.sortKey),
        Projection: { ProjectionType: projectionOf(index) },
      })),
      TimeToLiveSpecification: { AttributeName: TABLE_SCHEMA.ttlAttribute, Enabled: true },
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      StreamSpecification: { StreamViewType: 'KEYS_ONLY' },
      SSESpecification: { SSEEnabled: true },
    });
  });

  it("has the indexes the access patterns query: lists, work queues, the province's reports, retention", () => {
    const table = one(prod, 'AWS::DynamoDB::Table');

    const indexes = (
      table.Properties.GlobalSecondaryIndexes as { IndexName: string; KeySchema: unknown }[]
    ).map((index) => [index.IndexName, index.KeySchema]);

    expect(indexes).toEqual([
      ['gsi1', key('gsi1pk', 'gsi1sk')],
      ['gsi2', key('gsi2pk', 'gsi2sk')],
      ['gsi3', key('gsi3pk', 'gsi3sk')],
      ['gsi4', key('gsi4pk', 'gsi4sk')],
    ]);
  });

  it('projects only keys into the retention index, so that it copies nothing personal', () => {
    const table = one(prod, 'AWS::DynamoDB::Table');

    const projections = (
      table.Properties.GlobalSecondaryIndexes as { IndexName: string; Projection: unknown }[]
    ).map((index) => [index.IndexName, index.Projection]);

    expect(projections).toEqual([
      ['gsi1', { ProjectionType: 'ALL' }],
      ['gsi2', { ProjectionType: 'ALL' }],
      ['gsi3', { ProjectionType: 'ALL' }],
      ['gsi4', { ProjectionType: 'KEYS_ONLY' }],
    ]);
  });

  it('keeps a prod table on stack deletion and protects it from deletion', () => {
    const table = one(prod, 'AWS::DynamoDB::Table');

    expect([
      table.Properties.DeletionProtectionEnabled,
      table.DeletionPolicy,
      table.UpdateReplacePolicy,
    ]).toEqual([true, 'Retain', 'Retain']);
  });

  it('lets a dev table go with the stack', () => {
    const table = one(dev, 'AWS::DynamoDB::Table');

    expect([
      table.Properties.DeletionProtectionEnabled,
      table.DeletionPolicy,
      table.UpdateReplacePolicy,
    ]).toEqual([false, 'Delete', 'Delete']);
  });

  it('generates the receipt secret in Secrets Manager: 64 characters, kept in prod, dropped in dev', () => {
    const receiptSecret = (s: typeof prod) =>
      s.template.toJSON().Resources[s.stack.getLogicalId(s.stack.data.secret.node.defaultChild as never)];
    const prodSecret = receiptSecret(prod);
    const devSecret = receiptSecret(dev);

    expect(prodSecret.Properties.GenerateSecretString).toEqual({
      PasswordLength: 64,
      ExcludePunctuation: true,
      IncludeSpace: false,
    });
    expect([prodSecret.DeletionPolicy, devSecret.DeletionPolicy]).toEqual(['Retain', 'Delete']);
  });
});
