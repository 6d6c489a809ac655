import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { TableAction } from '../../functions/routes';
import type { Province } from '../../functions/shared/province';
import { lambdaBundling } from '../bundling';
import type { Data } from './data';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface FunctionsProps {
  /** The table and the secret the functions are bound to. */
  readonly data: Data;
  /** Handed to every function as `TUQUAN_PROVINCE` (JSON); its stage decides whether logs outlive the stack. */
  readonly province: Province;
  /**
   * Folder of the handler modules.
   * @default the repository's `functions/`
   */
  readonly functionsDir?: string;
}

export interface FunctionOptions {
  /** Handler module, relative to `functionsDir`, exporting `handler`. */
  readonly entry: string;
  /** The DynamoDB actions the handler sends, exactly (`[]`: no table access). */
  readonly table: readonly TableAction[];
  /** Reads the receipt/ack-link secret (`TUQUAN_SECRET_ARN`). @default false */
  readonly secret?: boolean;
  /** @default 10 seconds, for HTTP handlers (the HTTP API itself gives up after 30) */
  readonly timeout?: Duration;
  /** @default 512 MB (also buys CPU: the bundle's start-up is CPU-bound) */
  readonly memorySize?: number;
  /** @default - none */
  readonly description?: string;
  /**
   * Concurrent runs kept for this function alone, out of the account's pool (and its ceiling).
   * @default - none: it shares the account's unreserved pool
   */
  readonly reservedConcurrency?: number;
}

/**
 * The one way to make a function: Node.js 22 on arm64, bundled by the local esbuild as minified ESM
 * with source maps, its own log group kept a month, and its environment and least-privilege grants
 * set together in `add`.
 */
export class Functions extends Construct {
  private readonly data: Data;
  private readonly province: Province;
  private readonly functionsDir: string;
  private readonly removalPolicy: RemovalPolicy;
  /** Every function made here with the options it was made with (the grant tests read them). */
  readonly made: { readonly fn: NodejsFunction; readonly options: FunctionOptions }[] = [];

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    this.data = props.data;
    this.province = props.province;
    this.functionsDir = props.functionsDir ?? `${ROOT}functions`;
    this.removalPolicy = props.province.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 on purpose: the toolchain is pinned for Node 20/22 (esbuild target node22, SDK and middy ' +
        'pins), so the bundles are tested for it. Moving to a newer runtime is one line in Functions.',
    });
  }

  /** Makes one function (its log group and role under `id`) and binds table and secret access. */
  add(id: string, options: FunctionOptions): NodejsFunction {
    const group = new Construct(this, id);
    const logGroup = new logs.LogGroup(group, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: this.removalPolicy,
    });
    // A role of its own instead of the AWS-managed basic execution policy: it may write to its own
    // log group and nothing else until a grant below says so.
    const role = new iam.Role(group, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `tuquan ${this.province.id}: ${options.entry}`,
    });
    logGroup.grantWrite(role);

    const environment: Record<string, string> = {
      TUQUAN_TABLE: this.data.table.tableName,
      TUQUAN_PROVINCE: JSON.stringify(this.province),
      NODE_OPTIONS: '--enable-source-maps',
    };
    if (options.secret) environment.TUQUAN_SECRET_ARN = this.data.secret.secretArn;

    const fn = new NodejsFunction(group, 'Function', {
      entry: `${this.functionsDir}/${options.entry}`,
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: options.memorySize ?? 512,
      timeout: options.timeout ?? Duration.seconds(10),
      description: options.description,
      reservedConcurrentExecutions: options.reservedConcurrency,
      role,
      logGroup,
      environment,
      projectRoot: ROOT,
      depsLockFilePath: `${ROOT}package-lock.json`,
      // infra/bundling.ts: the same options the bench and the bundle budgets use.
      bundling: lambdaBundling(),
    });

    this.data.grantTable(role, options.table);
    if (options.secret) this.data.grantSecretRead(role);
    this.made.push({ fn, options });
    return fn;
  }
}
