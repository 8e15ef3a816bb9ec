/**
 * @module The edge rule for text: a NUL character or a lone UTF-16 surrogate anywhere in a path
 * parameter, a query value or a JSON body (keys too) is a 422 naming the field, before any route runs.
 * PostgreSQL cannot store U+0000 in `text` or `jsonb`, and a lone surrogate has no UTF-8 form (Node
 * would write U+FFFD in its place): refused, never stripped, so nothing a client sent is silently
 * changed (docs/decisions/0121-edge-input-rules.md).
 */
import type { FastifyInstance } from 'fastify';
import { validationFailed } from '../../errors.js';

// NUL; a high surrogate not followed by a low one, or a low one not preceded by a high one.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is the character this rule refuses
const UNSAFE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with `text`, in the contract's words, or undefined when it is storable. */
export function unsafeTextProblem(text: string): string | undefined {
  const match = UNSAFE_TEXT.exec(text);
  if (!match) {
    return undefined;
  }
  return match[0] === '\u0000'
    ? 'must not contain a NUL character (\\u0000)'
    : 'must be valid Unicode text (it contains a lone UTF-16 surrogate)';
}

const join = (parent: string, key: string | number) =>
  typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;

/** Every unstorable string under `value`, as `{field: problem}` (the first problem per field). */
export function findUnsafeText(value: unknown, field: string, problems: Record<string, string>): void {
  if (typeof value === 'string') {
    const problem = unsafeTextProblem(value);
    if (problem && !(field in problems)) {
      problems[field || 'body'] = problem;
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      findUnsafeText(item, join(field, index), problems);
    });
  } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [key, item] of Object.entries(value)) {
      const name = join(field, key);
      const keyProblem = unsafeTextProblem(key);
      if (keyProblem) {
        problems[name] = `has a name that ${keyProblem}`;
      }
      findUnsafeText(item, name, problems);
    }
  }
}

export function registerTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const problems: Record<string, string> = {};
    findUnsafeText(request.params, '', problems);
    findUnsafeText(request.query, '', problems);
    findUnsafeText(request.body, '', problems);
    if (Object.keys(problems).length > 0) {
      throw validationFailed(problems);
    }
  });
}
