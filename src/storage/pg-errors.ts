/** @module Recognizing PostgreSQL errors whichever driver raised them (Drizzle wraps them in `cause`). */

/** SQLSTATE of a failed statement, looking through Drizzle's query-error wrapper. */
function sqlState(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 3; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      return code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A unique index refused the row (23505). */
export function isUniqueViolation(error: unknown): boolean {
  return sqlState(error) === '23505';
}
