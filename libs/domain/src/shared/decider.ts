// Chassaing's decider: three pure functions. `decide` throws a DomainError to refuse, returns
// no events when the stream already is where the command wants it (idempotent repeats).
export interface DomainEvent<T extends string = string, D = unknown> {
  type: T;
  data: D;
}

export interface Decider<C, S, E extends DomainEvent> {
  initialState: () => S;
  evolve: (state: S, event: E) => S;
  decide: (command: C, state: S) => E[];
}

export function fold<S, E>(evolve: (state: S, event: E) => S, initial: S, events: readonly E[]): S {
  let state = initial;
  for (const event of events) state = evolve(state, event);
  return state;
}

export interface Actor {
  role: 'partner' | 'seller' | 'admin' | 'auditor' | 'system';
  sub: string;
}

export function systemActor(process: string): Actor {
  return { role: 'system', sub: process };
}
