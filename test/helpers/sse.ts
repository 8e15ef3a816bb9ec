/** Reads a Server-Sent Events response of the change feed into events, for tests. */

export interface StreamedEvent {
  id: string;
  event: string;
  data: any;
}

/** The complete events in `text` (blocks ended by a blank line), comments skipped. */
export function parseSse(text: string): StreamedEvent[] {
  const events: StreamedEvent[] = [];
  for (const block of text.split('\n\n').slice(0, -1)) {
    const fields = Object.fromEntries(
      block
        .split('\n')
        .filter((line) => line !== '' && !line.startsWith(':'))
        .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
    );
    if (fields.id) {
      events.push({ id: fields.id, event: fields.event as string, data: JSON.parse(fields.data as string) });
    }
  }
  return events;
}

/**
 * Opens the feed as SSE and reads until `count` events have arrived (or the stream ends), then
 * disconnects. Fails rather than waiting forever when fewer arrive within `timeoutMs`.
 */
export async function readEventStream(
  url: string,
  key: string,
  count: number,
  headers: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<StreamedEvent[]> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error(`fewer than ${count} events arrived`)), timeoutMs);
  try {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream', ...headers },
      signal: abort.signal,
    });
    if (response.status !== 200) {
      throw new Error(`SSE answered ${response.status}: ${await response.text()}`);
    }
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    let events: StreamedEvent[] = [];
    while (events.length < count) {
      const { value, done } = await reader.read();
      if (done) {
        break;
      }
      text += decoder.decode(value, { stream: true });
      events = parseSse(text);
    }
    return events.slice(0, count);
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}
