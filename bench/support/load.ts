// autocannon, programmatically: 32 connections for a fixed duration. Each connection is given its
// own list of requests up front (client.setRequests), which autocannon encodes once, so the load
// generator (in this process, on the same 2 cores as the server) costs the same per request for
// the baseline and for the measured route, and rotating tokens costs nothing while measuring.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Histogram {
  average: number;
  p50: number;
  p99: number;
  max: number;
}

interface AutocannonResult {
  duration: number;
  latency: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats?: Record<string, { count: number }>;
}

interface AutocannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

interface AutocannonClient {
  setRequests(requests: AutocannonRequest[]): void;
}

interface AutocannonInstance {
  stop(): void;
  on(event: 'response', listener: (client: AutocannonClient, statusCode: number, resBytes: number, responseTime: number) => void): void;
}

type Autocannon = (options: Record<string, unknown>, done: (error: Error | null, result: AutocannonResult) => void) => AutocannonInstance;
const autocannon = require('autocannon') as Autocannon;

export interface PlannedRequest<Tag = unknown> {
  method: 'GET' | 'POST';
  path: string;
  token: string;
  body?: string;
  /** Handed back with the response's status (e.g. the seller a grant was for). */
  tag?: Tag;
}

export interface LoadResult {
  /** Successful (2xx) responses per second. */
  rps: number;
  ok: number;
  non2xx: number;
  errors: number;
  p50: number;
  p99: number;
  statusCodes: Record<string, number>;
  seconds: number;
  /** True when a connection used up its list and started over (repeated requests). */
  wrapped: boolean;
}

export interface FireOptions<Tag> {
  seconds: number;
  connections?: number;
  /** The requests of one connection, sent in order (and from the start again if used up). */
  plan: (connection: number) => PlannedRequest<Tag>[];
  /** Each response's status and time (ms), with the request's tag. */
  onStatus?: (status: number, tag: Tag | undefined, ms: number) => void;
  /** Stops the load early when it settles (`seconds` is then the longest it may run). */
  until?: Promise<unknown>;
}

export function fire<Tag = unknown>(url: string, options: FireOptions<Tag>): Promise<LoadResult> {
  const connections = options.connections ?? 32;
  const plans: PlannedRequest<Tag>[][] = [];
  const answered: number[] = [];
  const index = new Map<AutocannonClient, number>();
  let wrapped = false;
  const setupClient = (client: AutocannonClient) => {
    const c = plans.length;
    const plan = options.plan(c);
    if (plan.length === 0) throw new Error('a connection needs at least one request');
    plans.push(plan);
    answered.push(0);
    index.set(client, c);
    client.setRequests(
      plan.map((r): AutocannonRequest => {
        const headers: Record<string, string> = { authorization: `Bearer ${r.token}` };
        if (r.body === undefined) return { method: r.method, path: r.path, headers };
        headers['content-type'] = 'application/json';
        return { method: r.method, path: r.path, headers, body: r.body };
      }),
    );
  };
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections, duration: options.seconds, setupClient }, (error, result) => {
      if (error) return reject(error);
      const statusCodes: Record<string, number> = {};
      for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = Number(count);
      resolve({
        rps: result['2xx'] / result.duration,
        ok: result['2xx'],
        non2xx: result.non2xx,
        errors: result.errors,
        p50: result.latency.p50,
        p99: result.latency.p99,
        statusCodes,
        seconds: result.duration,
        wrapped,
      });
    });
    void options.until?.finally(() => instance.stop());
    instance.on('response', (client, statusCode, _bytes, responseTime) => {
      const c = index.get(client);
      if (c === undefined) return;
      const k = answered[c]!++;
      const plan = plans[c]!;
      if (k >= plan.length) wrapped = true;
      options.onStatus?.(statusCode, plan[k % plan.length]!.tag, responseTime);
    });
  });
}
