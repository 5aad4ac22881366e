import type { Knex } from 'knex';

// Tamper-evident history (issue 14, build 8): each event carries the hash of the one before it in its case
// and its own (db/audit.repository.ts says over what), the head of each case's chain is one row that every
// append locks (so two writers cannot fork a chain), and signed checkpoints of all heads are kept. Existing
// events are hashed by the next migration (a data backfill, kept apart from this schema change).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE case_events ADD COLUMN prev_hash char(64), ADD COLUMN hash char(64);
    CREATE TABLE case_event_chains (
      case_id uuid PRIMARY KEY REFERENCES cases(id),
      head_seq integer NOT NULL CHECK (head_seq >= 0),
      head_hash char(64) NOT NULL CHECK (head_hash ~ '^[0-9a-f]{64}$')
    );
    CREATE TABLE audit_checkpoints (
      id bigserial PRIMARY KEY,
      created_at timestamptz NOT NULL DEFAULT now(),
      heads jsonb NOT NULL,
      digest char(64) NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
      key_id char(16) NOT NULL,
      signature text NOT NULL
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE audit_checkpoints;
    DROP TABLE case_event_chains;
    ALTER TABLE case_events DROP COLUMN hash, DROP COLUMN prev_hash;
  `);
}
