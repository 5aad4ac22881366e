import type { Knex } from 'knex';
import { loadConfig } from '../config';
import {
  GENESIS_HASH,
  auditKey,
  createCheckpoint,
  eventHash,
  eventHashInputOf,
} from '../db/audit.repository';
import { openPersonalData, sealPersonalData } from '../db/sealing';

// Seals the personal fields (domain/personal-data.ts PERSONAL_FIELDS) of the rows written before sealing at
// rest (issue 14, build 3): cases' subjects, source and state, the regions' states, the events' payloads and
// the notices' data. Sealing is idempotent (a sealed value is kept), so a rerun is harmless.
//
// The event hash chain now covers personal fields by their keyed hash (db/sealing.ts personalHashView), not in
// the clear, so every chain is re-hashed from its genesis in seq order; the last signed checkpoint then no
// longer matches the heads, so a new checkpoint is signed with the configured audit key, and the older ones
// keep their (valid) signatures over what the history said before. case_events and notices are append-only by
// trigger; this migration is a sanctioned rewrite, so the triggers are set aside for its transaction only.
// Issued notices' HTML is left as issued (its sha256 is the document's): freeze notices printed before this
// migration keep the account number they were sent with; new ones print it masked.
const BATCH = 500;

/** Seals `columns` of every row of `table`, in batches ordered by its (possibly composite) key. */
async function sealColumns(knex: Knex, table: string, key: string[], columns: string[]): Promise<void> {
  let after: Knex.RawBinding[] | null = null;
  for (;;) {
    const q = knex(table)
      .orderBy(key)
      .limit(BATCH)
      .select(...key, ...columns);
    if (after) void q.whereRaw(`(${key.join(', ')}) > (${key.map(() => '?').join(', ')})`, after);
    const rows = await q;
    for (const row of rows) {
      const update = Object.fromEntries(
        columns.filter((c) => row[c] !== null).map((c) => [c, JSON.stringify(sealPersonalData(row[c]))]),
      );
      if (Object.keys(update).length > 0)
        await knex(table)
          .where(Object.fromEntries(key.map((k) => [k, row[k]])))
          .update(update);
    }
    if (rows.length < BATCH) break;
    const last = rows[rows.length - 1];
    after = key.map((k) => last[k] as Knex.RawBinding);
  }
}

export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE case_events DISABLE TRIGGER case_events_no_change');
  await knex.raw('ALTER TABLE notices DISABLE TRIGGER notices_no_change');
  await sealColumns(knex, 'cases', ['id'], ['subjects', 'source', 'state']);
  await sealColumns(knex, 'case_regions', ['case_id', 'region_code'], ['state']);
  await sealColumns(knex, 'notices', ['id'], ['data']);

  const caseIds: string[] = await knex('case_events').distinct('case_id').pluck('case_id');
  for (const caseId of caseIds) {
    const rows = await knex('case_events').where({ case_id: caseId }).orderBy('seq');
    let prev = GENESIS_HASH;
    let seq = 0;
    for (const row of rows) {
      const payload = sealPersonalData(row.payload);
      const hash = eventHash(prev, eventHashInputOf({ ...row, payload }));
      await knex('case_events')
        .where({ id: row.id })
        .update({ payload: JSON.stringify(payload), prev_hash: prev, hash });
      prev = hash;
      seq = row.seq;
    }
    await knex('case_event_chains')
      .insert({ case_id: caseId, head_seq: seq, head_hash: prev })
      .onConflict('case_id')
      .merge();
  }
  await knex.raw('ALTER TABLE notices ENABLE TRIGGER notices_no_change');
  await knex.raw('ALTER TABLE case_events ENABLE TRIGGER case_events_no_change');
  if (caseIds.length > 0 && (await knex('audit_checkpoints').first('id')))
    await createCheckpoint(knex, auditKey(loadConfig().audit.signingSeed));
}

/** Opens what `up` sealed; the chain is left as `up` hashed it (its hash view is the same for clear values). */
export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE case_events DISABLE TRIGGER case_events_no_change');
  await knex.raw('ALTER TABLE notices DISABLE TRIGGER notices_no_change');
  for (const [table, key, columns] of [
    ['cases', 'id', ['subjects', 'source', 'state']],
    ['notices', 'id', ['data']],
    ['case_events', 'id', ['payload']],
  ] as const) {
    const rows = await knex(table).select(key, ...columns);
    for (const row of rows)
      await knex(table)
        .where(key, row[key])
        .update(Object.fromEntries(columns.map((c) => [c, JSON.stringify(openPersonalData(row[c]))])));
  }
  const regions = await knex('case_regions').select('case_id', 'region_code', 'state');
  for (const r of regions)
    await knex('case_regions')
      .where({ case_id: r.case_id, region_code: r.region_code })
      .update({ state: JSON.stringify(openPersonalData(r.state)) });
  await knex.raw('ALTER TABLE notices ENABLE TRIGGER notices_no_change');
  await knex.raw('ALTER TABLE case_events ENABLE TRIGGER case_events_no_change');
}
