// given(events).when(command).then(events) | .thenRefused(kind, code) | .thenNothing()
// A chain left without its then fails the test (see unfinished.ts).
import { expect } from '@jest/globals';
import { type Decider, type DomainEvent, fold } from '../shared/decider.js';
import { DomainError, type DomainErrorKind } from '../shared/errors.js';
import { openChain, refuseAwaitWithoutThen } from './unfinished.js';

export function givenFor<C, S, E extends DomainEvent>(decider: Decider<C, S, E>) {
  return (...history: E[]) => ({
    state: () => fold(decider.evolve, decider.initialState(), history),
    when(command: C) {
      const close = openChain();
      const run = () => {
        close();
        return decider.decide(command, fold(decider.evolve, decider.initialState(), history));
      };
      return {
        then(...expected: E[]) {
          refuseAwaitWithoutThen(expected, close, 'when(...)');
          expect(run()).toEqual(expected);
        },
        thenNothing() {
          expect(run()).toEqual([]);
        },
        /** The events, for assertions on a part of them. */
        events: () => run(),
        thenRefused(kind: DomainErrorKind, code: string, fields?: string[]): DomainError {
          let error: unknown;
          try {
            run();
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(DomainError);
          const refusal = error as DomainError;
          expect({ kind: refusal.kind, code: refusal.code }).toEqual({ kind, code });
          if (fields) expect(refusal.errors.map((e) => e.field).sort()).toEqual([...fields].sort());
          return refusal;
        },
      };
    },
  });
}
