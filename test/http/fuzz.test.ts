/**
 * Malformed requests over every route of the OpenAPI document (issue 17): path ids, query values and
 * bodies drawn by fast-check, with NUL bytes, lone surrogates, invalid UTF-8, numbers past any integer
 * type and JSON of every shape. The service must answer each within 10 s, never with a 5xx, and every
 * refusal in the contract's `{code, error, details}`. Bounded in time; fast-check prints the seed and
 * the shrunk request of a failure, so a run can be replayed with `seed`/`path`.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestTenant } from '../helpers/app.js';
import { createOrder } from '../helpers/orders.js';

/** How long the property may run on one engine; CI runs the suite on two. */
const TIME_LIMIT_MS = 15_000;
const ANSWER_DEADLINE_MS = 10_000;

let app: TestApp;
let tenant: TestTenant;
let orderId: string;

interface Operation {
  method: string;
  path: string;
  query: string[];
  hasBody: boolean;
}

let operations: Operation[] = [];

beforeAll(async () => {
  app = await startTestApp();
  tenant = await app.newTenant();
  orderId = await createOrder(app, tenant.key);
  const document = (await app.call('GET', '/api/v1/openapi.json')).body;
  operations = Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(
    ([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, operation]) => ({
          method: method.toUpperCase(),
          path,
          query: (operation.parameters ?? [])
            .filter((parameter: any) => parameter.in === 'query')
            .map((parameter: any) => parameter.name as string),
          hasBody: operation.requestBody !== undefined,
        })),
  );
});
afterAll(async () => {
  await app.close();
});

/** Percent-encodes any string, lone surrogates included (as the bytes a careless client would send). */
function percentEncode(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0) as number;
    out +=
      code >= 0xd800 && code <= 0xdfff
        ? `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`
        : encodeURIComponent(char);
  }
  return out;
}

/** Text a client may send: plain, with NUL and control characters, lone surrogates, huge numbers. */
const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '%', '%zz', '..', '../../etc/passwd'),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.constantFrom('99999999999999999999', '-1', '0', '1e309', 'NaN', 'true', 'null', '[]', '{}'),
);
/** The same, already percent-encoded; or raw bytes no UTF-8 decoder accepts. */
const hostileSegment = fc.oneof(
  { weight: 4, arbitrary: hostileText.map(percentEncode) },
  { weight: 1, arbitrary: fc.constantFrom('%ff', '%c0%80', '%ed%a0%80', '%00') },
);

const hostileJson = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
  fc.constantFrom('', '{', '[1,', '{"a":1}}', 'nul', '"\\u0000"', '"\\ud800"', '{"products":"\\u0000"}'),
  hostileText.map((text) => JSON.stringify({ source: text, products: [{ name: text, quantity: text }] })),
);

function requestOf(operations: Operation[]) {
  return fc.integer({ min: 0, max: operations.length - 1 }).chain((index) => {
    const operation = operations[index] as Operation;
    const segments = fc.array(hostileSegment, { minLength: 4, maxLength: 4 });
    const query = fc.array(
      fc.tuple(
        operation.query.length > 0 ? fc.constantFrom(...operation.query) : hostileText,
        hostileSegment,
      ),
      { maxLength: 3 },
    );
    return fc.record({
      operation: fc.constant(operation),
      segments,
      // Half the time the path keeps a real order id, so routes get past "not found".
      realIds: fc.boolean(),
      query,
      body: operation.hasBody ? fc.option(hostileJson, { nil: undefined }) : fc.constant(undefined),
    });
  });
}

describe('fuzzing every route of the OpenAPI document', () => {
  it('answers every malformed request in time, without a 5xx, in the contract’s error shape', async () => {
    expect(operations.length).toBeGreaterThan(30);
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(requestOf(operations), async ({ operation, segments, realIds, query, body }) => {
        let slot = 0;
        const path = operation.path.replace(/\{[^}]+\}/g, (name) => {
          const segment = segments[slot++ % segments.length] as string;
          return realIds && name === '{id}' ? orderId : segment;
        });
        const search = query.map(([name, value]) => `${percentEncode(name)}=${value}`).join('&');
        const url = `${app.url}${path}${search ? `?${search}` : ''}`;
        const headers: Record<string, string> = {
          authorization: `Bearer ${tenant.key}`,
          accept: 'application/json',
        };
        if (body !== undefined) {
          headers['content-type'] = 'application/json';
        }
        const response = await fetch(url, {
          method: operation.method,
          headers,
          body,
          signal: AbortSignal.timeout(ANSWER_DEADLINE_MS),
        });
        const text = await response.text();
        sent += 1;
        const what = `${operation.method} ${url} ${body ?? ''} → ${response.status} ${text.slice(0, 300)}`;
        expect(response.status, what).toBeLessThan(500);
        if (response.status >= 400) {
          const parsed = JSON.parse(text);
          expect(parsed, what).toMatchObject({ code: response.status, error: expect.any(String) });
          expect(typeof parsed.details, what).toBe('object');
        }
      }),
      { numRuns: 100_000, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false },
    );
    // The time limit must leave room for a real run, not a handful of requests.
    expect(sent).toBeGreaterThan(200);
  }, 120_000);
});
