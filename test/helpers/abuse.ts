/** Raw connections for abuse tests, and a health probe that comes from another address than the abuser. */
import { once } from 'node:events';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface RawConnection {
  socket: Socket;
  /** Everything the server sent so far. */
  received(): string;
  /** Resolves when the server (or anyone) has closed the connection. */
  closed: Promise<void>;
}

/** A TCP connection to the test service; `localAddress` picks the client address (127.x.x.x). */
export async function openRaw(url: string, localAddress = '127.0.0.1'): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  const socket = connect({ port: Number(port), host: hostname, localAddress });
  socket.on('error', () => {}); // a reset by the server is an expected way to end
  await once(socket, 'connect');
  let text = '';
  socket.on('data', (chunk) => {
    text += chunk;
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, received: () => text, closed };
}

/** Writes `text` one character every `everyMs` until it is all sent or the connection is closed. */
export function trickle(connection: RawConnection, text: string, everyMs: number): void {
  let index = 0;
  const timer = setInterval(() => {
    if (connection.socket.destroyed || index >= text.length) {
      clearInterval(timer);
      return;
    }
    connection.socket.write(text[index] as string);
    index += 1;
  }, everyMs);
  connection.socket.once('close', () => clearInterval(timer));
}

/**
 * GET `path` from another loopback address than the abusive clients (127.0.0.2), on a fresh
 * connection, as an orchestrator's probe would: status and body.
 */
export function probe(url: string, path = '/healthz'): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: hostname, port: Number(port), path, localAddress: '127.0.0.2', agent: false },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** The status line and JSON body of a raw HTTP/1.1 response (Content-Length framed). */
export function parseRawResponse(raw: string): { status: number; headers: string; body: unknown } {
  const headerEnd = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, headerEnd);
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
  const text = raw.slice(headerEnd + 4);
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status, headers: head.toLowerCase(), body };
}
