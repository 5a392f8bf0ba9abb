import { describe, expect, it } from '@jest/globals';
import { ANY, NO_STREAM, START, STREAM_EXISTS, StreamNotFoundError, WrongExpectedVersionError } from '@eventstore/db-client';
import { WrongExpectedRevisionError } from '../port.js';
import * as mapping from './mapping.js';

const ABOVE_2_53 = 2n ** 53n + 1n;
const NEAR_U64_MAX = 2n ** 64n - 2n;

describe('expected revisions', () => {
  it('maps the port to the client', () => {
    expect(mapping.toClientRevision('any')).toBe(ANY);
    expect(mapping.toClientRevision('no_stream')).toBe(NO_STREAM);
    expect(mapping.toClientRevision(0)).toBe(0n);
    expect(mapping.toClientRevision(41)).toBe(41n);
  });

  it('maps the client back to the port', () => {
    expect(mapping.fromClientRevision(ANY)).toBe('any');
    expect(mapping.fromClientRevision(NO_STREAM)).toBe('no_stream');
    expect(mapping.fromClientRevision(41n)).toBe(41);
    expect(() => mapping.fromClientRevision(STREAM_EXISTS)).toThrow(RangeError);
  });

  it('round-trips every port revision', () => {
    for (const expected of ['any', 'no_stream', 0, 1, Number.MAX_SAFE_INTEGER] as const) {
      expect(mapping.fromClientRevision(mapping.toClientRevision(expected))).toBe(expected);
    }
  });

  it('refuses revisions a number cannot hold, in both directions', () => {
    expect(() => mapping.toClientRevision(-1)).toThrow(RangeError);
    expect(() => mapping.toClientRevision(1.5)).toThrow(RangeError);
    expect(() => mapping.fromClientRevision(ABOVE_2_53)).toThrow(RangeError);
  });

  it('maps the current revision a conflict reports', () => {
    expect(mapping.fromCurrentRevision(NO_STREAM)).toBe('no_stream');
    expect(mapping.fromCurrentRevision(7n)).toBe(7);
  });
});

describe('append errors', () => {
  it("maps the client's WrongExpectedVersionError to the port's, with the actual revision", () => {
    const clientError = new WrongExpectedVersionError(undefined, { streamName: 'binding-a', expected: 3n, current: 5n });
    const mapped = mapping.mapAppendError(clientError, 'binding-a', 3);
    expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
    expect(mapped).toMatchObject({ streamName: 'binding-a', expected: 3, actual: 5 });
  });

  it('reports a missing stream as no_stream', () => {
    const clientError = new WrongExpectedVersionError(undefined, { streamName: 'binding-b', expected: 0n, current: NO_STREAM });
    expect(mapping.mapAppendError(clientError, 'binding-b', 0)).toMatchObject({ expected: 0, actual: 'no_stream' });
  });

  it('passes any other error through unchanged', () => {
    const other = new Error('unavailable');
    expect(mapping.mapAppendError(other, 'binding-c', 'any')).toBe(other);
    expect(mapping.mapAppendError(undefined, 'binding-c', 'any')).toBeUndefined();
  });

  it('recognises a missing stream on read', () => {
    expect(mapping.isStreamNotFound(new StreamNotFoundError(undefined, 'binding-d'))).toBe(true);
    expect(mapping.isStreamNotFound(new Error('nope'))).toBe(false);
  });
});

describe('positions', () => {
  it('reads from the start for 0n, else from the exact position (bigint, never a number)', () => {
    expect(mapping.toReadPosition(0n)).toBe(START);
    expect(mapping.toReadPosition(ABOVE_2_53)).toEqual({ commit: ABOVE_2_53, prepare: ABOVE_2_53 });
    expect(mapping.toReadPosition(NEAR_U64_MAX)).toEqual({ commit: NEAR_U64_MAX, prepare: NEAR_U64_MAX });
  });

  it('round-trips a position above 2^53 and keeps its order', () => {
    const positions = [ABOVE_2_53 + 1n, ABOVE_2_53, NEAR_U64_MAX, 2n ** 53n];
    const back = positions.map((p) => mapping.positionOf(mapping.toReadPosition(p) as { commit: bigint; prepare: bigint }));
    expect(back).toEqual(positions);
    expect(back.every((p) => typeof p === 'bigint')).toBe(true);
    const sorted = [...back].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(sorted).toEqual([2n ** 53n, ABOVE_2_53, ABOVE_2_53 + 1n, NEAR_U64_MAX]);
    // what a JS number would have done: these two collapse
    expect(Number(ABOVE_2_53)).toBe(Number(2n ** 53n));
  });

  it('refuses an event of an explicit transaction (shared commit, distinct prepare)', () => {
    expect(() => mapping.positionOf({ commit: 900n, prepare: 700n })).toThrow(mapping.ExplicitTransactionError);
  });

  it('refuses positions outside the unsigned 64-bit range', () => {
    expect(() => mapping.toReadPosition(-1n)).toThrow(RangeError);
    expect(() => mapping.toReadPosition(2n ** 64n)).toThrow(RangeError);
  });
});

describe('events', () => {
  const metadata = { actor: { role: 'seller', sub: 's1' }, correlationId: 'c', causationId: null, occurredAt: '2026-03-01T00:00:00.000Z', schemaVersion: 1 };

  it("sends JSON with the port's event id as the server-side id (so a retried append is deduplicated)", () => {
    const data = mapping.toEventData({ eventId: '6f1c5a8e-1f0b-4f9e-9b0c-3f3e1f9f2a10', type: 'ServicePublished', data: { serviceId: 'x' }, metadata });
    expect(data).toEqual({
      id: '6f1c5a8e-1f0b-4f9e-9b0c-3f3e1f9f2a10',
      contentType: 'application/json',
      type: 'ServicePublished',
      data: { serviceId: 'x' },
      metadata,
    });
  });

  it('maps a recorded event with its bigint revision and position, through the upcaster', () => {
    const recorded = { id: 'e1', streamId: 'service-1', revision: 2n, type: 'Old', data: { a: 1 }, metadata };
    const stored = mapping.toStoredEvent(recorded, ABOVE_2_53, (e) => (e.type === 'Old' ? { ...e, type: 'New' } : e));
    expect(stored).toEqual({ eventId: 'e1', streamName: 'service-1', revision: 2, position: ABOVE_2_53, type: 'New', data: { a: 1 }, metadata });
  });

  it("carries a command's idempotency key in the metadata there and back (exactly once across crashes rests on it)", () => {
    const keyed = { ...metadata, idempotencyKey: 'k3y' };
    const sent = mapping.toEventData({ eventId: '6f1c5a8e-1f0b-4f9e-9b0c-3f3e1f9f2a10', type: 'ServicePublished', data: {}, metadata: keyed });
    const stored = mapping.toStoredEvent(
      { id: 'e1', streamId: 'service-1', revision: 0n, type: 'ServicePublished', data: {}, metadata: sent.metadata },
      1n,
      (e) => e,
    );
    expect(stored.metadata.idempotencyKey).toBe('k3y');
  });

  it("keeps only the product's streams", () => {
    const prefixes = ['service-', 'binding-'];
    expect(mapping.isProductStream('binding-p-s', prefixes)).toBe(true);
    expect(mapping.isProductStream('$stats-127.0.0.1:2113', prefixes)).toBe(false);
    expect(mapping.isProductStream('bindings', prefixes)).toBe(false);
  });
});
