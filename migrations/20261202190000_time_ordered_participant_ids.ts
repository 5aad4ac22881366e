import type { Knex } from 'knex';

// Issue 10, import performance: participants get time-ordered ids (the UUIDv7 layout: 48 bits of Unix
// milliseconds, the version, 12 bits of the sub-millisecond fraction, then random bits with the variant),
// drawn as rows are inserted in file order. The three indexes keyed by a participant id (participants' primary
// key, claim_records (participant_id, region_code), claims' primary key) then grow at their right edge instead
// of at a million random pages: the random-key inserts were most of the merge's cost at a million rows (the
// refund payouts, written in participant-id order, already relied on it). Existing ids are left as they are.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE OR REPLACE FUNCTION uuid_time_ordered() RETURNS uuid LANGUAGE plpgsql VOLATILE PARALLEL SAFE AS $$
    DECLARE
      us bigint := floor(extract(epoch FROM clock_timestamp()) * 1000000)::bigint;
    BEGIN
      RETURN encode(
        substring(int8send(us / 1000) FROM 3 FOR 6)
          || int2send((28672 | ((us % 1000) * 4096 / 1000))::int2)
          || substring(uuid_send(gen_random_uuid()) FROM 9 FOR 8),
        'hex')::uuid;
    END
    $$;
    ALTER TABLE participants ALTER COLUMN id SET DEFAULT uuid_time_ordered();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE participants ALTER COLUMN id SET DEFAULT gen_random_uuid();
    DROP FUNCTION IF EXISTS uuid_time_ordered();
  `);
}
