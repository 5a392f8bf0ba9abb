// The console's SSE framing: events split across chunks, multi-line data, comments (the stream's
// keep-alive) and every line ending; `id` carries over for Last-Event-ID.
import { describe, expect, it } from '@jest/globals';
import { sseParser } from '../../apps/console/src/api/sse.js';

function parseAll(chunks: string[]) {
  const events: { id?: string; event?: string; data: string }[] = [];
  const parse = sseParser((e) => events.push(e));
  for (const chunk of chunks) parse(chunk);
  return events;
}

describe('sseParser', () => {
  it('reads id, event and data, whatever the chunking', () => {
    const text = 'id: 7\nevent: AuthorizationGranted\ndata: {"position":"7"}\n\n: keep-alive\n\nid: 8\nevent: AuthorizationRenewed\ndata: {"position":"8"}\n\n';
    const expected = [
      { id: '7', event: 'AuthorizationGranted', data: '{"position":"7"}' },
      { id: '8', event: 'AuthorizationRenewed', data: '{"position":"8"}' },
    ];
    expect(parseAll([text])).toEqual(expected);
    expect(parseAll(text.split(''))).toEqual(expected);
  });

  it('joins multi-line data, accepts CRLF and CR, and dispatches nothing for a comment alone or an unfinished event', () => {
    expect(parseAll(['data: a\r\ndata: b\r\n\r\n', ': ping\r\r', 'data:c\r\r', 'data: unfinished\n'])).toEqual([{ data: 'a\nb' }, { data: 'c' }]);
  });

  it('reads a CRLF split across two chunks as one line ending', () => {
    expect(parseAll(['data: a\r', '\ndata: b\r\n\r', '\n'])).toEqual([{ data: 'a\nb' }]);
  });

  it('keeps the last id for the events that follow without one', () => {
    expect(parseAll(['id: 3\ndata: x\n\ndata: y\n\n']).map((e) => e.id)).toEqual(['3', '3']);
  });
});
