import type { Knex } from 'knex';

// The print stylesheet of notices, archived once per distinct content instead of in every notice's HTML
// (docs/decisions/0008-notice-stylesheet-stored-once.md). A stored notice names its stylesheet by sha256,
// so a row here must never change or go: the trigger refuses UPDATE and DELETE as notices' does, and the
// CHECK makes the key the hash of the content, so no row can claim a hash it does not have.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE notice_stylesheets (
      sha256 char(64) PRIMARY KEY,
      css text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT notice_stylesheets_sha256_of_css
        CHECK (sha256 = encode(sha256(convert_to(css, 'UTF8')), 'hex'))
    );
    CREATE FUNCTION notice_stylesheets_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'notice stylesheets are immutable: stored notices reference them'; END $$;
    CREATE TRIGGER notice_stylesheets_no_change BEFORE UPDATE OR DELETE ON notice_stylesheets
      FOR EACH ROW EXECUTE FUNCTION notice_stylesheets_immutable();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP TRIGGER IF EXISTS notice_stylesheets_no_change ON notice_stylesheets`);
  await knex.raw(`DROP FUNCTION IF EXISTS notice_stylesheets_immutable()`);
  await knex.schema.dropTable('notice_stylesheets');
}
