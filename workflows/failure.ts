// One mapping of final errors to Temporal failures, for workflow code and activities alike: a domain refusal
// is final (never retried) and keeps its code and failing fields, which the API turns back into a problem; so
// is an error Postgres gives for the data itself, which no retry can change.
import { ApplicationFailure } from '@temporalio/common';
import { DomainError } from '../domain/errors';

/**
 * Postgres SQLSTATE classes a retry cannot fix (PostgreSQL manual, appendix A): 22 data exception (a NUL in
 * text, a bad uuid, a value out of range) and 23 integrity constraint violation (unique, check, foreign key,
 * not null). Retried, one such persist held the case's lock for twenty attempts (~143 s) and every other
 * action on the case waited behind it. Class 40 (serialization, deadlock) and connection errors stay
 * retryable.
 */
function finalDatabaseError(err: unknown): DomainError | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^2[23][0-9A-Z]{3}$/.test(code)) return null;
  // The database's message and detail quote the offending values (personal data among them): never passed on.
  return code === '23505' || code === '23P01'
    ? new DomainError('CONFLICT', `数据与已有记录冲突（SQLSTATE ${code}）`)
    : new DomainError('VALIDATION_FAILED', `数据库拒绝了这些数据（SQLSTATE ${code}）`);
}

export function toFailure(err: unknown): unknown {
  const domain = err instanceof DomainError ? err : finalDatabaseError(err);
  if (domain) {
    return ApplicationFailure.create({
      type: domain.code,
      message: domain.message,
      nonRetryable: true,
      details: [{ errors: domain.errors ?? [] }],
    });
  }
  return err;
}
