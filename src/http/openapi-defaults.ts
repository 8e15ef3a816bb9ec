/**
 * @module A query parameter with a default is optional: the schema lists it as required (TypeBox puts
 * every non-Optional property in `required`, and Ajv fills the default in), so @fastify/swagger marked
 * it `required: true`, and generated clients refused a call without `page` or `sort` (issue 17).
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
