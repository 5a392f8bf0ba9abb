// A partner's webhook receiver on 127.0.0.1 for the tests: it records what arrives and answers
// as the test says (a status, or never).
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
}

/** What to answer to the n-th request (from 1): a status code, or 'hang' to never answer. */
export type Behaviour = (received: Received, n: number) => number | 'hang';

export class Receiver {
  readonly received: Received[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    public behaviour: Behaviour,
  ) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(behaviour: Behaviour = () => 204, port = 0): Promise<Receiver> {
    // The handler needs the receiver, which needs the server's port: a slot filled once it listens.
    const slot: { receiver?: Receiver } = {};
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const received = { headers: req.headers, body, json: body ? JSON.parse(body) : undefined };
        slot.receiver!.received.push(received);
        const answer = slot.receiver!.behaviour(received, slot.receiver!.received.length);
        if (answer === 'hang') return void slot.receiver!.hanging.add(res);
        res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer >= 300 ? 'nope '.repeat(5_000) : '');
      });
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    slot.receiver = new Receiver(server, (server.address() as { port: number }).port, behaviour);
    return slot.receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  ids(): string[] {
    return this.received.map((r) => r.json.id);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** A port nobody listens on (yet). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls `check` until it holds (real time), calling `tick` between looks. */
export async function eventually(check: () => boolean | Promise<boolean>, options: { timeoutMs?: number; tick?: () => Promise<void> } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 5_000);
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
    await (options.tick ? options.tick() : new Promise((r) => setTimeout(r, 10)));
  }
}
