// What the CLIs share: their options (node:util parseArgs, strict: unknown options are errors),
// the configuration and the data directory they work on, and one way to fail: a message on
// stderr and a non-zero exit code, never a stack trace for a mistake the operator can fix.
import { parseArgs } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Config, JWT_SECRET_FILE, loadConfig } from '#libs/platform';
import { EVENT_LOG_FILE } from '#libs/shell';

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
  /** A switch without a value (`--console`): 'true' when given. */
  flag?: boolean;
}

/** `--name value` options, every one a string, and `--name` switches ('true' when given). */
export function options<K extends string>(usage: string, spec: Record<K, OptionSpec>, argv = process.argv.slice(2)): Record<K, string> {
  const help = `usage: ${usage}\n${Object.entries<OptionSpec>(spec)
    .map(([name, o]) => `  --${name.padEnd(12)} ${o.description}${o.required ? ' (required)' : o.default !== undefined ? ` (default ${o.default})` : ''}`)
    .join('\n')}`;
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: Object.fromEntries(Object.entries<OptionSpec>(spec).map(([k, o]) => [k, { type: o.flag ? 'boolean' : 'string' }])),
    }).values;
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${help}`, 2);
  }
  const out = {} as Record<K, string>;
  for (const [name, o] of Object.entries<OptionSpec>(spec)) {
    const value = values[name];
    if (value === true) out[name as K] = 'true';
    else if (typeof value === 'string' && value !== '') out[name as K] = value;
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

/** One line on stderr, before the work: where this CLI found what it uses (never a secret). */
export function say(program: string, line: string): void {
  process.stderr.write(`${program}: ${line}\n`);
}

/** Where the API's signing secret is, found by the API's own rule: AUTH_JWT_SECRET, else DATA_DIR's file. */
export function secretSource(settings: { jwtSecret?: string; dataDir: string }): string {
  return settings.jwtSecret ? 'AUTH_JWT_SECRET' : `DATA_DIR=${resolve(settings.dataDir)} (${JWT_SECRET_FILE})`;
}

/**
 * The secret the API verifies tokens with: AUTH_JWT_SECRET (checked by loadConfig as the API
 * checks it), else the file the embedded default keeps under DATA_DIR. Never created here: a
 * secret no server uses would only mint tokens that get 401.
 */
export function apiSecret(settings: { jwtSecret?: string; dataDir: string }): string {
  if (settings.jwtSecret) return settings.jwtSecret;
  const file = join(settings.dataDir, JWT_SECRET_FILE);
  if (!existsSync(file))
    throw new CliError(
      `AUTH_JWT_SECRET is not set and there is no ${resolve(file)}: the API creates that file at its first start. ` +
        'Start it (npm start) with this DATA_DIR, or give this command the DATA_DIR or AUTH_JWT_SECRET the API runs with.',
    );
  const secret = readFileSync(file, 'utf8').trim();
  if (!secret) throw new CliError(`${resolve(file)} is empty: the API cannot verify tokens with it; remove it and restart the API to create a new one`);
  return secret;
}

/** Where the embedded log or EventStoreDB is, by the API's rule (EVENTSTORE_URL, else DATA_DIR). */
export function logSource(settings: { eventStoreUrl?: string; dataDir: string }): string {
  return settings.eventStoreUrl ? 'EventStoreDB (EVENTSTORE_URL)' : `DATA_DIR=${resolve(settings.dataDir)} (${EVENT_LOG_FILE})`;
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
