import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { TableAction } from '../../functions/routes';
import type { Province } from '../../functions/shared/province';
import { projectionOf, TABLE_SCHEMA } from '../../functions/shared/store/schema';

/**
 * Every action a function may be granted on the table, in the order a grant lists them. No Scan, no
 * BatchWriteItem, no transactions, no stream reads (functions/routes.ts, `TableAction`).
 */
const GRANTABLE: readonly TableAction[] = [
  'GetItem',
  'BatchGetItem',
  'Query',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
];

export interface DataProps {
  /**
   * `prod` keeps the table and the secret when the stack is deleted (and turns on deletion protection);
   * `dev` destroys them with the stack.
   */
  readonly stage: Province['stage'];
}

/** The province's one table and the secret that keys receipts and acknowledge links. */
export class Data extends Construct {
  readonly table: dynamodb.Table;
  /** 64 random characters: the HMAC key for receipt hashes and signed acknowledge links. */
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id);
    const prod = props.stage === 'prod';
    const removalPolicy = prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_SCHEMA.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_SCHEMA.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Keys only: the dispatcher reads the report itself, so no report text or contact goes into the stream.
      stream: dynamodb.StreamViewType.KEYS_ONLY,
      timeToLiveAttribute: TABLE_SCHEMA.ttlAttribute,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: prod,
      removalPolicy,
    });
    for (const index of TABLE_SCHEMA.globalIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType:
          projectionOf(index) === 'KEYS_ONLY'
            ? dynamodb.ProjectionType.KEYS_ONLY
            : dynamodb.ProjectionType.ALL,
      });
    }

    this.secret = new secretsmanager.Secret(this, 'ReceiptSecret', {
      description: 'tuquan: HMAC key for receipt hashes and signed acknowledge links',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Not rotated on purpose: only keyed hashes of receipts are stored, so a new key would make every ' +
        'receipt already handed to a resident unverifiable and every acknowledge link already sent by SMS dead. ' +
        'It never leaves Secrets Manager and the functions that need it (RouteDef.secret) read it.',
    });
  }

  /**
   * Grants exactly `actions` (each function's list: functions/routes.ts, Notifications) on the table
   * and on each of its indexes, by name (no `index/*` wildcard). An empty list grants nothing.
   */
  grantTable(grantee: iam.IGrantable, actions: readonly TableAction[]): iam.Grant | undefined {
    const refused = actions.filter((action) => !GRANTABLE.includes(action));
    if (refused.length > 0) {
      throw new Error(`No function may be granted dynamodb:${refused.join(', dynamodb:')} on the table`);
    }
    if (actions.length === 0) return undefined;
    const indexArns = TABLE_SCHEMA.globalIndexes.map((index) => `${this.table.tableArn}/index/${index.name}`);
    return iam.Grant.addToPrincipal({
      grantee,
      actions: GRANTABLE.filter((action) => actions.includes(action)).map((action) => `dynamodb:${action}`),
      resourceArns: [this.table.tableArn, ...indexArns],
    });
  }

  /** Read access to the receipt/ack-link secret (GetSecretValue and DescribeSecret on that one secret). */
  grantSecretRead(grantee: iam.IGrantable): iam.Grant {
    return this.secret.grantRead(grantee);
  }
}
