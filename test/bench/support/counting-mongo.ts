// An in-memory MongoDB behind the driver's MongoClient/Db/Collection interface (what MongoReadStore
// and the operational Mongo stores call), seen through counting views: each view counts the
// commands its holder sends (one call = one command to the server: a find, a countDocuments, a
// bulkWrite, an updateOne, a transaction's commit). Filters, sorts and counts are evaluated by
// mingo, the reference the embedded engine is tested against. A method the product calls and this
// fake does not know throws, so that a new kind of call cannot go uncounted.
import { Query } from 'mingo';
import { MongoBulkWriteError, MongoServerError, type MongoClient } from 'mongodb';

type Doc = Record<string, unknown> & { _id: unknown };
type Filter = Record<string, unknown>;

export type MongoCall =
  | 'find'
  | 'findOne'
  | 'countDocuments'
  | 'bulkWrite'
  | 'updateOne'
  | 'updateMany'
  | 'insertOne'
  | 'insertMany'
  | 'deleteOne'
  | 'deleteMany'
  | 'findOneAndUpdate'
  | 'createIndexes'
  | 'listCollections'
  | 'createCollection'
  | 'commitTransaction';

const clone = <T>(v: T): T => structuredClone(v);
const key = (id: unknown) => JSON.stringify(id);

function applyUpdate(doc: Doc, update: Record<string, Record<string, unknown>>, inserting: boolean): void {
  for (const [op, fields] of Object.entries(update)) {
    for (const [path, value] of Object.entries(fields)) {
      if (path.includes('.')) throw new Error(`the fake does not update dotted paths (${path})`);
      if (op === '$set') doc[path] = clone(value);
      else if (op === '$setOnInsert') {
        if (inserting) doc[path] = clone(value);
      } else if (op === '$unset') delete doc[path];
      else if (op === '$inc') doc[path] = ((doc[path] as number) ?? 0) + (value as number);
      else if (op === '$max') {
        if (doc[path] === undefined || (doc[path] as string) < (value as string)) doc[path] = value;
      } else if (op === '$min') {
        if (doc[path] === undefined || (doc[path] as string) > (value as string)) doc[path] = value;
      } else if (op === '$currentDate') doc[path] = new Date();
      else throw new Error(`the fake does not know the update operator ${op}`);
    }
  }
}

/** The equality fields of a filter, copied into a document an upsert inserts. */
function seedOf(filter: Filter): Doc {
  const doc: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(filter)) if (!k.startsWith('$') && (v === null || typeof v !== 'object')) doc[k] = v;
  return doc as Doc;
}

class Store {
  readonly collections = new Map<string, Map<string, Doc>>();
  of(name: string): Map<string, Doc> {
    let c = this.collections.get(name);
    if (!c) this.collections.set(name, (c = new Map()));
    return c;
  }
}

export class FakeMongo {
  private readonly store = new Store();
  view(): CountingMongo {
    return new CountingMongo(this.store);
  }
}

export class CountingMongo {
  readonly calls = {} as Record<MongoCall, number>;
  /** `command collection`, in order. */
  readonly log: string[] = [];
  readonly client: MongoClient;

  constructor(private readonly store: Store) {
    this.reset();
    const db = this.db();
    const session = {
      withTransaction: async (fn: () => Promise<unknown>) => {
        const result = await fn();
        this.count('commitTransaction', '');
        return result;
      },
      endSession: async () => undefined,
    };
    const client = {
      db: () => db,
      withSession: async (fn: (s: unknown) => Promise<unknown>) => fn(session),
      startSession: () => session,
      close: async () => undefined,
      connect: async () => client,
    };
    this.client = client as unknown as MongoClient;
  }

  reset(): void {
    for (const k of Object.keys(this.calls) as MongoCall[]) delete this.calls[k];
    this.log.length = 0;
  }

  /** Every call, by kind (kinds never called left out). */
  counts(): Partial<Record<MongoCall, number>> {
    return { ...this.calls };
  }

  total(): number {
    return Object.values(this.calls).reduce((a, b) => a + b, 0);
  }

  private count(call: MongoCall, collection: string): void {
    this.calls[call] = (this.calls[call] ?? 0) + 1;
    this.log.push(`${call} ${collection}`);
  }

  private db() {
    const dbObject = {
      databaseName: 'fake',
      collection: (name: string) => this.collection(name),
      listCollections: () => ({
        toArray: async () => {
          this.count('listCollections', '');
          return [...this.store.collections.keys()].map((name) => ({ name }));
        },
      }),
      createCollection: async (name: string) => {
        this.count('createCollection', name);
        this.store.of(name);
      },
    };
    return new Proxy(dbObject, {
      get: (target, prop) => {
        if (prop in target || typeof prop === 'symbol' || prop === 'then') return (target as Record<string | symbol, unknown>)[prop];
        throw new Error(`the fake Db has no ${String(prop)}: count it before using it`);
      },
    });
  }

  private collection(name: string) {
    const docs = () => this.store.of(name);
    const matching = (filter: Filter) => {
      const query = new Query(filter);
      return [...docs().values()].filter((d) => query.test(d));
    };
    const upsertOne = (filter: Filter, make: (existing: Doc | undefined) => Doc | undefined, upsert: boolean) => {
      const [existing] = matching(filter);
      if (existing) {
        const next = make(existing)!;
        docs().set(key(existing._id), next);
        return { matchedCount: 1, modifiedCount: 1, upsertedCount: 0 };
      }
      if (!upsert) return { matchedCount: 0, modifiedCount: 0, upsertedCount: 0 };
      const inserted = make(undefined)!;
      if (docs().has(key(inserted._id)))
        throw new MongoServerError({ message: `E11000 duplicate key error index: _id_ dup key: ${key(inserted._id)}`, code: 11000 });
      docs().set(key(inserted._id), inserted);
      return { matchedCount: 0, modifiedCount: 0, upsertedCount: 1 };
    };
    const updateWith = (filter: Filter, update: Record<string, Record<string, unknown>>) => (existing: Doc | undefined) => {
      const doc = existing ? clone(existing) : seedOf(filter);
      applyUpdate(doc, update, !existing);
      return doc;
    };
    const cursor = (filter: Filter, options: { sort?: Record<string, 1 | -1>; skip?: number; limit?: number; projection?: Record<string, 0 | 1> } = {}) => {
      const run = () => {
        this.count('find', name);
        let c = new Query(filter).find<Doc>([...docs().values()], options.projection);
        if (options.sort) c = c.sort(options.sort);
        if (options.skip) c = c.skip(options.skip);
        if (options.limit) c = c.limit(options.limit);
        return c.all().map(clone);
      };
      const self = {
        sort: (sort: Record<string, 1 | -1>) => ((options = { ...options, sort }), self),
        skip: (skip: number) => ((options = { ...options, skip }), self),
        limit: (limit: number) => ((options = { ...options, limit }), self),
        project: (projection: Record<string, 0 | 1>) => ((options = { ...options, projection }), self),
        toArray: async () => run(),
        async *[Symbol.asyncIterator]() {
          yield* run();
        },
        close: async () => undefined,
      };
      return self;
    };
    const collectionObject = {
      collectionName: name,
      find: (filter: Filter = {}, options?: Record<string, unknown>) => cursor(filter, options as never),
      findOne: async (filter: Filter = {}) => {
        this.count('findOne', name);
        const [doc] = matching(filter);
        return doc ? clone(doc) : null;
      },
      countDocuments: async (filter: Filter = {}) => {
        this.count('countDocuments', name);
        return matching(filter).length;
      },
      insertOne: async (doc: Doc) => {
        this.count('insertOne', name);
        if (docs().has(key(doc._id))) throw new MongoServerError({ message: 'E11000 duplicate key error index: _id_', code: 11000 });
        docs().set(key(doc._id), clone(doc));
        return { acknowledged: true, insertedId: doc._id };
      },
      insertMany: async (many: Doc[]) => {
        this.count('insertMany', name);
        for (const doc of many) docs().set(key(doc._id), clone(doc));
        return { acknowledged: true, insertedCount: many.length };
      },
      updateOne: async (filter: Filter, update: Record<string, Record<string, unknown>>, options: { upsert?: boolean } = {}) => {
        this.count('updateOne', name);
        return upsertOne(filter, updateWith(filter, update), options.upsert ?? false);
      },
      updateMany: async (filter: Filter, update: Record<string, Record<string, unknown>>) => {
        this.count('updateMany', name);
        const all = matching(filter);
        for (const doc of all) docs().set(key(doc._id), updateWith(filter, update)(doc)!);
        return { matchedCount: all.length, modifiedCount: all.length };
      },
      findOneAndUpdate: async (
        filter: Filter,
        update: Record<string, Record<string, unknown>>,
        options: { upsert?: boolean; returnDocument?: 'before' | 'after' } = {},
      ) => {
        this.count('findOneAndUpdate', name);
        const [before] = matching(filter);
        upsertOne(filter, updateWith(filter, update), options.upsert ?? false);
        const after = before ? docs().get(key(before._id)) : matching(filter)[0];
        return options.returnDocument === 'after' ? (after ? clone(after) : null) : before ? clone(before) : null;
      },
      deleteOne: async (filter: Filter) => {
        this.count('deleteOne', name);
        const [doc] = matching(filter);
        if (doc) docs().delete(key(doc._id));
        return { deletedCount: doc ? 1 : 0 };
      },
      deleteMany: async (filter: Filter = {}) => {
        this.count('deleteMany', name);
        const all = matching(filter);
        for (const doc of all) docs().delete(key(doc._id));
        return { deletedCount: all.length };
      },
      createIndexes: async () => {
        this.count('createIndexes', name);
        return [];
      },
      bulkWrite: async (
        operations: Array<Record<string, { filter: Filter; replacement?: Doc; update?: Record<string, Record<string, unknown>>; upsert?: boolean }>>,
      ) => {
        // One command per run of the same operation type (what the driver sends for an ordered bulk).
        let runs = 0;
        let previous: string | undefined;
        for (const op of operations) {
          const kind = Object.keys(op)[0]!;
          if (kind !== previous) runs++;
          previous = kind;
        }
        for (let r = 0; r < runs; r++) this.count('bulkWrite', name);
        for (const [index, op] of operations.entries()) {
          const [kind, spec] = Object.entries(op)[0]!;
          try {
            if (kind === 'replaceOne') upsertOne(spec.filter, () => clone(spec.replacement!), spec.upsert ?? false);
            else if (kind === 'updateOne') upsertOne(spec.filter, updateWith(spec.filter, spec.update!), spec.upsert ?? false);
            else if (kind === 'deleteOne') {
              const [doc] = matching(spec.filter);
              if (doc) docs().delete(key(doc._id));
            } else throw new Error(`the fake's bulkWrite does not know ${kind}`);
          } catch (error) {
            if ((error as { code?: number }).code !== 11000) throw error;
            throw new MongoBulkWriteError(
              { message: 'E11000', code: 11000, writeErrors: [{ code: 11000, index, errmsg: 'E11000 duplicate key error index: _id_' } as never] },
              {} as never,
            );
          }
        }
        return { ok: 1 };
      },
    };
    return new Proxy(collectionObject, {
      get: (target, prop) => {
        if (prop in target || typeof prop === 'symbol' || prop === 'then') return (target as Record<string | symbol, unknown>)[prop];
        throw new Error(`the fake Collection has no ${String(prop)}: count it before using it`);
      },
    });
  }
}
