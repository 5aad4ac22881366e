// One mapping of domain refusals to Temporal failures, for workflow code and activities alike: a refusal is
// final (never retried) and keeps its code and failing fields, which the API turns back into a problem.
import { ApplicationFailure } from '@temporalio/common';
import { DomainError } from '../domain/errors';

export function toFailure(err: unknown): unknown {
  if (err instanceof DomainError) {
    return ApplicationFailure.create({
      type: err.code,
      message: err.message,
      nonRetryable: true,
      details: [{ errors: err.errors ?? [] }],
    });
  }
  return err;
}
