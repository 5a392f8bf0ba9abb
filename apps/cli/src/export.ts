// npm run export -- --from <position> --out <file.ndjson>
// Writes the log after `--from` (exclusive) as NDJSON, one event per line, exactly as it was
// written (no upcasting: an export is a copy of the log, and reading it back upcasts as any read
// does): { eventId, position, streamName, revision, type, data, metadata }, position a decimal
// string. Reads the embedded log under DATA_DIR, or EventStoreDB when EVENTSTORE_URL is set. The
// file appears only once complete (written beside it, then renamed).
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { type EventStore, SqliteEventStore, type StoredEvent } from '#libs/event-store';
import { EventStoreDbEventStore } from '#libs/event-store/esdb';
import { CliError, config, eventLogFile, formatCount, logSource, options, requireFile, runIfMain, say } from './args.js';
import type { Progress } from './progress.js';
import { progress } from './progress.js';

const PAGE = 1_000;

/** One line of an export: a stored event as written, its position a decimal string (JSON has no 64-bit integer). */
export type ExportLine = Omit<StoredEvent, 'position'> & { position: string };

export const toExportLine = (e: StoredEvent): ExportLine => ({
  eventId: e.eventId,
  position: String(e.position),
  streamName: e.streamName,
  revision: e.revision,
  type: e.type,
  data: e.data,
  metadata: e.metadata,
});

export interface ExportResult {
  events: number;
  firstPosition?: bigint;
  lastPosition?: bigint;
}

export async function exportLog(store: EventStore, from: bigint, out: string, progress?: Progress): Promise<ExportResult> {
  const partial = `${out}.partial`;
  const file = createWriteStream(partial, { encoding: 'utf8' });
  const result: ExportResult = { events: 0 };
  try {
    for (let position = from; ;) {
      const page = await store.readAll({ fromPosition: position, limit: PAGE });
      if (page.length === 0) break;
      const chunk = page.map((e) => `${JSON.stringify(toExportLine(e))}\n`).join('');
      if (!file.write(chunk)) await once(file, 'drain');
      result.firstPosition ??= page[0]!.position;
      result.lastPosition = page[page.length - 1]!.position;
      result.events += page.length;
      position = result.lastPosition;
      progress?.update(Number(position - from), result.events);
    }
    progress?.finish();
    file.end();
    await once(file, 'finish');
    await rename(partial, out);
    return result;
  } catch (error) {
    file.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}

/** The log to export from, as written (identity upcast). */
export function openLogForExport(settings: { eventStoreUrl?: string; dataDir: string }): EventStore {
  if (settings.eventStoreUrl) return new EventStoreDbEventStore({ connectionString: settings.eventStoreUrl });
  return new SqliteEventStore({ file: requireFile(eventLogFile(settings.dataDir), 'the event log under DATA_DIR') });
}

export function parsePosition(value: string, name: string): bigint {
  if (!/^\d{1,20}$/.test(value)) throw new CliError(`--${name} must be a position (a decimal number), not ${JSON.stringify(value)}`, 2);
  return BigInt(value);
}

async function main(): Promise<void> {
  const args = options('npm run export -- --from <position> --out <file.ndjson>', {
    from: { description: 'export the events after this position', default: '0' },
    out: { description: 'the NDJSON file to write', required: true },
  });
  const settings = config();
  say('export', `reading the event log in ${logSource(settings)}`);
  const store = openLogForExport(settings);
  try {
    const from = parsePosition(args.from, 'from');
    // Positions are gap-free in the embedded log (the share of positions done is the share of
    // events); EventStoreDB's are commit positions, which still grow with the work done.
    const head = await store.headPosition();
    const shown = progress({
      label: 'export',
      total: Number(head > from ? head - from : 0n),
      write: (t) => process.stderr.write(t),
      tty: Boolean(process.stderr.isTTY),
    });
    const result = await exportLog(store, from, args.out, shown);
    const range = result.events ? ` (positions ${result.firstPosition}..${result.lastPosition})` : '';
    const source = settings.eventStoreUrl ? 'EventStoreDB' : eventLogFile(settings.dataDir);
    process.stdout.write(`exported ${formatCount(result.events)} events${range} from ${source} to ${args.out}\n`);
  } finally {
    await store.close();
  }
}

runIfMain(import.meta.url, main);
