/**
 * @module What the validator reads in a route schema but an OpenAPI document must not say as is:
 * - A query parameter with a default is optional: TypeBox puts every non-Optional property in
 *   `required` (Ajv fills the default in), so @fastify/swagger marked it `required: true`, and generated
 *   clients refused a call without `page` or `sort` (issue 17).
 * - `errorMessage` is ajv-errors' wording of a refusal (docs/decisions/0120-error-words.md), not an
 *   OpenAPI keyword: linters and client generators reject it.
 */

interface Parameter {
  in?: string;
  required?: boolean;
  schema?: { default?: unknown };
}

/** The document with every parameter that has a default marked not required; path parameters stay. */
export function defaultsAreOptional<T>(document: T): T {
  const paths = (document as { paths?: Record<string, Record<string, { parameters?: Parameter[] }>> }).paths;
  for (const operations of Object.values(paths ?? {})) {
    for (const operation of Object.values(operations)) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in !== 'path' && parameter.schema?.default !== undefined) {
          parameter.required = false;
        }
      }
    }
  }
  return document;
}

/** The document without ajv-errors' `errorMessage` anywhere (it is changed in place). */
export function withoutErrorMessages<T>(document: T): T {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (node !== null && typeof node === 'object') {
      const object = node as Record<string, unknown>;
      delete object.errorMessage;
      Object.values(object).forEach(visit);
    }
  };
  visit(document);
  return document;
}
