// given(events).then(documents): a projection folded over events, as the runner would apply them
// in log order, compared with the documents it must leave (by document id; null: none).
// A chain left without its then fails the test (libs/domain's unfinished.ts).
import { expect } from '@jest/globals';
import { openChain, refuseAwaitWithoutThen } from '../../../domain/src/testing/unfinished.js';
import type { ProjectedEvent, Projection } from '../projection.js';

export interface GivenEvent {
  type: string;
  data: object;
  /** When it happened; the data's own time fields usually say it already. */
  occurredAt?: string;
}

export function givenProjection<D extends object>(projection: Projection<D>) {
  return (...events: GivenEvent[]) => {
    const close = openChain();
    const fold = () => {
      close();
      const documents = new Map<string, D | null>();
      events.forEach((event, i) => {
        const projected: ProjectedEvent = {
          type: event.type,
          data: event.data,
          position: BigInt(i + 1),
          metadata: { occurredAt: event.occurredAt ?? '2026-03-01T10:00:00.000Z' },
        };
        if (!projection.handles.includes(event.type)) return;
        for (const id of projection.documentIds(projected)) {
          // The runner hands evolve a copy it owns: give it one too, so 'in-place' projections
          // cannot change the previous step's expectation behind its back.
          const current = documents.get(id) ?? null;
          documents.set(id, projection.evolve(current && structuredClone(current), projected, id));
        }
      });
      return documents;
    };
    return {
      /** The documents after every event, by id; documents not named must not exist. */
      then(expected: Record<string, D | null>) {
        refuseAwaitWithoutThen([expected], close, 'given(...)');
        const documents = fold();
        const actual = Object.fromEntries([...documents].filter(([id, doc]) => doc !== null || id in expected));
        expect(actual).toEqual(Object.fromEntries(Object.entries(expected).filter(([id, doc]) => doc !== null || documents.has(id))));
      },
      /** The one document `id` after every event (null: none). */
      thenDocument(id: string, expected: D | null) {
        expect(fold().get(id) ?? null).toEqual(expected);
      },
      /** Events of types the projection does not handle leave it untouched. */
      thenNothing() {
        expect([...fold().values()].filter((doc) => doc !== null)).toEqual([]);
      },
    };
  };
}
