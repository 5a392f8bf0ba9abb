// The operational store contracts against the embedded SQLite adapters: each store over a fresh
// operational database file (WAL, synchronous=FULL, as the server opens it), all closed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from '@jest/globals';
import type Database from 'better-sqlite3';
import { openOperationalDatabase, SqliteCheckpointStore, SqliteDeliveryStore, SqliteIdempotencyStore } from '#libs/operational';
import { checkpointStoreContract } from './checkpoint-store.contract.js';
import { deliveryStoreContract } from './delivery-store.contract.js';
import { idempotencyStoreContract } from './idempotency-store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'tsp-ops-'));
const opened: Database.Database[] = [];
let files = 0;

function fresh(): Database.Database {
  const db = openOperationalDatabase(join(dir, `operational-${++files}.db`));
  opened.push(db);
  return db;
}

afterAll(() => {
  for (const db of opened) db.close();
  rmSync(dir, { recursive: true, force: true });
});

checkpointStoreContract('SQLite', async () => new SqliteCheckpointStore(fresh()));
deliveryStoreContract('SQLite', async () => new SqliteDeliveryStore(fresh()));
idempotencyStoreContract('SQLite', async () => new SqliteIdempotencyStore(fresh()));
