// What the CLIs share: their options (node:util parseArgs, strict: unknown options are errors),
// the configuration and the data directory they work on, and one way to fail: a message on
// stderr and a non-zero exit code, never a stack trace for a mistake the operator can fix.
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Config, loadConfig } from '#libs/platform';
import { EVENT_LOG_FILE } from '../../api/src/infrastructure/embedded-stores.js';

/** A refusal the operator can act on: printed as it is, exit code 1 (2 for usage). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface OptionSpec {
  description: string;
  required?: boolean;
  default?: string;
}

/** `--name value` options; every one a string. */
export function options<K extends string>(usage: string, spec: Record<K, OptionSpec>, argv = process.argv.slice(2)): Record<K, string> {
  const help = `usage: ${usage}\n${Object.entries<OptionSpec>(spec)
    .map(([name, o]) => `  --${name.padEnd(12)} ${o.description}${o.required ? ' (required)' : o.default !== undefined ? ` (default ${o.default})` : ''}`)
    .join('\n')}`;
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: argv, strict: true, allowPositionals: false, options: Object.fromEntries(Object.keys(spec).map((k) => [k, { type: 'string' }])) }).values;
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${help}`, 2);
  }
  const out = {} as Record<K, string>;
  for (const [name, o] of Object.entries<OptionSpec>(spec)) {
    const value = values[name];
    if (typeof value === 'string' && value !== '') out[name as K] = value;
    else if (o.default !== undefined) out[name as K] = o.default;
    else if (o.required) throw new CliError(`--${name} is required\n${help}`, 2);
  }
  return out;
}

/** The API's configuration from the environment, as the server reads it. */
export function config(): Config {
  const { config, errors } = loadConfig();
  if (errors.length) throw new CliError(errors.map((e) => `config: ${e}`).join('\n'), 2);
  return config;
}

/** The embedded event log's file under DATA_DIR. */
export function eventLogFile(dataDir: string): string {
  return join(dataDir, EVENT_LOG_FILE);
}

export function requireFile(file: string, what: string): string {
  if (!existsSync(file)) throw new CliError(`${what} does not exist: ${file}`);
  return file;
}

export const formatCount = (n: number | bigint) => n.toLocaleString('en-US');

/** Runs `main` when this module is the program (not when a test imports it). */
export function runIfMain(moduleUrl: string, main: () => Promise<void>): void {
  if (!process.argv[1] || pathToFileURL(process.argv[1]).href !== moduleUrl) return;
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      if (error instanceof CliError) {
        process.stderr.write(`${error.message}\n`);
        process.exit(error.exitCode);
      }
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
