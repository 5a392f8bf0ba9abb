// npm run import -- --in <file.ndjson>
// Loads an export (export.ts) into the embedded event log under DATA_DIR, which must be empty.
// Every line is checked first: JSON, the fields and their types, positions strictly increasing,
// each stream's revisions starting at 0 and contiguous, event ids unique. Any bad line refuses
// the whole file with its line number and nothing is imported. Then the events are appended in
// the file's order, preserving streams, revisions, event ids, data and metadata; the store
// assigns positions 1..N in that order (the file's own positions are only checked for order).
import { createReadStream, mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { type NewEvent, SqliteEventStore } from '#libs/event-store';
import { CliError, config, eventLogFile, formatCount, logSource, options, requireFile, runIfMain, say } from './args.js';
import { type Progress, progress } from './progress.js';
import type { ExportLine } from './export.js';

/** Lines appended per transaction (the store's group commit takes what is queued in one turn). */
const CHUNK = 5_000;
const MAX_REPORTED = 10;

interface Line {
  number: number;
  event: ExportLine;
}

async function* linesOf(file: string): AsyncGenerator<{ number: number; text: string }> {
  const input = createReadStream(file, { encoding: 'utf8' });
  const reader = createInterface({ input, crlfDelay: Infinity });
  let number = 0;
  try {
    for await (const text of reader) {
      number++;
      if (text.trim() !== '') yield { number, text };
    }
  } finally {
    reader.close();
    input.destroy();
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** What is wrong with one parsed line on its own; undefined if nothing. */
function shapeProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'not a JSON object';
  if (!isText(value.eventId)) return 'eventId must be a non-empty string';
  if (typeof value.position !== 'string' || !/^\d{1,20}$/.test(value.position)) return 'position must be a decimal string';
  if (!isText(value.streamName)) return 'streamName must be a non-empty string';
  if (!Number.isInteger(value.revision) || (value.revision as number) < 0) return 'revision must be a whole number from 0';
  if (!isText(value.type)) return 'type must be a non-empty string';
  if (!isObject(value.data)) return 'data must be a JSON object';
  const m = value.metadata;
  if (!isObject(m)) return 'metadata must be a JSON object';
  if (!isObject(m.actor) || !isText(m.actor.role) || !isText(m.actor.sub)) return 'metadata.actor must be { role, sub }';
  if (!isText(m.correlationId)) return 'metadata.correlationId must be a non-empty string';
  if (m.causationId !== null && !isText(m.causationId)) return 'metadata.causationId must be a string or null';
  if (typeof m.occurredAt !== 'string' || Number.isNaN(Date.parse(m.occurredAt))) return 'metadata.occurredAt must be an ISO-8601 time';
  if (!Number.isInteger(m.schemaVersion) || (m.schemaVersion as number) < 1) return 'metadata.schemaVersion must be a whole number from 1';
  return undefined;
}

export interface CheckResult {
  events: number;
  problems: string[];
  firstPosition?: bigint;
  lastPosition?: bigint;
}

/** Reads the whole file and reports its problems (the first MAX_REPORTED), each as `line N: what`. */
export async function checkExport(file: string): Promise<CheckResult> {
  const result: CheckResult = { events: 0, problems: [] };
  const revisions = new Map<string, number>();
  const eventIds = new Map<string, number>();
  let previous: bigint | undefined;
  for await (const { number, text } of linesOf(file)) {
    const problem = lineProblem(number, text);
    if (problem) result.problems.push(`line ${number}: ${problem}`);
    if (result.problems.length >= MAX_REPORTED) break;
  }
  return result;

  function lineProblem(number: number, text: string): string | undefined {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return `not valid JSON (${(error as Error).message})`;
    }
    const shape = shapeProblem(value);
    if (shape) return shape;
    // After a bad line, what depends on the lines before (order, revisions, ids) would only echo it.
    if (result.problems.length) return undefined;
    const e = value as unknown as ExportLine;
    const position = BigInt(e.position);
    if (previous !== undefined && position <= previous) return `position ${position} does not come after ${previous}`;
    const expected = (revisions.get(e.streamName) ?? -1) + 1;
    if (e.revision !== expected)
      return expected === 0
        ? `stream ${e.streamName} starts at revision ${e.revision}: an import needs whole streams (export --from 0)`
        : `stream ${e.streamName} has revision ${e.revision} where ${expected} comes next`;
    const seen = eventIds.get(e.eventId);
    if (seen !== undefined) return `eventId ${e.eventId} is already on line ${seen}`;
    previous = position;
    revisions.set(e.streamName, e.revision);
    eventIds.set(e.eventId, number);
    result.events++;
    result.firstPosition ??= position;
    result.lastPosition = position;
    return undefined;
  }
}

async function* chunksOf(file: string): AsyncGenerator<Line[]> {
  let chunk: Line[] = [];
  for await (const { number, text } of linesOf(file)) {
    chunk.push({ number, event: JSON.parse(text) as ExportLine });
    if (chunk.length >= CHUNK) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length) yield chunk;
}

/** Consecutive lines of one stream become one append, expecting the revision before them. */
function appendsOf(chunk: Line[]): Array<{ stream: string; expected: number | 'no_stream'; events: NewEvent[] }> {
  const appends: Array<{ stream: string; expected: number | 'no_stream'; events: NewEvent[] }> = [];
  for (const { event } of chunk) {
    const last = appends[appends.length - 1];
    const newEvent: NewEvent = { eventId: event.eventId, type: event.type, data: event.data, metadata: event.metadata };
    if (last && last.stream === event.streamName) last.events.push(newEvent);
    else appends.push({ stream: event.streamName, expected: event.revision === 0 ? 'no_stream' : event.revision - 1, events: [newEvent] });
  }
  return appends;
}

export interface ImportResult {
  events: number;
  firstPosition?: bigint;
  lastPosition?: bigint;
}

/** Imports `file` into `store`, which must be empty; refuses with CliError and imports nothing when a line is bad. */
export async function importLog(store: SqliteEventStore, file: string, shown?: (events: number) => Progress): Promise<ImportResult> {
  requireFile(file, 'the file to import');
  const head = await store.headPosition();
  if (head > 0n) throw new CliError(`the event log is not empty (${formatCount(head)} events): an import needs an empty one`);
  const checked = await checkExport(file);
  if (checked.problems.length)
    throw new CliError(
      `refused, nothing imported: ${file}\n${checked.problems.join('\n')}${checked.problems.length >= MAX_REPORTED ? '\n(first problems only)' : ''}`,
    );
  const bar = shown?.(checked.events);
  let appended = 0;
  for await (const chunk of chunksOf(file)) {
    try {
      await Promise.all(appendsOf(chunk).map((a) => store.append(a.stream, a.events, a.expected)));
    } catch (error) {
      const imported = await store.headPosition();
      throw new CliError(
        `failed after importing ${formatCount(imported)} events, in lines ${chunk[0]!.number}..${chunk[chunk.length - 1]!.number}: ${(error as Error).message}`,
      );
    }
    appended += chunk.length;
    bar?.update(appended, appended);
  }
  bar?.finish();
  const result: ImportResult = { events: checked.events };
  if (checked.firstPosition !== undefined) result.firstPosition = checked.firstPosition;
  if (checked.lastPosition !== undefined) result.lastPosition = checked.lastPosition;
  return result;
}

async function main(): Promise<void> {
  const args = options('npm run import -- --in <file.ndjson>', { in: { description: 'the NDJSON export to load', required: true } });
  const settings = config();
  if (settings.eventStoreUrl) throw new CliError('EVENTSTORE_URL is set: import loads the embedded event log under DATA_DIR only; unset it');
  requireFile(args.in, 'the file to import');
  mkdirSync(settings.dataDir, { recursive: true });
  const file = eventLogFile(settings.dataDir);
  say('import', `writing the event log in ${logSource(settings)}`);
  const store = new SqliteEventStore({ file });
  try {
    const result = await importLog(store, args.in, (total) =>
      progress({ label: 'import', total, write: (t) => process.stderr.write(t), tty: Boolean(process.stderr.isTTY) }),
    );
    if (result.events === 0) process.stdout.write(`${args.in} holds no events; nothing imported\n`);
    else
      process.stdout.write(
        `imported ${formatCount(result.events)} events into ${file}\n` +
          `positions 1..${result.events} in the file's order (the file's positions ${result.firstPosition}..${result.lastPosition}: ` +
          'the n-th event of the file is at position n); streams, revisions, event ids and metadata as in the file\n',
      );
  } finally {
    await store.close();
  }
}

runIfMain(import.meta.url, main);
