// A stand-in for the parts of the MongoDB driver the production adapters call (MongoReadStore,
// MongoLease, the operational stores), built on mingo, which evaluates filters and updates as
// MongoDB documents them. It is NOT MongoDB: it lets a unit test run the adapters' own logic
// (fencing, guards, retries) against a store that keeps state, counts the writes, and throws the
// errors a server would (a duplicate key on an upsert, a TransientTransactionError injected by the
// test). Transactions run one at a time and roll back by restoring the collections as they were at
// their start; the session's withTransaction runs its callback ONCE (no retry of its own), so a
// retry seen in a test is the adapter's. What only a server shows (real concurrency, write
// concerns, elections) is left to test/integration.
import { find, update, updateOne } from 'mingo';
import { type Db, type Document, MongoBulkWriteError, MongoServerError, type MongoClient } from 'mongodb';

export type Doc = Record<string, unknown> & { _id?: unknown };
export type UpdateSpec = Document | Document[];
type Sort = Record<string, 1 | -1>;

export interface WriteRecord {
  collection: string;
  op: string;
  /** Inside a transaction that later committed (true), aborted (false), or outside one (undefined). */
  committed?: boolean;
}

/** Decides whether an operation fails: return an error to throw it instead of running the operation. */
export type Fault = (op: { collection: string; method: string; inTransaction: boolean }) => Error | undefined;

const copy = <T>(value: T): T => structuredClone(value);

export const duplicateKey = (id: unknown) =>
  new MongoServerError({ message: `E11000 duplicate key error collection index: _id_ dup key: { _id: ${JSON.stringify(id)} }`, code: 11000 });

/** An error as the driver raises it with a label (e.g. TransientTransactionError on a stepdown mid-transaction). */
export function labelled(message: string, label: string, code = 91): MongoServerError {
  const error = new MongoServerError({ message, code, errorLabels: [label] } as never);
  return error;
}

/** Updates `doc` in place (mingo may answer a pipeline update with a new object). */
export function apply(doc: Doc, spec: UpdateSpec): void {
  if (!Array.isArray(spec)) return void update(doc, spec as never);
  const replaced = [copy(doc)];
  updateOne(replaced, {}, spec as never);
  for (const field of Object.keys(doc)) delete doc[field];
  Object.assign(doc, replaced[0]);
}

/** What an upsert that matched nothing inserts first: the filter's top-level equalities. */
export function upsertBase(filter: Document): Doc {
  const base: Doc = {};
  for (const [field, value] of Object.entries(filter)) {
    const operator = value !== null && typeof value === 'object' && !(value instanceof Date) && Object.keys(value).some((k) => k.startsWith('$'));
    if (!field.startsWith('$') && !operator) base[field] = copy(value);
  }
  return base;
}

export class FakeCollection {
  docs: Doc[] = [];

  constructor(
    readonly name: string,
    private readonly mongo: FakeMongo,
  ) {}

  private matching(filter: Document, sort?: Sort): Doc[] {
    const cursor = find(this.docs, filter as never);
    return (sort ? cursor.sort(sort) : cursor).all() as Doc[];
  }

  private async io(method: string, options?: { session?: unknown }): Promise<void> {
    // A microtask, not setImmediate: concurrent calls still interleave, and tests on fake timers need no real turn of the loop.
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    this.mongo.reads += method.startsWith('find') || method === 'countDocuments' ? 1 : 0;
    const fault = this.mongo.fault?.({ collection: this.name, method, inTransaction: options?.session !== undefined });
    if (fault) throw fault;
  }

  private wrote(op: string, options?: { session?: unknown }): void {
    const record: WriteRecord = { collection: this.name, op };
    if (options?.session) (options.session as FakeSession).records.push(record);
    this.mongo.writes.push(record);
  }

  async findOne(filter: Document, options: { sort?: Sort } = {}): Promise<Doc | null> {
    await this.io('findOne');
    const first = this.matching(filter, options.sort)[0];
    return first ? copy(first) : null;
  }

  find(filter: Document, options: { sort?: Sort; limit?: number } = {}) {
    let sort = options.sort;
    let limit = options.limit ?? 0;
    const cursor = {
      sort: (s: Sort) => ((sort = s), cursor),
      limit: (n: number) => ((limit = n), cursor),
      toArray: async () => {
        await this.io('find');
        const all = this.matching(filter, sort).map(copy);
        return limit > 0 ? all.slice(0, limit) : all;
      },
    };
    return cursor;
  }

  async countDocuments(filter: Document): Promise<number> {
    await this.io('countDocuments');
    return this.matching(filter).length;
  }

  private upsertOne(filter: Document, spec: UpdateSpec, upsert: boolean): { doc?: Doc; matched: number } {
    const target = this.matching(filter)[0];
    if (target) {
      apply(target, spec);
      return { doc: target, matched: 1 };
    }
    if (!upsert) return { matched: 0 };
    const doc = upsertBase(filter);
    apply(doc, spec);
    if (this.docs.some((d) => d._id === doc._id)) throw duplicateKey(doc._id);
    this.docs.push(doc);
    return { doc, matched: 0 };
  }

  async updateOne(filter: Document, spec: UpdateSpec, options: { upsert?: boolean; session?: unknown } = {}) {
    await this.io('updateOne', options);
    const { matched } = this.upsertOne(filter, spec, options.upsert === true);
    this.wrote('updateOne', options);
    return { matchedCount: matched, modifiedCount: matched };
  }

  async updateMany(filter: Document, spec: UpdateSpec, options: { session?: unknown } = {}) {
    await this.io('updateMany', options);
    const targets = this.matching(filter);
    for (const doc of targets) apply(doc, spec);
    this.wrote('updateMany', options);
    return { matchedCount: targets.length, modifiedCount: targets.length };
  }

  async findOneAndUpdate(filter: Document, spec: UpdateSpec, options: { upsert?: boolean; session?: unknown } = {}) {
    await this.io('findOneAndUpdate', options);
    const { doc } = this.upsertOne(filter, spec, options.upsert === true);
    this.wrote('findOneAndUpdate', options);
    return doc ? copy(doc) : null;
  }

  async insertMany(docs: Doc[], options: { ordered?: boolean; session?: unknown } = {}) {
    await this.io('insertMany', options);
    const writeErrors: Document[] = [];
    let insertedCount = 0;
    for (const [index, doc] of docs.entries()) {
      if (this.docs.some((d) => d._id === doc._id)) {
        writeErrors.push({ index, code: 11000, errmsg: duplicateKey(doc._id).message });
        if (options.ordered !== false) break;
      } else {
        this.docs.push(copy(doc));
        insertedCount++;
      }
    }
    this.wrote('insertMany', options);
    if (writeErrors.length)
      throw new MongoBulkWriteError({ message: 'E11000', code: 11000, writeErrors: writeErrors as never }, {
        insertedCount,
        getWriteConcernError: () => undefined,
      } as never);
    return { insertedCount };
  }

  /** replaceOne (with upsert) and deleteOne, ordered: stops at the first error, as the driver's ordered bulk does. */
  async bulkWrite(operations: Document[], options: { ordered?: boolean; session?: unknown } = {}) {
    await this.io('bulkWrite', options);
    for (const [index, operation] of operations.entries()) {
      if (operation.replaceOne) {
        const { filter, replacement, upsert } = operation.replaceOne as { filter: Document; replacement: Doc; upsert?: boolean };
        const target = this.matching(filter)[0];
        if (target) this.docs[this.docs.indexOf(target)] = copy(replacement);
        else if (upsert) {
          if (this.docs.some((d) => d._id === replacement._id))
            throw new MongoBulkWriteError(
              { message: 'E11000', code: 11000, writeErrors: [{ index, code: 11000, errmsg: duplicateKey(replacement._id).message }] as never },
              {} as never,
            );
          this.docs.push(copy(replacement));
        }
      } else if (operation.deleteOne) {
        const target = this.matching((operation.deleteOne as { filter: Document }).filter)[0];
        if (target) this.docs.splice(this.docs.indexOf(target), 1);
      } else throw new Error(`the fake bulkWrite does not know ${Object.keys(operation)[0]}`);
      this.wrote(Object.keys(operation)[0]!, options);
    }
    return {};
  }

  async deleteMany(filter: Document) {
    await this.io('deleteMany');
    const targets = this.matching(filter);
    this.docs = this.docs.filter((d) => !targets.includes(d));
    return { deletedCount: targets.length };
  }

  async createIndexes(specs: Document[]): Promise<string[]> {
    await this.io('createIndexes');
    return specs.map((s, i) => (s.name as string) ?? `index_${i}`);
  }
}

class FakeSession {
  readonly records: WriteRecord[] = [];

  constructor(private readonly mongo: FakeMongo) {}

  /** One attempt, serialised with every other transaction; an error rolls back every collection. */
  async withTransaction<T>(callback: () => Promise<T>): Promise<T> {
    const release = await this.mongo.lock();
    const before = new Map([...this.mongo.collections].map(([name, c]) => [name, copy(c.docs)]));
    this.mongo.transactions++;
    try {
      const result = await callback();
      const fault = this.mongo.fault?.({ collection: '', method: 'commitTransaction', inTransaction: true });
      if (fault && !(fault as { afterCommit?: boolean }).afterCommit) throw fault;
      for (const record of this.records) record.committed = true;
      // The commit happened, but its answer is lost (a stepdown right after): the caller sees an error.
      if (fault) throw fault;
      return result;
    } catch (error) {
      if (!this.records.some((r) => r.committed)) {
        for (const [name, docs] of before) this.mongo.collections.get(name)!.docs = docs;
        for (const [name, c] of this.mongo.collections) if (!before.has(name)) c.docs = [];
        for (const record of this.records) record.committed = false;
      }
      throw error;
    } finally {
      this.records.length = 0;
      release();
    }
  }
}

export class FakeMongo {
  readonly collections = new Map<string, FakeCollection>();
  readonly writes: WriteRecord[] = [];
  reads = 0;
  transactions = 0;
  fault: Fault | undefined;
  private queue: Promise<void> = Promise.resolve();

  collection(name: string): FakeCollection {
    return this.collections.get(name) ?? this.collections.set(name, new FakeCollection(name, this)).get(name)!;
  }

  docs(name: string): Doc[] {
    return this.collection(name).docs;
  }

  async lock(): Promise<() => void> {
    let release!: () => void;
    const previous = this.queue;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    return release;
  }

  /** Writes that count: outside a transaction, or in one that committed. */
  applied(collection: string, op?: string): number {
    return this.writes.filter((w) => w.collection === collection && (op === undefined || w.op === op) && w.committed !== false).length;
  }

  get db(): Db {
    const db = {
      databaseName: 'fake',
      collection: (name: string) => this.collection(name),
      listCollections: () => ({ toArray: async () => [...this.collections.keys()].map((name) => ({ name })) }),
      createCollection: async (name: string) => this.collection(name),
    };
    return db as unknown as Db;
  }

  get client(): MongoClient {
    const client = {
      db: () => this.db,
      withSession: async <T>(fn: (session: FakeSession) => Promise<T>) => fn(new FakeSession(this)),
      close: async () => undefined,
    };
    return client as unknown as MongoClient;
  }
}

/** A fault that throws `error` at the first operation `matches` picks, once. */
export function once(matches: (op: { collection: string; method: string; inTransaction: boolean }) => boolean, error: Error): Fault {
  let fired = false;
  return (op) => {
    if (fired || !matches(op)) return undefined;
    fired = true;
    return error;
  };
}
