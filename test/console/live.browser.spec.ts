// The console's live reads, seen from the browser: a command's answer is followed by reads with
// X-Min-Position at its position; GET /v1/changes is read as SSE with the bearer token and, after
// the stream drops, resumed with Last-Event-ID; while it answers 404 the console says it polls.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page, Request } from 'playwright-core';
import type { Principal } from '#libs/platform';
import { browserAvailable, type ConsoleWorld, startConsoleWorld } from './support/browser.js';
import { eventually, publishService } from './support/steps.js';

const partner = { role: 'partner', sub: 'partner-live' } as Principal;
const sse = (id: number, type: string) =>
  `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify({ position: String(id), type, ids: { partnerId: 'partner-live' } })}\n\n`;

(browserAvailable ? describe : describe.skip)('live reads in the console', () => {
  let world: ConsoleWorld;
  beforeAll(async () => {
    world = await startConsoleWorld();
  }, 90_000);
  afterAll(() => world?.close());

  it("reads its own writes: the reads after a command carry X-Min-Position at the command's position", async () => {
    const page = await world.signIn(partner);
    const reads: Request[] = [];
    page.on('request', (r) => r.url().includes('/v1/partner/services') && reads.push(r));
    const answer = page.waitForResponse((r) => r.url().endsWith('/v1/services') && r.request().method() === 'POST');
    await publishService(page, { name: 'Live Ads' });
    const position = (await (await answer).json()).position as string;
    expect(position).toMatch(/^\d+$/);
    const after = await eventually(
      async () => reads.map((r) => r.headers()['x-min-position']),
      (headers) => headers.includes(position),
    );
    expect(after).toContain(position);
  });

  it('follows /v1/changes with the token, resumes with Last-Event-ID after a drop, and polls while it answers 404', async () => {
    const streams: Record<string, string>[] = [];
    const before = async (page: Page) => {
      await page.route('**/v1/changes', async (route) => {
        streams.push(await route.request().allHeaders());
        if (streams.length === 1)
          await route.fulfill({
            status: 200,
            contentType: 'text/event-stream',
            body: `: hello\n\n${sse(41, 'ServicePublished')}${sse(42, 'AuthorizationGranted')}`,
          });
        else
          await route.fulfill({
            status: 404,
            contentType: 'application/problem+json',
            body: JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'no such route' }),
          });
      });
    };
    const page = await world.signIn(partner, 'partner/sellers', { before });
    await eventually(
      async () => streams.length,
      (n) => n >= 2,
    );
    expect(streams[0]!.authorization).toMatch(/^Bearer ey/);
    expect(streams[0]!['last-event-id']).toBeUndefined();
    expect(streams[1]!['last-event-id']).toBe('42');
    await page.getByText('Refreshing every 10 s').waitFor();
  });
});
