/**
 * @module Request validation. Query strings and path params arrive as text, so their validator coerces
 * ("20" → 20); bodies are JSON and are taken as sent: `"12"` is not a number and `true` is not 1.
 * Unknown properties are reported, never silently removed, so nothing a client sent is dropped unseen.
 */
import { Ajv, type Options } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS with a `default` export; under NodeNext its default import is the module.
const addFormats = ajvFormats as unknown as typeof ajvFormats.default;

function createAjv(options: Options): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    removeAdditional: false,
    useDefaults: true,
    strict: false,
    ...options,
  });
  addFormats(ajv);
  return ajv;
}

const bodyAjv = createAjv({ coerceTypes: false });
const textAjv = createAjv({ coerceTypes: 'array' });

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodyAjv : textAjv).compile(schema);
