// A stand-in for EventStoreDB's gRPC Streams service, for tests of the client side only: the
// service definition is the one @eventstore/db-client ships, served by @grpc/grpc-js on 127.0.0.1.
// Other services (ServerFeatures, Gossip) are left unimplemented: the client then assumes an
// unknown server version and appends with the plain Append call, as against an older server.
//
// The client connects through a TCP relay in front of the server, so that a test can drop every
// connection (the sockets are destroyed, as when a node restarts or a network fails). It counts
// open calls (started minus ended, answered or cancelled), events sent and read calls, and can
// stall: accept calls and never answer.
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb.js';
import { InvalidLogPositionError, type LogRecord, StandInLog } from './log.js';
import * as m from './messages.js';

type ReadCall = grpc.ServerWritableStream<m.streams.ReadReq, m.streams.ReadResp>;
type AppendCall = grpc.ServerReadableStream<m.streams.AppendReq, m.streams.AppendResp>;

export interface ReadStats {
  /** Read calls started: stream reads, $all reads and subscriptions. */
  calls: number;
  /** Events sent on any read call. */
  eventsSent: number;
  /** $all reads and subscriptions that asked for a server-side filter. */
  filtered: number;
}

export class EsdbStandIn {
  readonly log = new StandInLog();
  readonly stats: ReadStats = { calls: 0, eventsSent: 0, filtered: 0 };
  /** Awaited before each live event a subscription sends: lets a test send an append in pieces. */
  beforeLiveEvent: (record: LogRecord) => Promise<void> = async () => undefined;
  private readonly open = new Set<object>();
  private readonly server = new grpc.Server();
  private relay: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private stalled = false;
  private grpcPort = 0;
  port = 0;

  /** Starts the server and its relay; the client connects to `connectionString`. */
  async start(): Promise<this> {
    this.server.addService(StreamsService, {
      read: (call: ReadCall) => this.read(call),
      append: (call: AppendCall, done: grpc.sendUnaryData<m.streams.AppendResp>) => this.append(call, done),
    });
    this.grpcPort = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
    );
    this.relay = net.createServer((client) => {
      const upstream = net.connect(this.grpcPort, '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.relay!.listen(0, '127.0.0.1', resolve));
    this.port = (this.relay.address() as net.AddressInfo).port;
    return this;
  }

  get connectionString(): string {
    return `esdb://127.0.0.1:${this.port}?tls=false`;
  }

  /** Calls started and not yet ended (answered to the end, failed or cancelled). */
  get openCalls(): number {
    return this.open.size;
  }

  /** Destroys every client connection, as a restart or a network failure would. */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  /** While stalled, calls are accepted and never answered. */
  stall(stalled = true): void {
    this.stalled = stalled;
  }

  async stop(): Promise<void> {
    this.dropConnections();
    this.server.forceShutdown();
    await new Promise<void>((resolve) => (this.relay ? this.relay.close(() => resolve()) : resolve()));
  }

  /** Tracks a call until it ends; returns the function that ends it (idempotent). */
  private track(call: grpc.ServerWritableStream<unknown, unknown> | AppendCall): () => void {
    const token = {};
    this.open.add(token);
    const ended = () => void this.open.delete(token);
    call.on('cancelled', ended);
    call.on('error', ended);
    call.on('close', ended);
    return ended;
  }

  private read(call: ReadCall): void {
    this.stats.calls++;
    const ended = this.track(call);
    if (this.stalled) return;
    const options = call.request.getOptions();
    if (!options) return this.fail(call, ended, grpc.status.INVALID_ARGUMENT, 'no options');
    const send = (response: m.streams.ReadResp) => {
      if (response.hasEvent()) this.stats.eventsSent++;
      call.write(response);
    };
    const finish = () => {
      ended();
      call.end();
    };
    if (options.hasStream()) return this.readStream(options, send, finish);
    const all = options.getAll()!;
    const filter = options.hasFilter() ? matcher(options.getFilter()!) : () => true;
    if (options.hasFilter()) this.stats.filtered++;
    try {
      if (options.hasSubscription()) return this.subscribeToAll(call, all, filter, send, ended);
      this.readAll(options, all, filter, send);
    } catch (error) {
      // EventStoreDB answers a read from a position inside a record so (RpcExceptions.InvalidPositionException).
      if (error instanceof InvalidLogPositionError) return this.fail(call, ended, grpc.status.INVALID_ARGUMENT, 'Trying to read from an invalid position.');
      throw error;
    }
    finish();
  }

  private readStream(options: m.streams.ReadReq.Options, send: (r: m.streams.ReadResp) => void, finish: () => void): void {
    const streamOptions = options.getStream()!;
    const name = Buffer.from(streamOptions.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8');
    const records = this.log.stream(name);
    if (!records) {
      send(m.streamNotFound(name));
      return finish();
    }
    const count = Number(options.getCount());
    const backwards = options.getReadDirection() === m.streams.ReadReq.Options.ReadDirection.BACKWARDS;
    let from = streamOptions.hasRevision() ? Number(streamOptions.getRevision()) : backwards && streamOptions.hasEnd() ? records.length - 1 : 0;
    if (streamOptions.hasEnd() && !backwards) from = records.length;
    const slice = backwards ? records.slice(0, from + 1).reverse() : records.slice(from);
    for (const record of slice.slice(0, count)) send(m.eventResponse(record, false));
    finish();
  }

  private readAll(
    options: m.streams.ReadReq.Options,
    all: m.streams.ReadReq.Options.AllOptions,
    filter: (r: LogRecord) => boolean,
    send: (r: m.streams.ReadResp) => void,
  ): void {
    const count = Number(options.getCount());
    const records = this.log.records;
    const backwards = options.getReadDirection() === m.streams.ReadReq.Options.ReadDirection.BACKWARDS;
    const at = all.hasPosition() ? BigInt(all.getPosition()!.getCommitPosition()) : undefined;
    let sent = 0;
    if (backwards) {
      for (let i = at === undefined ? records.length - 1 : this.log.indexBefore(at); i >= 0 && sent < count; i--) {
        if (filter(records[i]!)) {
          send(m.eventResponse(records[i]!, true));
          sent++;
        }
      }
    } else {
      for (let i = at === undefined || all.hasStart() ? 0 : this.log.indexFrom(at); i < records.length && sent < count; i++) {
        if (filter(records[i]!)) {
          send(m.eventResponse(records[i]!, true));
          sent++;
        }
      }
    }
  }

  private subscribeToAll(
    call: ReadCall,
    all: m.streams.ReadReq.Options.AllOptions,
    filter: (r: LogRecord) => boolean,
    send: (r: m.streams.ReadResp) => void,
    ended: () => void,
  ): void {
    const records = this.log.records;
    // A subscription starts after its position (exclusive), from the first record at the start, at the end from then on.
    const after = all.hasPosition() ? BigInt(all.getPosition()!.getCommitPosition()) : undefined;
    const at = after === undefined ? 0 : this.log.indexFrom(after);
    const first = all.hasEnd() ? records.length : after !== undefined && records[at]?.position === after ? at + 1 : at;
    send(m.confirmation(randomUUID()));
    for (let i = first; i < records.length; i++) if (filter(records[i]!)) send(m.eventResponse(records[i]!, true));
    send(m.caughtUp());
    let chain = Promise.resolve();
    let live = true;
    const stop = this.log.onAppend((written) => {
      for (const record of written.filter(filter)) {
        chain = chain.then(async () => {
          await this.beforeLiveEvent(record);
          if (live) send(m.eventResponse(record, true));
        });
      }
    });
    const end = () => {
      live = false;
      stop();
      ended();
    };
    call.on('cancelled', end);
    call.on('close', end);
    call.on('error', end);
  }

  private append(call: AppendCall, done: grpc.sendUnaryData<m.streams.AppendResp>): void {
    const ended = this.track(call);
    let options: m.streams.AppendReq.Options | undefined;
    const events: ReturnType<typeof m.proposedEvent>[] = [];
    call.on('data', (request: m.streams.AppendReq) => {
      if (request.hasOptions()) options = request.getOptions();
      else if (request.hasProposedMessage()) events.push(m.proposedEvent(request.getProposedMessage()!));
    });
    call.on('end', () => {
      if (this.stalled) return;
      ended();
      if (!options) return done({ code: grpc.status.INVALID_ARGUMENT, details: 'no options' });
      const name = Buffer.from(options.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8');
      const expected = m.expectedOf(options);
      const outcome = this.log.append(name, events, expected);
      done(
        null,
        outcome.ok ? m.appendSuccess(outcome.currentRevision, outcome.firstPosition, outcome.lastPosition) : m.wrongExpectedVersion(expected, outcome.current),
      );
    });
  }

  private fail(call: ReadCall, ended: () => void, code: grpc.status, details: string): void {
    ended();
    call.emit('error', Object.assign(new Error(details), { code, details }));
  }
}

/** A server-side filter: on stream names or event types, by prefixes or a regular expression. */
function matcher(filter: m.streams.ReadReq.Options.FilterOptions): (record: LogRecord) => boolean {
  const onType = filter.hasEventType();
  const expression = onType ? filter.getEventType()! : filter.getStreamIdentifier()!;
  const prefixes = expression.getPrefixList();
  const regex = expression.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  return (record) => {
    const value = onType ? record.type : record.streamName;
    return prefixes.length ? prefixes.some((p) => value.startsWith(p)) : regex ? regex.test(value) : true;
  };
}
