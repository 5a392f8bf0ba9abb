// HTTP scenarios as given / when / then, in the partner guide's words:
//
//   await given(api, publish(partner, ADS), openLink(seller))
//     .when(seller, 'POST', '/v1/authorizations', grant)
//     .then({ status: 201, body: { authorizations: [expect.objectContaining({ status: 'ACTIVE' })] }, appended: ['AuthorizationGranted'] });
//
// `given` runs requests that must succeed (each step may read the answers before it), `when` sends
// one request, `then` checks its status, a part of its body (toMatchObject), its problem code and
// the types of the events it appended: [] for a refusal, which must change nothing. Processes may
// append events of their own (actor `system`); `then` counts the request's own only.
// A chain left without its then fails the test (libs/domain's unfinished.ts).
import { expect } from '@jest/globals';
import type { Principal } from '#libs/platform';
import { openChain, refuseAwaitWithoutThen } from '../../libs/domain/src/testing/unfinished.js';
import type { Answer, TestApi } from './app.js';
import { expectProblem, expectStatus } from '../e2e/helpers.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** What the steps so far answered, by step name (or index). */
export type Answers = Record<string, Answer>;

export interface Step {
  name: string;
  run(api: TestApi, answers: Answers): Promise<Answer>;
}

/** One request, its path and body read from the answers before it. */
async function send(
  api: TestApi,
  who: Principal | null,
  headers: Record<string, string>,
  method: Method,
  path: string | ((a: Answers) => string),
  body: unknown | ((a: Answers) => unknown),
  answers: Answers,
): Promise<{ url: string; answer: Answer }> {
  const url = typeof path === 'function' ? path(answers) : path;
  const payload = typeof body === 'function' ? (body as (a: Answers) => unknown)(answers) : body;
  const client = api.as(who, headers);
  if (method === 'GET') return { url, answer: await client.get(url) };
  if (method === 'DELETE') return { url, answer: await client.delete(url) };
  return { url, answer: await client[method === 'POST' ? 'post' : 'patch'](url, payload) };
}

/** A request of the `given` part: it must answer 2xx. `path`/`body` may read earlier answers. */
export function step(name: string, who: Principal, method: Method, path: string | ((a: Answers) => string), body?: unknown | ((a: Answers) => unknown)): Step {
  return {
    name,
    async run(api, answers) {
      const { url, answer } = await send(api, who, {}, method, path, body, answers);
      if (answer.status < 200 || answer.status > 299) throw new Error(`given step "${name}" (${method} ${url}) answered ${answer.status}: ${answer.text}`);
      return answer;
    },
  };
}

export interface Expectation {
  status: number;
  /** A part of the body (expect's toMatchObject). */
  body?: unknown;
  /** For a 4xx/5xx: the problem's `code`, and `field` among `errors[]`. */
  problem?: { code?: string; field?: string };
  /** The types of the events this request appended, in order ([] for a refusal). */
  appended?: string[];
}

export function given(api: TestApi, ...steps: Step[]) {
  return {
    when(
      who: Principal | null,
      method: Method,
      path: string | ((a: Answers) => string),
      body?: unknown | ((a: Answers) => unknown),
      headers: Record<string, string> = {},
    ) {
      const close = openChain();
      const run = async (): Promise<{ answer: Answer; appended: string[]; answers: Answers }> => {
        close();
        const answers: Answers = {};
        for (const s of steps) answers[s.name] = await s.run(api, answers);
        const before = await api.store.headPosition();
        const { answer } = await send(api, who, headers, method, path, body, answers);
        const events = await api.store.readAll({ fromPosition: before, limit: 10_000 });
        return { answer, answers, appended: events.filter((e) => e.metadata.actor.role !== 'system').map((e) => e.type) };
      };
      return {
        // Not async: awaiting the chain itself calls then(resolve, reject), and only a synchronous
        // throw reaches the awaiting code as a rejection.
        then(expected: Expectation): Promise<{ answer: Answer; answers: Answers }> {
          refuseAwaitWithoutThen([expected], close, 'when(...)');
          return check(expected);
        },
      };
      async function check(expected: Expectation): Promise<{ answer: Answer; answers: Answers }> {
        const { answer, answers, appended } = await run();
        if (expected.status >= 400) {
          expectProblem(answer, expected.status, expected.problem?.field);
          if (expected.problem?.code) expect(answer.body.code).toBe(expected.problem.code);
        } else expectStatus(answer, expected.status);
        if (expected.body !== undefined) expect(answer.body).toMatchObject(expected.body as object);
        if (expected.appended !== undefined) expect(appended).toEqual(expected.appended);
        else if (expected.status >= 400) expect(appended).toEqual([]);
        return { answer, answers };
      }
    },
  };
}
