// A read of $all filtered on the server by event type. The v6 client's readAll always sends
// "no filter" (only subscriptions take one), so a scan for a few event types would pull the whole
// log through the client. EventStoreDB itself serves filtered reads (ReadReq with a count and a
// filter: its ReadAllForwardsFiltered), counting the matching events against `count`: this sends
// that request over the client's own connection, with the client's own message classes and event
// conversion, so a scan of N matching events among M costs reads and bytes proportional to N.
//
// It reaches the client's protected call helpers (GRPCStreamCreator, callArguments): the client
// builds every call of its own API with them. A client without them (a test double) gets undefined
// and the adapter filters on its side instead.
import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import sharedPb from '@eventstore/db-client/generated/shared_pb.js';
import streamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb.js';
import streamsPb from '@eventstore/db-client/generated/streams_pb.js';
import convert from '@eventstore/db-client/dist/utils/convertGrpcEvent.js';
import type { ReadCall } from './read-call.js';

type StreamsClient = InstanceType<typeof streamsGrpc.StreamsClient>;

interface ClientCallHelpers {
  GRPCStreamCreator(
    Client: typeof streamsGrpc.StreamsClient,
    debugName: string,
    creator: (client: StreamsClient) => ReturnType<StreamsClient['read']>,
  ): () => Promise<ReturnType<StreamsClient['read']>>;
  callArguments(base: object, callOptions: { deadline: number }): [import('@grpc/grpc-js').Metadata, import('@grpc/grpc-js').CallOptions];
}

function helpersOf(client: unknown): ClientCallHelpers | undefined {
  const c = client as Partial<ClientCallHelpers> | null;
  return typeof c?.GRPCStreamCreator === 'function' && typeof c.callArguments === 'function' ? (c as ClientCallHelpers) : undefined;
}

/** An exact match of any of `types` (a .NET and JavaScript regular expression alike). */
export function eventTypePattern(types: readonly string[]): string {
  return `^(?:${types.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`;
}

export interface FilteredReadOptions {
  /** Inclusive, as every $all read: the event at this position is the first considered. */
  fromPosition: bigint;
  maxCount: number;
  types: readonly string[];
}

/**
 * A forward read of $all returning only events of `types`, filtered by the server; undefined when
 * the client cannot send one (then the caller filters itself).
 */
export function filteredReadAll(client: unknown, { fromPosition, maxCount, types }: FilteredReadOptions): ReadCall<AllStreamResolvedEvent> | undefined {
  const helpers = helpersOf(client);
  if (!helpers) return undefined;
  const { ReadReq } = streamsPb;
  const all = new ReadReq.Options.AllOptions();
  if (fromPosition === 0n) all.setStart(new sharedPb.Empty());
  else all.setPosition(new ReadReq.Options.Position().setCommitPosition(fromPosition.toString()).setPreparePosition(fromPosition.toString()));
  const filter = new ReadReq.Options.FilterOptions()
    .setEventType(new ReadReq.Options.FilterOptions.Expression().setRegex(eventTypePattern(types)))
    .setCount(new sharedPb.Empty())
    .setCheckpointintervalmultiplier(1);
  const options = new ReadReq.Options()
    .setAll(all)
    .setReadDirection(ReadReq.Options.ReadDirection.FORWARDS)
    .setResolveLinks(false)
    .setCount(String(maxCount))
    .setUuidOption(new ReadReq.Options.UUIDOption().setString(new sharedPb.Empty()))
    .setFilter(filter);
  const request = new ReadReq().setOptions(options);
  // The deadline is the caller's (read-call.ts), as for the client's own reads.
  const call = helpers.GRPCStreamCreator(streamsGrpc.StreamsClient, 'readAll', (c) => c.read(request, ...helpers.callArguments({}, { deadline: Infinity })))();
  return {
    async *[Symbol.asyncIterator]() {
      for await (const response of await call) {
        const resp = response as InstanceType<typeof streamsPb.ReadResp>;
        if (resp.hasEvent()) yield convert.convertGrpcEvent(resp.getEvent()!) as AllStreamResolvedEvent;
      }
    },
    cancel: () => call.then((c) => c.cancel()),
  };
}
