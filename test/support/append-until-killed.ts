// Child process for the durability test: appends from 16 concurrent writers and prints each
// acknowledged event id once its append has resolved. The parent kills it with SIGKILL.
import { SqliteEventStore } from '#libs/event-store';
import { anEvent, uniqueStream } from './events.js';

const store = new SqliteEventStore({ file: process.argv[2]! });
const writer = async () => {
  for (;;) {
    const batch = [anEvent('A'), anEvent('B')];
    await store.append(uniqueStream(), batch, 'no_stream');
    process.stdout.write(batch.map((e) => `ack ${e.eventId}\n`).join(''));
  }
};
for (let i = 0; i < 16; i++) void writer();
