import type { Knex } from 'knex';

// The first PDF printed of a notice, archived with its own sha256 (docs/decisions/0010). Chromium writes a
// creation date and document id into every PDF, so a second print of the same notice is never the same
// bytes: the one handed out first is kept and every later request gets it, and its hash can be checked.
// One per notice (the primary key), immutable as notices are, and the CHECK makes the stored hash the
// hash of the stored bytes, so no row can claim a hash it does not have.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE notice_pdfs (
      notice_id uuid PRIMARY KEY REFERENCES notices (id),
      sha256 char(64) NOT NULL,
      pdf bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT notice_pdfs_sha256_of_pdf CHECK (sha256 = encode(sha256(pdf), 'hex'))
    );
    CREATE FUNCTION notice_pdfs_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'archived notice PDFs are immutable'; END $$;
    CREATE TRIGGER notice_pdfs_no_change BEFORE UPDATE OR DELETE ON notice_pdfs
      FOR EACH ROW EXECUTE FUNCTION notice_pdfs_immutable();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP TRIGGER IF EXISTS notice_pdfs_no_change ON notice_pdfs`);
  await knex.raw(`DROP FUNCTION IF EXISTS notice_pdfs_immutable()`);
  await knex.schema.dropTable('notice_pdfs');
}
