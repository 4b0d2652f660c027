// The one error type of the domain. Action wrappers and route handlers turn it into field
// messages or HTTP statuses; anything else is logged and shown as a generic message.
export type DuplexErrorCode = "INVALID" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "RATE_LIMITED";

export class DuplexError extends Error {
  constructor(
    readonly code: DuplexErrorCode,
    message: string,
    /** The form field the message belongs to, when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = "DuplexError";
  }
}

export const httpStatusOf: Record<DuplexErrorCode, number> = {
  INVALID: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
};

/** Prisma's unique-constraint violation, so callers can turn a race into a field message. */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";
}
