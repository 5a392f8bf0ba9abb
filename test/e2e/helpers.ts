// Small helpers for the HTTP end-to-end suites: status with the body in the message, the
// problem+json shape of API.md, the position every command answers with, hand-made JWTs, and
// the scope shapes normalized for comparison.
import { createHmac } from 'node:crypto';
import { expect } from '@jest/globals';
import type { Answer, TestApi } from '../support/app.js';

export const T0 = '2026-03-01T10:00:00.000Z';
const HOUR = 3_600_000;
export const plusHours = (at: string, hours: number) => new Date(Date.parse(at) + hours * HOUR).toISOString();
export const plusDays = (at: string, days: number) => plusHours(at, days * 24);
export const nowOf = (api: TestApi) => api.clock.now().toISOString();

/** Fails with the answer's body in the message, which a bare toBe(status) would hide. */
export function expectStatus(answer: Answer, status: number): void {
  if (answer.status !== status) throw new Error(`expected HTTP ${status}, got ${answer.status}: ${answer.text}`);
}

/** The one error shape of API.md; for 400 and 422 `errors[]` names the field. */
export function expectProblem(answer: Answer, status: number, field?: string): void {
  expectStatus(answer, status);
  expect(String(answer.headers['content-type'])).toMatch(/^application\/problem\+json\b/);
  expect(answer.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) });
  if (field !== undefined) {
    const fields = (answer.body.errors ?? []).map((e: { field: string; message: unknown }) => {
      expect(typeof e.message).toBe('string');
      return e.field;
    });
    expect(fields).toContain(field);
  }
}

/**
 * A refused request: its problem, and not one event appended by it. Background processes (the
 * cascade of a ban, a deadline) may append events of their own meanwhile: those carry the system
 * actor. `strict` also asks that the log did not grow at all.
 */
export async function refused(
  api: TestApi,
  request: () => Promise<Answer>,
  status: number,
  field?: string,
  options: { strict?: boolean } = {},
): Promise<Answer> {
  const before = await api.store.headPosition();
  const answer = await request();
  expectProblem(answer, status, field);
  const appended = await api.store.readAll({ fromPosition: before, limit: 10_000 });
  expect(appended.filter((e) => e.metadata.actor.role !== 'system').map((e) => e.type)).toEqual([]);
  if (options.strict) expect(await api.eventCount()).toBe(Number(before));
  return answer;
}

/** Every command answers with `position` (a decimal string) in its body and in X-Event-Position; positions only grow. */
export class Positions {
  last = 0n;

  expect(answer: Answer, status: number): bigint {
    expectStatus(answer, status);
    const position = answer.body?.position;
    expect(typeof position).toBe('string');
    expect(position).toMatch(/^\d+$/);
    expect(answer.headers['x-event-position']).toBe(position);
    const value = BigInt(position);
    expect(value > this.last).toBe(true);
    this.last = value;
    return value;
  }
}

const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A JWT made by hand: HS256 with the given secret, or `alg: none` with an empty signature. */
export function handMadeJwt(payload: Record<string, unknown>, options: { secret: string; alg?: 'HS256' } | { alg: 'none' }): string {
  const head = b64url({ alg: options.alg ?? 'HS256', typ: 'JWT' });
  const body = b64url(payload);
  if (options.alg === 'none') return `${head}.${body}.`;
  const signature = createHmac('sha256', (options as { secret: string }).secret)
    .update(`${head}.${body}`)
    .digest('base64url');
  return `${head}.${body}.${signature}`;
}

const sorted = (values: readonly string[] | undefined) => [...(values ?? [])].sort();

/** Granted scopes as API.md shapes them, an absent flag read as false and an absent list as empty. */
export function scopesOf(s: { authorizedObject?: string; shopOperationTicket?: boolean; sellerCenterRoles?: string[]; dataCompass?: boolean }) {
  return {
    authorizedObject: s.authorizedObject ?? null,
    shopOperationTicket: s.shopOperationTicket === true,
    sellerCenterRoles: sorted(s.sellerCenterRoles),
    dataCompass: s.dataCompass === true,
  };
}

/** Offerable (or requested) scopes, plural where a service may offer several. */
export function offerOf(s: { authorizedObjects?: string[]; shopOperationTicket?: boolean; sellerCenterRoles?: string[]; dataCompass?: boolean }) {
  return {
    authorizedObjects: sorted(s.authorizedObjects),
    shopOperationTicket: s.shopOperationTicket === true,
    sellerCenterRoles: sorted(s.sellerCenterRoles),
    dataCompass: s.dataCompass === true,
  };
}

/** A minimal CSV reader (quoted cells, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Asserts `values` never go the wrong way for the direction. */
export function expectOrdered(values: string[], direction: 1 | -1): void {
  for (let i = 1; i < values.length; i++) {
    const ok = direction === 1 ? values[i - 1]! <= values[i]! : values[i - 1]! >= values[i]!;
    if (!ok) throw new Error(`not sorted ${direction === 1 ? 'ascending' : 'descending'} at ${i}: ${values[i - 1]} then ${values[i]}`);
  }
}
