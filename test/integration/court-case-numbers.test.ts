// The courts' 案号 (最高人民法院关于人民法院案件案号的若干规定) as the notice service assigns them, against the
// run's real Postgres: once per case, region and instance, when the court first issues a document of it;
// gapless per court, year and type under concurrency and rollback; the appeal numbered by the court a level
// up; and refused changes. A year no other test issues in (2034) keeps the series to this file.

import { createNoticeService } from '../../activities/notice.service';
import { assignCourtCaseNo, findCourtCaseNo } from '../../db/court-case.repository';
import { createDb, type Db } from '../../db/knex';
import type { NoticeRequest } from '../../domain/case.types';
import { parseCourtCaseNo } from '../../domain/notices';
import { createNoticeRenderer } from '../../templates/renderer';
import { type TestApi, startTestApi } from '../support/api';
import { openCase } from '../support/case-flow';

const YEAR = 2034;
const issuedAt = `${YEAR}-04-01T02:00:00.000Z`;
const service = createNoticeService(createNoticeRenderer());
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const judgment = (instance: 1 | 2): NoticeRequest => ({
  kind: 'judgment',
  issuerRole: 'court',
  regionCode: '532822',
  addressee: { text: 'parties' },
  copyTo: [],
  facts: {
    instance,
    ...(instance === 2 ? { outcome: 'upheld' } : {}),
    defendants: ['张某'],
    verdict: '有期徒刑三年',
    propertyOrders: [{ description: '冻结的银行存款', amountFen: 100_000, disposition: 'confiscate' }],
  },
});

const openingEventId = async (caseId: string): Promise<string> =>
  (await api.db('case_events').where({ case_id: caseId, seq: 1 }).first('id')).id;

class RolledBack extends Error {}

test('When many cases are judged at once and some transactions roll back, then the committed 案号 of the county court run 1..N for the year, one per case, and the counter agrees', async () => {
  const cases = await Promise.all(Array.from({ length: 12 }, () => openCase(api)));
  const events = await Promise.all(cases.map((c) => openingEventId(c.id)));
  const db: Db = createDb(api.env.databaseUrl, 12);
  try {
    const outcomes = await Promise.allSettled(
      cases.map((c, i) =>
        db.transaction(async (trx) => {
          const [id] = await service.issueAll(trx, {
            caseId: c.id,
            eventId: events[i],
            issuedAt,
            requests: [judgment(1)],
          });
          if (i % 4 === 0) throw new RolledBack();
          return id;
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'rejected' && !(o.reason instanceof RolledBack))).toEqual([]);
    const committed = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    expect(committed).toHaveLength(9);

    const rows = await api
      .db('court_case_numbers')
      .where({ court_unit_id: '532822-court', year: YEAR, type_word: '刑初' })
      .orderBy('seq');
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const r of rows) expect(r.case_no).toBe(`（${YEAR}）云2822刑初${r.seq}号`);
    const counter = await api
      .db('court_case_counters')
      .where({ court_unit_id: '532822-court', year: YEAR, type_word: '刑初' })
      .first();
    expect(counter.last_seq).toBe(9);
    // Each judgment carries its case's 案号, and the rolled-back cases have none.
    const notices = await api
      .db('notices')
      .whereIn('id', committed)
      .select('case_id', 'doc_no', 'doc_code', 'seq');
    for (const n of notices) {
      const row = rows.find((r) => r.case_id === n.case_id);
      expect([n.doc_no, n.doc_code, n.seq]).toEqual([row.case_no, '云2822刑初', row.seq]);
    }
    for (const [i, c] of cases.entries())
      if (i % 4 === 0)
        expect(await findCourtCaseNo(api.db, { caseId: c.id, regionCode: '532822', instance: 1 })).toBeNull();
  } finally {
    await db.destroy();
  }
});

test('When a case is appealed, then the intermediate court numbers it 云28刑终 in its own series and its ruling cites the first instance; the first 案号 is kept', async () => {
  const c = await openCase(api);
  const eventId = await openingEventId(c.id);
  const [firstId] = await api.db.transaction((trx) =>
    service.issueAll(trx, { caseId: c.id, eventId, issuedAt, requests: [judgment(1)] }),
  );
  const [secondId] = await api.db.transaction((trx) =>
    service.issueAll(trx, { caseId: c.id, eventId, issuedAt, requests: [judgment(2)] }),
  );
  const first = await api.db('notices').where({ id: firstId }).first();
  const second = await api.db('notices').where({ id: secondId }).first();
  expect(parseCourtCaseNo(first.doc_no)).toMatchObject({ year: YEAR, courtCode: '云2822', typeWord: '刑初' });
  expect(parseCourtCaseNo(second.doc_no)).toMatchObject({ year: YEAR, courtCode: '云28', typeWord: '刑终' });
  expect(second.issuing_unit_id).toBe('532800-court');
  expect(second.html).toContain(`作出${first.doc_no}刑事判决`);
  expect(second.data.facts.firstInstanceNo).toBe(first.doc_no);
  // Assigning again (a later document of the same instance) gives the same 案号 and takes no number.
  const again = await api.db.transaction((trx) =>
    assignCourtCaseNo(trx, {
      caseId: c.id,
      regionCode: '532822',
      instance: 1,
      courtUnitId: '532822-court',
      courtCode: '云2822',
      typeWord: '刑初',
      year: YEAR,
    }),
  );
  expect(again.caseNo).toBe(first.doc_no);
});

test('When an assigned 案号 is changed or deleted, or stored in another format, then Postgres refuses', async () => {
  const row = await api.db('court_case_numbers').where({ year: YEAR }).first();
  const numbers = () => api.db('court_case_numbers').where({ case_id: row.case_id, instance: row.instance });
  await expect(numbers().update({ seq: 999 })).rejects.toThrow(/immutable/);
  await expect(numbers().delete()).rejects.toThrow(/immutable/);
  const c = await openCase(api);
  await expect(
    api.db('court_case_numbers').insert({
      case_id: c.id,
      region_code: '532822',
      instance: 1,
      court_unit_id: '532822-court',
      year: YEAR,
      court_code: '云2822',
      type_word: '刑初',
      seq: 500,
      case_no: `(${YEAR})云2822刑初500号`,
    }),
  ).rejects.toThrow(/court_case_numbers_case_no/);
});
