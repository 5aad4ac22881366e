import type { Knex } from 'knex';

// Issue 10, the rounds wired into the case: a claim may be withdrawn (resolve_claim: the objection succeeds);
// a round remembers which compute job produced its snapshot (only the latest job of a round may write it, and
// approval takes only that snapshot); the payment file is kept sealed (it holds complete bank accounts), a
// chunk at a time, with its sha256 on the round; a bank result file is staged line by line and each line's
// outcome (applied, or why not) is kept as the reconciliation report.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE claims DROP CONSTRAINT IF EXISTS claims_state_check;
    ALTER TABLE claims ADD CONSTRAINT claims_state_check
      CHECK (state IN ('registered', 'confirmed', 'disputed', 'withdrawn'));
    ALTER TABLE refund_rounds ADD COLUMN compute_job_id uuid;
    ALTER TABLE refund_rounds ADD COLUMN min_payout_fen bigint NOT NULL DEFAULT 0;
    -- The loss a payout was computed on (本轮清退基数), part of the snapshot: the notice states it.
    ALTER TABLE refund_payouts ADD COLUMN loss_fen bigint NOT NULL DEFAULT 0 CHECK (loss_fen >= 0);
    -- A snapshot's payouts are written by one statement from the register, in the transaction that writes their
    -- round, and checked against both in one set-based query there (db/refunds.repository.ts): per-row foreign
    -- key triggers were half the cost of writing a million of them.
    ALTER TABLE refund_payouts DROP CONSTRAINT refund_payouts_case_id_round_no_fkey;
    ALTER TABLE refund_payouts DROP CONSTRAINT refund_payouts_participant_id_fkey;

    CREATE TABLE refund_payment_file_chunks (
      case_id uuid NOT NULL,
      round_no integer NOT NULL,
      chunk_no integer NOT NULL,
      key_id varchar(32) NOT NULL,
      sealed bytea NOT NULL,
      PRIMARY KEY (case_id, round_no, chunk_no),
      FOREIGN KEY (case_id, round_no) REFERENCES refund_rounds(case_id, round_no)
    );

    CREATE TABLE bank_result_lines (
      job_id uuid NOT NULL REFERENCES jobs(id),
      line_no integer NOT NULL,
      reconciliation_id text NOT NULL,
      amount_fen bigint,
      outcome varchar(20) NOT NULL,
      reason text,
      applied boolean NOT NULL DEFAULT false,
      report text,
      PRIMARY KEY (job_id, line_no)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE IF EXISTS bank_result_lines;
    DROP TABLE IF EXISTS refund_payment_file_chunks;
    ALTER TABLE refund_payouts ADD CONSTRAINT refund_payouts_participant_id_fkey
      FOREIGN KEY (participant_id) REFERENCES participants(id);
    ALTER TABLE refund_payouts ADD CONSTRAINT refund_payouts_case_id_round_no_fkey
      FOREIGN KEY (case_id, round_no) REFERENCES refund_rounds(case_id, round_no) ON DELETE CASCADE;
    ALTER TABLE refund_payouts DROP COLUMN IF EXISTS loss_fen;
    ALTER TABLE refund_rounds DROP COLUMN IF EXISTS min_payout_fen;
    ALTER TABLE refund_rounds DROP COLUMN IF EXISTS compute_job_id;
    ALTER TABLE claims DROP CONSTRAINT IF EXISTS claims_state_check;
    ALTER TABLE claims ADD CONSTRAINT claims_state_check CHECK (state IN ('registered', 'confirmed', 'disputed'));
  `);
}
