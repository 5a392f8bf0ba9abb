// The Server-Sent Events framing of GET /v1/changes (API.md): one event per change, its position
// as the id a client sends back as Last-Event-ID, and comment lines that carry nothing.
import type { Change } from '#libs/domain';

/** Event type names of the contract hold no line breaks; a stored one that did must not split its frame. */
const oneLine = (value: string) => value.replace(/[\r\n]/g, ' ');

export function frameOf(change: Change): string {
  return `id: ${change.position}\nevent: ${oneLine(change.type)}\ndata: ${JSON.stringify(change)}\n\n`;
}

export const CONNECTED = ': connected\n\n';
export const KEEP_ALIVE = ': keep-alive\n\n';
