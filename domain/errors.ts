// One small error vocabulary (STYLE.md 10). Thrown by the domain, carried across Temporal as
// ApplicationFailure.type, mapped to HTTP in api/problem.ts and nowhere else.

export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_TRANSITION: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  NOT_AVAILABLE: 501,
  UNAVAILABLE: 503,
  /** Printing to PDF cannot work on this machine yet (no Chromium or fonts); the detail says how to fix it. */
  PDF_UNAVAILABLE: 503,
  /** No worker took the action within its time limit; it was not applied, and a retry with the key is safe. */
  WORKER_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldError {
  /** JSON pointer of the failing field, e.g. `/subjects/0/creditCode`. */
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isErrorCode = (s: unknown): s is ErrorCode =>
  typeof s === 'string' && Object.hasOwn(ERROR_STATUS, s);

export const validationFailed = (message: string, errors: FieldError[]) =>
  new DomainError('VALIDATION_FAILED', message, errors);
export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what}不存在`);
export const forbidden = (message: string) => new DomainError('FORBIDDEN', message);
export const invalidTransition = (message: string) => new DomainError('INVALID_TRANSITION', message);
export const conflict = (message: string) => new DomainError('CONFLICT', message);
