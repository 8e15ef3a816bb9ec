/** @module What `linkit` exits with: each failure a script may branch on has its own code. */

export const EXIT = {
  ok: 0,
  /** Anything else: the service or database failed, a conflict, a network error. */
  failure: 1,
  /** The command line is wrong: unknown command or flag, missing or bad value (also a 422). */
  usage: 2,
  /** The named organization, key, account or order does not exist (404, 410). */
  notFound: 3,
  /** The key is missing, unknown, revoked or expired, or lacks the scope or role (401, 403). */
  auth: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure the user can act on: printed as one line, never with a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.failure,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(message, EXIT.usage);
export const notFoundError = (message: string) => new CliError(message, EXIT.notFound);

/** The exit code for an HTTP error status from the service. */
export function exitCodeForStatus(status: number): ExitCode {
  if (status === 401 || status === 403) {
    return EXIT.auth;
  }
  if (status === 404 || status === 410) {
    return EXIT.notFound;
  }
  if (status === 400 || status === 422) {
    return EXIT.usage;
  }
  return EXIT.failure;
}
