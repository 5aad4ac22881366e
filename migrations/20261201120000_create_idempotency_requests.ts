import type { Knex } from 'knex';

// What each Idempotency-Key was first used for, so a reuse for another action or another body is refused
// (409) instead of silently replaying the first result (issue 14). The key is scoped to its caller and case:
// scope_key = sha256(user id, case id, key), which is also the update id and the event's idempotency_key, so
// one caller's key can never find another caller's result. No foreign key to cases: an opening claims its key
// before the case row exists.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE idempotency_requests (
      scope_key char(64) PRIMARY KEY,
      user_id varchar(64) NOT NULL,
      case_id uuid NOT NULL,
      action varchar(64) NOT NULL,
      request_hash char(64) NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT idempotency_requests_hex CHECK (scope_key ~ '^[0-9a-f]{64}$' AND request_hash ~ '^[0-9a-f]{64}$')
    );
    CREATE INDEX idempotency_requests_created ON idempotency_requests (created_at);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('idempotency_requests');
}
