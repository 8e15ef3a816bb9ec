/**
 * @module One error type, one status table, one handler: every failure leaves the service in the
 * contract's `{code, error, details}` shape.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export type ErrorKind =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'gone'
  | 'conflict'
  | 'precondition_failed'
  | 'request_timeout'
  | 'payload_too_large'
  | 'uri_too_long'
  | 'unsupported_media_type'
  | 'headers_too_large'
  | 'validation'
  | 'rate_limited'
  | 'internal'
  | 'unavailable';

const STATUS: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  gone: 410,
  conflict: 409,
  precondition_failed: 412,
  request_timeout: 408,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  headers_too_large: 431,
  validation: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

export type ErrorDetails = Record<string, unknown>;

export class ApiError extends Error {
  readonly status: number;
  /** When a retry may succeed (429, 503): sent as `Retry-After`, in seconds. */
  retryAfterSeconds: number | undefined;
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.status = STATUS[kind];
  }
}

/** A refusal that says when to come back: 429 (the caller's own limit) or 503 (the service's). */
export function retryLater(
  kind: 'rate_limited' | 'unavailable',
  message: string,
  details: ErrorDetails,
  retryAfterSeconds: number,
): ApiError {
  const error = new ApiError(kind, message, details);
  error.retryAfterSeconds = retryAfterSeconds;
  return error;
}

export const notFound = (what: string, details: ErrorDetails) =>
  new ApiError('not_found', `${what} not found`, details);
export const validationFailed = (details: ErrorDetails) =>
  new ApiError('validation', 'Validation failed', details);

export interface ErrorBody {
  code: number;
  error: string;
  details: ErrorDetails;
}

/** `/products/0/price` → `products[0].price`; a required property is named by itself. */
function fieldName(error: {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}): string {
  const segments = error.instancePath.split('/').filter(Boolean);
  if (error.keyword === 'required' && typeof error.params.missingProperty === 'string') {
    segments.push(error.params.missingProperty);
  }
  if (error.keyword === 'additionalProperties' && typeof error.params.additionalProperty === 'string') {
    segments.push(error.params.additionalProperty);
  }
  return segments.reduce(
    (name, segment) =>
      /^\d+$/.test(segment) ? `${name}[${segment}]` : name ? `${name}.${segment}` : segment,
    '',
  );
}

/** One Ajv failure; `parentSchema` is there when Ajv runs with `verbose` (src/http/validation.ts). */
export interface ValidationFailure {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  parentSchema?: unknown;
}

type SchemaNode = { const?: unknown; type?: unknown; anyOf?: SchemaNode[]; errorMessage?: unknown };

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

const FORMAT_NAMES: Record<string, string> = {
  'date-time': 'a date and time in ISO 8601, like 2026-01-31T12:00:00Z',
  date: 'a date in ISO 8601, like 2026-01-31',
  email: 'an email address',
  uri: 'a URL',
  uuid: 'a UUID',
};

const typeName = (type: unknown) =>
  (Array.isArray(type) ? type : [type]).map((one) => TYPE_NAMES[String(one)] ?? String(one)).join(' or ');

const plural = (count: unknown, one: string) => `${count} ${one}${count === 1 ? '' : 's'}`;

/** The allowed values of a union of constants (TypeBox's `Union([Literal…])`), or undefined. */
function unionConstants(schema: unknown): unknown[] | undefined {
  const branches = (schema as SchemaNode | undefined)?.anyOf;
  return branches?.every((branch) => 'const' in branch) ? branches.map((branch) => branch.const) : undefined;
}

/**
 * A failure in plain words, as the contract writes them ("At least one product is required"): a
 * schema's own `errorMessage: {keyword: text}` first, then one sentence per keyword. An enum lists
 * the values it allows.
 */
function validationMessage(error: ValidationFailure): string {
  const own = (error.parentSchema as SchemaNode | undefined)?.errorMessage;
  if (own && typeof own === 'object' && typeof (own as Record<string, unknown>)[error.keyword] === 'string') {
    return (own as Record<string, string>)[error.keyword] as string;
  }
  const { params } = error;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field';
    case 'type':
      return `must be ${typeName(params.type)}`;
    case 'minimum':
      return `must be at least ${params.limit}`;
    case 'exclusiveMinimum':
      return `must be greater than ${params.limit}`;
    case 'maximum':
      return `must be at most ${params.limit}`;
    case 'exclusiveMaximum':
      return `must be less than ${params.limit}`;
    case 'multipleOf':
      return `must be a multiple of ${params.multipleOf}`;
    case 'minLength':
      return params.limit === 1
        ? 'must not be empty'
        : `must be at least ${plural(params.limit, 'character')} long`;
    case 'maxLength':
      return `must be at most ${plural(params.limit, 'character')} long`;
    case 'minItems':
      return params.limit === 1
        ? 'must have at least one item'
        : `must have at least ${plural(params.limit, 'item')}`;
    case 'maxItems':
      return `must have at most ${plural(params.limit, 'item')}`;
    case 'minProperties':
      return params.limit === 1
        ? 'must have at least one field'
        : `must have at least ${plural(params.limit, 'field')}`;
    case 'uniqueItems':
      return 'must not list the same item twice';
    case 'enum':
      return `must be one of: ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'format':
      return `must be ${FORMAT_NAMES[String(params.format)] ?? `in the ${String(params.format)} format`}`;
    case 'pattern':
      return `must match the pattern ${String(params.pattern)}`;
    case 'anyOf': {
      const allowed = unionConstants(error.parentSchema);
      if (allowed) {
        return `must be one of: ${allowed.join(', ')}`;
      }
      const branches = (error.parentSchema as SchemaNode | undefined)?.anyOf ?? [];
      const types = branches.map((branch) => branch.type).filter((type) => type !== undefined);
      return types.length === branches.length && types.length > 0
        ? `must be ${types.map(typeName).join(' or ')}`
        : 'is not in any accepted form';
    }
    default:
      return error.message ?? 'is invalid';
  }
}

/** Failures a union's branches repeat; the union's own failure (or a substantive one) says more. */
const BRANCH_KEYWORDS = new Set(['type', 'const', 'anyOf']);

/**
 * Ajv's list of failures as `{field: message}`, one message per field: a union of constants says which
 * values exist; otherwise the first substantive failure (a length, a range) over a branch's type
 * mismatch; otherwise the first.
 */
export function validationDetails(
  errors: ReadonlyArray<ValidationFailure>,
  part: string | undefined,
): ErrorDetails {
  const byField = new Map<string, ValidationFailure[]>();
  for (const error of errors) {
    const name = fieldName(error) || part || 'body';
    byField.set(name, [...(byField.get(name) ?? []), error]);
  }
  const details: ErrorDetails = {};
  for (const [name, failures] of byField) {
    const chosen =
      failures.find((failure) => failure.keyword === 'anyOf' && unionConstants(failure.parentSchema)) ??
      failures.find((failure) => !BRANCH_KEYWORDS.has(failure.keyword)) ??
      failures.find((failure) => failure.keyword === 'anyOf') ??
      (failures[0] as ValidationFailure);
    details[name] = validationMessage(chosen);
  }
  return details;
}

export function toErrorBody(error: ApiError): ErrorBody {
  return { code: error.status, error: error.message, details: error.details };
}

/** Fastify's own failures (body parsing, limits) mapped onto our kinds. */
function fromFastifyError(error: FastifyError): ApiError | undefined {
  if (error.validation) {
    return validationFailed(validationDetails(error.validation, error.validationContext));
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError('bad_request', 'Malformed JSON', { body: error.message });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('payload_too_large', 'Request body too large', {});
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('unsupported_media_type', 'Unsupported content type', {
        content_type: 'expected application/json',
      });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError('bad_request', 'Invalid Content-Length', {});
    default:
      break;
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new ApiError('bad_request', error.message, {});
  }
  return undefined;
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (a bad Content-Length, oversized
 * headers, broken chunked framing, bytes that are not HTTP): answered in the contract's shape on the
 * raw socket, which is then closed, since the framing of anything after it is unknowable. Replaces
 * Fastify's default handler, which wrote its own `{error, message, statusCode}`.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) {
    return;
  }
  const apiError = clientErrorFor(error.code);
  const body = JSON.stringify(toErrorBody(apiError));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${apiError.status} ${STATUS_CODES[apiError.status]}\r\n` +
        'content-type: application/json; charset=utf-8\r\n' +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

function clientErrorFor(code: string | undefined): ApiError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return new ApiError('headers_too_large', 'Request header fields too large', {});
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ApiError('request_timeout', 'Request timeout', {});
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return new ApiError('bad_request', 'Invalid Content-Length', {});
    case 'HPE_INVALID_METHOD':
      return new ApiError('bad_request', 'Unsupported method', {});
    case 'HPE_INVALID_URL':
      return new ApiError('bad_request', 'Malformed URL', {
        url: 'must be ASCII: percent-encode other characters (UTF-8)',
      });
    default:
      return new ApiError('bad_request', 'Malformed HTTP request', { reason: code ?? 'unknown' });
  }
}

/** Fastify's router failures (`frameworkErrors`): a path that is not valid percent-encoded UTF-8. */
export function frameworkErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const apiError =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new ApiError('uri_too_long', 'Path parameter too long', {})
      : new ApiError('bad_request', 'Malformed URL', {
          url: 'is not valid percent-encoded UTF-8',
        });
  return reply.status(apiError.status).send(toErrorBody(apiError));
}

export interface ErrorHandlingOptions {
  /** Answers a request no route matched (the dashboard's client-side routes); undefined = not mine. */
  notFoundFallback?: (request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined;
}

export function registerErrorHandling(app: FastifyInstance, options: ErrorHandlingOptions = {}): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = error instanceof ApiError ? error : fromFastifyError(error);
    if (known?.kind === 'payload_too_large') {
      known.details.limit_bytes = request.routeOptions.bodyLimit;
    }
    if (known) {
      if (known.status >= 500 && known.kind !== 'unavailable') {
        request.log.error({ err: error }, 'request failed');
      }
      if (known.retryAfterSeconds !== undefined) {
        reply.header('retry-after', String(known.retryAfterSeconds));
      }
      return reply.status(known.status).send(toErrorBody(known));
    }
    // Unknown failures are bugs: log everything, tell the client nothing internal.
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ code: 500, error: 'Internal server error', details: {} });
  });

  app.setNotFoundHandler((request, reply) => {
    if (options.notFoundFallback?.(request, reply)) {
      return;
    }
    reply
      .status(404)
      .send({ code: 404, error: 'Route not found', details: { method: request.method, url: request.url } });
  });
}
