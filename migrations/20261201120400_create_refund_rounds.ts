import type { Knex } from 'knex';

// Refund rounds and their payouts. A round is computed into an immutable snapshot (who, how much, the share,
// the totals per region and for the case); a different person approves it (CHECK: approver ≠ computer); an
// approved round never changes (trigger). Only the payment file's hash may be set on an approved round, once,
// and payouts change only by the bank's results (state, reason), never in amount or payee.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE refund_rounds (
      case_id uuid NOT NULL REFERENCES cases(id),
      round_no integer NOT NULL CHECK (round_no >= 1),
      pool_fen bigint NOT NULL CHECK (pool_fen >= 0),
      share_numerator numeric NOT NULL,
      share_denominator numeric NOT NULL CHECK (share_denominator > 0),
      share_text varchar(20) NOT NULL,
      state varchar(20) NOT NULL DEFAULT 'computed' CHECK (state IN ('computed', 'approved')),
      totals jsonb NOT NULL,
      per_region jsonb NOT NULL,
      computed_by varchar(64) NOT NULL,
      computed_at timestamptz NOT NULL,
      approved_by varchar(64),
      approved_at timestamptz,
      payment_file_sha256 char(64),
      PRIMARY KEY (case_id, round_no),
      CHECK ((state = 'approved') = (approved_by IS NOT NULL AND approved_at IS NOT NULL)),
      CHECK (approved_by IS NULL OR approved_by <> computed_by)
    );
    CREATE FUNCTION refund_rounds_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        IF OLD.state = 'approved' THEN RAISE EXCEPTION 'an approved refund round never changes'; END IF;
        RETURN OLD;
      END IF;
      IF OLD.state = 'approved' AND NOT (
        OLD.payment_file_sha256 IS NULL AND NEW.payment_file_sha256 IS NOT NULL
        AND (to_jsonb(NEW) - 'payment_file_sha256') = (to_jsonb(OLD) - 'payment_file_sha256')
      ) THEN RAISE EXCEPTION 'an approved refund round never changes'; END IF;
      IF OLD.state = 'computed' AND (to_jsonb(NEW) - ARRAY['state', 'approved_by', 'approved_at'])
          <> (to_jsonb(OLD) - ARRAY['state', 'approved_by', 'approved_at'])
      THEN RAISE EXCEPTION 'a computed refund round is a snapshot: recompute it instead'; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER refund_rounds_immutable BEFORE UPDATE OR DELETE ON refund_rounds
      FOR EACH ROW EXECUTE FUNCTION refund_rounds_guard();

    CREATE TABLE refund_payouts (
      case_id uuid NOT NULL,
      round_no integer NOT NULL,
      participant_id uuid NOT NULL REFERENCES participants(id),
      region_code varchar(6) NOT NULL,
      amount_fen bigint NOT NULL CHECK (amount_fen > 0),
      disposition varchar(20) NOT NULL CHECK (disposition IN ('pay', 'reserve', 'carry')),
      state varchar(20) NOT NULL CHECK (state IN ('pending', 'paid', 'failed', 'reversed', 'reserved', 'carried')),
      reconciliation_id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
      bank_reason text,
      bank_reported_at timestamptz,
      PRIMARY KEY (case_id, round_no, participant_id),
      FOREIGN KEY (case_id, round_no) REFERENCES refund_rounds(case_id, round_no) ON DELETE CASCADE
    );
    CREATE INDEX refund_payouts_participant ON refund_payouts (participant_id);
    CREATE FUNCTION refund_payouts_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF (to_jsonb(NEW) - ARRAY['state', 'bank_reason', 'bank_reported_at'])
          <> (to_jsonb(OLD) - ARRAY['state', 'bank_reason', 'bank_reported_at'])
      THEN RAISE EXCEPTION 'a payout changes only by the bank''s result'; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER refund_payouts_immutable BEFORE UPDATE ON refund_payouts
      FOR EACH ROW EXECUTE FUNCTION refund_payouts_guard();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE IF EXISTS refund_payouts;
    DROP FUNCTION IF EXISTS refund_payouts_guard();
    DROP TABLE IF EXISTS refund_rounds;
    DROP FUNCTION IF EXISTS refund_rounds_guard();
  `);
}
