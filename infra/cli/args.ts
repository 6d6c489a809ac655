/** The CLI's flags: `--name value` or `--name=value`, booleans bare, one positional folder. */
export interface CliArgs {
  province?: string;
  folder?: string;
  partial: boolean;
  check: boolean;
  help: boolean;
  endpoint?: string;
  table?: string;
  region?: string;
  profile?: string;
  aws: boolean;
}

const VALUED = ['province', 'endpoint', 'table', 'region', 'profile'] as const;
const BOOLEAN = ['partial', 'check', 'help', 'aws'] as const;

export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { partial: false, check: false, help: false, aws: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h') {
      args.help = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      if (args.folder !== undefined) throw new Error(`one folder only (got "${args.folder}" and "${arg}")`);
      args.folder = arg;
      continue;
    }
    const [name = '', inline] = arg.slice(2).split(/=(.*)/s, 2);
    if ((BOOLEAN as readonly string[]).includes(name)) {
      if (inline !== undefined) throw new Error(`--${name} takes no value`);
      args[name as (typeof BOOLEAN)[number]] = true;
    } else if ((VALUED as readonly string[]).includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '' || value.startsWith('--'))
        throw new Error(`--${name} needs a value`);
      args[name as (typeof VALUED)[number]] = value;
    } else throw new Error(`unknown option --${name}`);
  }
  return args;
}
