// How the operational stores make a write count only while this process holds the projector
// lease. The stores do not know the lease: production wires in a FencedWrites that runs the write
// in a transaction whose first statement checks (and touches) the lease document, refusing the
// whole transaction when the token moved on (libs/read-models/src/mongo/lease.ts, fencedWrites);
// the write then joins that transaction through the session it is handed. Unfenced (tests, a
// single process): the write runs as it is, without a session.
import type { ClientSession } from 'mongodb';

export type FencedWrites = <T>(write: (session: ClientSession | undefined) => Promise<T>) => Promise<T>;

export const UNFENCED: FencedWrites = (write) => write(undefined);

/** The driver's options with the session when there is one (an explicit `session: undefined` is left out). */
export const inSession = <O extends object>(session: ClientSession | undefined, options: O): O & { session?: ClientSession } =>
  session ? { ...options, session } : options;
