/**
 * @module One error type, one status table, one handler: every failure leaves the service in the
 * contract's `{code, error, details}` shape.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export type ErrorKind =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'gone'
  | 'conflict'
  | 'precondition_failed'
  | 'payload_too_large'
  | 'unsupported_media_type'
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
  payload_too_large: 413,
  unsupported_media_type: 415,
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

function validationMessage(error: { keyword: string; message?: string | undefined }): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field';
    default:
      return error.message ?? 'is invalid';
  }
}

/** Ajv's list of failures as `{field: message}`, first message per field. */
export function validationDetails(
  errors: ReadonlyArray<{
    instancePath: string;
    keyword: string;
    params: Record<string, unknown>;
    message?: string;
  }>,
  part: string | undefined,
): ErrorDetails {
  const details: ErrorDetails = {};
  for (const error of errors) {
    // Union schemas repeat each failure once per branch; the first one is the most useful.
    const name = fieldName(error) || part || 'body';
    if (!(name in details)) {
      details[name] = validationMessage(error);
    }
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
