/**
 * @module Request validation. Query strings and path params arrive as text, so their validator coerces
 * ("20" → 20); bodies are JSON and are taken as sent: `"12"` is not a number and `true` is not 1.
 * Unknown properties are reported, never silently removed, so nothing a client sent is dropped unseen.
 */

import type { Static, TSchema } from '@sinclair/typebox';
import { Ajv, type Options } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { type ApiError, validationDetails, validationFailed } from '../errors.js';

// ajv-formats is CommonJS with a `default` export; under NodeNext its default import is the module.
const addFormats = ajvFormats as unknown as typeof ajvFormats.default;

function createAjv(options: Options): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    removeAdditional: false,
    useDefaults: true,
    strict: false,
    // Failures carry their schema, so that messages can use its own words (errors.ts validationMessage).
    verbose: true,
    ...options,
  });
  addFormats(ajv);
  return ajv;
}

const bodyAjv = createAjv({ coerceTypes: false });
const textAjv = createAjv({ coerceTypes: 'array' });

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodyAjv : textAjv).compile(schema);

/** The outcome of checking one item of a bulk body: its typed value, or why it was refused. */
export type ItemCheck<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/**
 * A validator for the items of a bulk body, with exactly the settings of request bodies: a bulk item
 * is accepted or refused as the same object sent alone would be.
 */
export function compileItemValidator<T extends TSchema>(schema: T): (item: unknown) => ItemCheck<Static<T>> {
  const validate = bodyAjv.compile(schema);
  return (item) =>
    validate(item)
      ? { ok: true, value: item as Static<T> }
      : { ok: false, error: validationFailed(validationDetails(validate.errors ?? [], 'body')) };
}

/**
 * A validator for query-string values that arrive outside HTTP (the CLI's flags), with exactly the
 * settings of query strings, so that a flag means what the same query parameter means.
 */
export function compileQueryValidator<T extends TSchema>(schema: T): (query: unknown) => Static<T> {
  const validate = textAjv.compile(schema);
  return (query) => {
    if (!validate(query)) {
      throw validationFailed(validationDetails(validate.errors ?? [], 'querystring'));
    }
    return query as Static<T>;
  };
}
