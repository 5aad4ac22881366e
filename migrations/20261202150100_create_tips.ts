import type { Knex } from 'knex';

// Public tips (issue 14, build 9). The receipt is a bearer secret handed to the reporter: only its sha256 is
// kept. The reporter's identity and contact are one sealed box (db/sealing.ts, AES-256-GCM), opened only by
// the financial office with a reason, each opening logged in tip_reporter_reads. received_at is the
// first-report time that decides reward priority.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE tips (
      id uuid PRIMARY KEY,
      receipt_hash char(64) NOT NULL UNIQUE,
      -- With an Idempotency-Key, the sha256 of the body first sent: a retry is answered, another body refused.
      request_hash char(64) NULL,
      region_code varchar(6) NOT NULL REFERENCES regions(code),
      what text NOT NULL,
      "where" text NOT NULL,
      who text NULL,
      evidence text NULL,
      named boolean NOT NULL,
      reporter_key_id varchar(32) NULL,
      reporter_box bytea NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      state varchar(16) NOT NULL DEFAULT 'received',
      case_id uuid NULL,
      already_known boolean NOT NULL DEFAULT false,
      closed_reason text NULL,
      verified_by varchar(64) NULL,
      verified_at timestamptz NULL,
      reward_state varchar(16) NOT NULL DEFAULT 'none',
      reward_tier varchar(16) NULL,
      reward_amount_fen bigint NULL,
      reward_proposed_by varchar(64) NULL,
      reward_decided_by varchar(64) NULL,
      reward_note text NULL,
      reward_paid_on date NULL,
      CONSTRAINT tips_state CHECK (state IN ('received', 'lead', 'closed')),
      CONSTRAINT tips_reward_state CHECK (reward_state IN ('none', 'proposed', 'approved', 'rejected', 'paid')),
      CONSTRAINT tips_reporter_sealed CHECK ((reporter_box IS NULL) = (reporter_key_id IS NULL))
    );
    CREATE INDEX tips_region_received ON tips (region_code, received_at);
    CREATE INDEX tips_case ON tips (case_id, received_at) WHERE case_id IS NOT NULL;

    CREATE TABLE tip_reporter_reads (
      id bigserial PRIMARY KEY,
      tip_id uuid NOT NULL REFERENCES tips(id),
      user_id varchar(64) NOT NULL,
      reason text NOT NULL,
      read_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX tip_reporter_reads_tip ON tip_reporter_reads (tip_id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE tip_reporter_reads; DROP TABLE tips;');
}
