// npm run replay -- --projection <name|all> [--url http://localhost:3000]
// Rebuilds read models from the log in the running API (blue/green: the pages keep answering
// from the current read models until the rebuilt ones have caught up, then switch to them). The
// API keeps the embedded read models in its memory, so the rebuild happens there: this asks for
// it as an admin (a token minted with the configured secret, AUTH_JWT_SECRET or the secret file
// under DATA_DIR) and shows its progress: a bar with events/s, events left and time left on a
// terminal, a plain line a second otherwise (logs, CI).
import { SystemClock, tokenSigner } from '#libs/platform';
import { PROJECTIONS } from '#libs/read-models';
import { apiSecret, CliError, config, formatCount, options, runIfMain, say, secretSource } from './args.js';

export interface ReplayProgress {
  replayId: string;
  projections: string[];
  status: 'RUNNING' | 'SWITCHED' | 'FAILED';
  eventsApplied: number;
  eventsLeft: number;
  eventsPerSecond: number;
  secondsLeft: number | null;
  error?: string;
}

export interface ReplayCommand {
  url: string;
  projection: string;
  /** A fresh admin bearer token for each request (a long replay outlives one). */
  token: () => string;
  write: (text: string) => void;
  /** A terminal: one bar redrawn in place; otherwise a line per `lineEveryMs`. */
  tty: boolean;
  pollMs?: number;
  lineEveryMs?: number;
}

const BAR_WIDTH = 30;

function duration(seconds: number | null): string {
  if (seconds === null) return '?';
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m} min ${seconds % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

const fraction = (p: ReplayProgress) =>
  p.status === 'SWITCHED' ? 1 : p.eventsApplied + p.eventsLeft === 0 ? 0 : p.eventsApplied / (p.eventsApplied + p.eventsLeft);

/** `[#########.....]  45%  45,000 events  9,800 events/s  55,000 left  ~6 s left` */
export function progressBar(p: ReplayProgress): string {
  const done = Math.round(fraction(p) * BAR_WIDTH);
  const percent = `${Math.floor(fraction(p) * 100)}%`.padStart(4);
  return `[${'#'.repeat(done)}${'.'.repeat(BAR_WIDTH - done)}] ${percent}  ${formatCount(p.eventsApplied)} events  ${formatCount(p.eventsPerSecond)} events/s  ${formatCount(p.eventsLeft)} left  ~${duration(p.secondsLeft)} left`;
}

/** `replay 3f2c…: 45,000 events applied, 9,800 events/s, 55,000 left, about 6 s left` */
export function progressLine(p: ReplayProgress): string {
  return `replay ${p.replayId}: ${formatCount(p.eventsApplied)} events applied, ${formatCount(p.eventsPerSecond)} events/s, ${formatCount(p.eventsLeft)} left, about ${duration(p.secondsLeft)} left`;
}

async function call(
  command: ReplayCommand,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> /* eslint-disable-line @typescript-eslint/no-explicit-any -- the server's JSON, read field by field below */ {
  let response: Response;
  try {
    response = await fetch(new URL(path, command.url), {
      method,
      headers: { authorization: `Bearer ${command.token()}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new CliError(`cannot reach the API at ${command.url} (${(error as Error).message}); start it, or pass --url`);
  }
  const text = await response.text();
  let parsed: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- the server's JSON
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed };
}

/** Starts the replay and follows it to its end; resolves with the last progress, rejects with CliError if it failed. */
export async function replay(command: ReplayCommand): Promise<ReplayProgress> {
  const started = await call(command, 'POST', '/v1/admin/read-models/replays', { projection: command.projection });
  if (started.status !== 202) throw new CliError(`the API refused the replay (HTTP ${started.status}): ${started.body?.detail ?? 'no detail'}`);
  let progress = started.body as ReplayProgress;
  command.write(`replay ${progress.replayId} of ${progress.projections.join(', ')} started\n`);
  const began = performance.now();
  let lastLine = -Infinity;
  for (;;) {
    if (command.tty) command.write(`\r\x1b[2K${progressBar(progress)}`);
    else if (progress.status !== 'RUNNING' || performance.now() - lastLine >= (command.lineEveryMs ?? 1_000)) {
      command.write(`${progressLine(progress)}\n`);
      lastLine = performance.now();
    }
    if (progress.status !== 'RUNNING') break;
    await new Promise((resolve) => setTimeout(resolve, command.pollMs ?? 250));
    const got = await call(command, 'GET', `/v1/admin/read-models/replays/${progress.replayId}`);
    if (got.status !== 200) throw new CliError(`lost the replay (HTTP ${got.status}): ${got.body?.detail ?? 'no detail'}; did the API restart?`);
    progress = got.body as ReplayProgress;
  }
  if (command.tty) command.write('\n');
  if (progress.status === 'FAILED')
    throw new CliError(`replay ${progress.replayId} failed: ${progress.error ?? 'no detail'}; the read models in use did not change`);
  const seconds = ((performance.now() - began) / 1_000).toFixed(1);
  command.write(`switched: the pages read the rebuilt ${progress.projections.join(', ')} (${formatCount(progress.eventsApplied)} events in ${seconds} s)\n`);
  return progress;
}

export { apiSecret } from './args.js';

async function main(): Promise<void> {
  const settings = config();
  const args = options('npm run replay -- --projection <name|all> [--url <api>]', {
    projection: { description: `the read model to rebuild: ${PROJECTIONS.map((p) => p.name).join(', ')}, or all`, required: true },
    url: { description: 'the running API', default: `http://localhost:${settings.port}` },
  });
  const secret = apiSecret(settings);
  say('replay', `using secret from ${secretSource(settings)}`);
  const sign = tokenSigner(secret, new SystemClock(settings.clockOffsetMs));
  await replay({
    url: args.url,
    projection: args.projection,
    token: () => sign({ role: 'admin', sub: 'replay-cli' }, 300),
    write: (text) => process.stdout.write(text),
    tty: Boolean(process.stdout.isTTY),
  });
}

runIfMain(import.meta.url, main);
