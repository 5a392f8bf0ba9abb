// Server-Sent Events framing (the WHATWG rules the changes stream needs): no DOM, testable alone.

/** Splits a text stream into events: `id`, `event`, `data` (multi-line), comments and any line ending. */
export function sseParser(onEvent: (event: { id?: string; event?: string; data: string }) => void): (chunk: string) => void {
  let buffer = '';
  let id: string | undefined;
  let event: string | undefined;
  let data: string[] = [];
  return (chunk) => {
    buffer += chunk;
    // A CR at the end may be the first half of a CRLF split across chunks: wait for the next one.
    const cut = buffer.endsWith('\r') ? buffer.length - 1 : buffer.length;
    const lines = buffer.slice(0, cut).split(/\r\n|\r|\n/);
    buffer = (lines.pop() ?? '') + buffer.slice(cut);
    for (const line of lines) {
      if (line === '') {
        if (data.length) onEvent({ id, event, data: data.join('\n') });
        event = undefined;
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const name = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (name === 'id') id = value;
      else if (name === 'event') event = value;
      else if (name === 'data') data.push(value);
    }
  };
}
