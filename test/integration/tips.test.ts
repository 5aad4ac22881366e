// Public tips (issue 14, build 9): intake without sign-in, an unguessable receipt that shows the state only,
// the reporter sealed and opened only by the financial office with a logged reason, verification into a
// case in detection with source `tip` or a closure, and the reward flow of 举报奖励办法.
import { createHash, randomUUID } from 'node:crypto';
import { type TestApi, openingBody, startTestApi, token } from '../support/api';

const office = token('financial_office');
const ID_NUMBER = '532822199002023456';
const CONTACT = '13988776655';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

const tipBody = (overrides: Record<string, unknown> = {}) => ({
  regionCode: '532822',
  what: `有人在茶厂以每月百分之三的回报吸收老人存款 ${randomUUID().slice(0, 6)}`,
  where: '勐海镇曼拉村茶厂',
  who: '自称某某茶业合作社的李某',
  evidence: '宣传单照片两张',
  ...overrides,
});

async function submit(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await api.call('POST', '/api/public/tips', { body, headers });
  expect(res.status).toBe(201);
  const tip = await api.db('tips').orderBy('received_at', 'desc').first('id');
  return { receipt: res.body.receipt as string, id: tip.id as string };
}

const caseForTip = () => {
  const { source: _s, ...rest } = openingBody({ sector: 'farmer_cooperative' });
  return rest;
};

describe('intake', () => {
  test('When anyone reports without signing in, then a receipt shows the state and nothing else', async () => {
    const res = await api.call('POST', '/api/public/tips', { body: tipBody() });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(['receipt']);
    expect(res.body.receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{1,5}){5}$/);
    const state = await api.call('GET', `/api/public/tips/${res.body.receipt}`);
    expect(state.status).toBe(200);
    expect(state.body).toEqual({ state: 'received' });
    // Separators and case do not matter when it is typed back; a guessed or malformed one is 404.
    const typed = res.body.receipt.replace(/-/g, '').toLowerCase();
    expect((await api.call('GET', `/api/public/tips/${typed}`)).body).toEqual({ state: 'received' });
    expect((await api.call('GET', `/api/public/tips/${'0'.repeat(26)}`)).status).toBe(404);
    expect((await api.call('GET', '/api/public/tips/%00')).status).toBe(404);
    // Only the receipt's hash is kept.
    const hash = createHash('sha256').update(`tip-receipt:${typed.toUpperCase()}`).digest('hex');
    const row = await api.db('tips').where({ receipt_hash: hash }).first();
    expect(row).toBeDefined();
    expect(JSON.stringify(row)).not.toContain(typed.toUpperCase());
  });

  test('When a tip is missing what it is about or carries poison, then 400 and nothing is stored', async () => {
    const before = await api.db('tips').count<{ n: string }[]>('* as n');
    for (const body of [
      { regionCode: '532822', where: '某地' },
      tipBody({ what: '   ' }),
      tipBody({ what: '理由\u0000' }),
      tipBody({ regionCode: '110000' }),
      tipBody({ reporter: { idNumber: '123' } }),
    ]) {
      const res = await api.call('POST', '/api/public/tips', { body });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect(await api.db('tips').count<{ n: string }[]>('* as n')).toEqual(before);
  });

  test('When a tip is sent again with its Idempotency-Key, then one tip and one receipt; another body is 409', async () => {
    const key = randomUUID();
    const body = tipBody();
    const first = await api.call('POST', '/api/public/tips', { body, headers: { 'idempotency-key': key } });
    const again = await api.call('POST', '/api/public/tips', { body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.receipt).toBe(first.body.receipt);
    const other = await api.call('POST', '/api/public/tips', {
      body: tipBody(),
      headers: { 'idempotency-key': key },
    });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('CONFLICT');
  });

  test('When one address sends too many tips in an hour, then 429', async () => {
    const limited = await startTestApi({ env: { TIPS_PER_HOUR: '2' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await limited.call('POST', '/api/public/tips', { body: tipBody() })).status);
      expect(statuses).toEqual([201, 201, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('the sealed reporter', () => {
  test('When a named tip is stored, then the reporter is sealed, absent from every read, and opened only with a logged reason', async () => {
    const { id } = await submit(
      tipBody({ reporter: { name: '岩温', idNumber: ID_NUMBER, contact: CONTACT } }),
    );
    const row = await api.db('tips').where({ id }).first();
    expect(row.named).toBe(true);
    expect(row.reporter_box.toString('latin1')).not.toContain(CONTACT);
    const raw = JSON.stringify(await api.db.raw('select * from tips where id = ?', [id]));
    expect(raw).not.toContain(ID_NUMBER);
    expect(raw).not.toContain('岩温');

    const read = await api.call('GET', `/api/tips/${id}`, { token: office });
    expect(read.status).toBe(200);
    // The intake date (30 working days), null while the calendar lacks the year it falls in.
    expect(read.body).toHaveProperty('intakeDueOn');
    if (read.body.intakeDueOn !== null) expect(read.body.intakeDueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const list = await api.call('GET', '/api/tips?pageSize=200', { token: office });
    for (const text of [read.text, list.text]) {
      expect(text).not.toContain(ID_NUMBER);
      expect(text).not.toContain(CONTACT);
      expect(text).not.toContain('岩温');
    }
    // Who may not open it: another role (403), another county's office (404), and no reason (400).
    expect(
      (
        await api.call('POST', `/api/tips/${id}/reporter`, {
          token: token('police'),
          body: { reason: '核查' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api.call('POST', `/api/tips/${id}/reporter`, {
          token: token('leader'),
          body: { reason: '核查' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api.call('POST', `/api/tips/${id}/reporter`, {
          token: token('financial_office', '532801'),
          body: { reason: '核查' },
        })
      ).status,
    ).toBe(404);
    expect((await api.call('POST', `/api/tips/${id}/reporter`, { token: office, body: {} })).status).toBe(
      400,
    );
    expect(await api.db('tip_reporter_reads').where({ tip_id: id })).toHaveLength(0);

    const opened = await api.call('POST', `/api/tips/${id}/reporter`, {
      token: office,
      body: { reason: '联系举报人核实情况' },
    });
    expect(opened.status).toBe(200);
    expect(opened.body.reporter).toEqual({ name: '岩温', idNumber: ID_NUMBER, contact: CONTACT });
    const log = await api.db('tip_reporter_reads').where({ tip_id: id });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ user_id: 'u-532822-financial_office', reason: '联系举报人核实情况' });
  });
});

describe('verification and reward', () => {
  test('When a named tip is verified as new, then a case opens in detection from it, and its reward is proposed, approved and paid', async () => {
    const { id, receipt } = await submit(tipBody({ reporter: { name: '玉香', contact: CONTACT } }));
    const opened = await api.call('POST', `/api/tips/${id}/open-case`, { token: office, body: caseForTip() });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ state: 'lead', alreadyKnown: false });
    const kase = await api.call('GET', `/api/cases/${opened.body.caseId}`, { token: office });
    expect(kase.body.stage).toBe('detection');
    const stored = await api.db('cases').where({ id: opened.body.caseId }).first();
    expect(JSON.stringify(stored)).toContain('"kind":"tip"');
    expect(JSON.stringify(stored)).not.toContain('玉香');
    expect((await api.call('GET', `/api/public/tips/${receipt}`)).body).toEqual({ state: 'lead' });
    expect(
      (await api.call('POST', `/api/tips/${id}/open-case`, { token: office, body: caseForTip() })).status,
    ).toBe(409);

    const tooMuch = await api.call('POST', `/api/tips/${id}/reward`, {
      token: office,
      body: {
        tier: 'preliminary',
        amountFen: 5_000_000,
        reporterIsStaff: false,
        reporterParticipated: false,
      },
    });
    expect(tooMuch.status).toBe(400);
    // Only the leader approves; the office cannot approve its own proposal.
    const proposed = await api.call('POST', `/api/tips/${id}/reward`, {
      token: office,
      body: { tier: 'preliminary', amountFen: 80_000, reporterIsStaff: false, reporterParticipated: false },
    });
    expect(proposed.status).toBe(200);
    expect(proposed.body.reward).toMatchObject({ state: 'proposed', tier: 'preliminary', amountFen: 80_000 });
    expect(
      (await api.call('POST', `/api/tips/${id}/reward/decision`, { token: office, body: { approved: true } }))
        .status,
    ).toBe(403);
    expect(
      (
        await api.call('POST', `/api/tips/${id}/reward/paid`, {
          token: office,
          body: { paidOn: '2026-12-01' },
        })
      ).status,
    ).toBe(409);
    const approved = await api.call('POST', `/api/tips/${id}/reward/decision`, {
      token: token('leader'),
      body: { approved: true },
    });
    expect(approved.body.reward.state).toBe('approved');
    const paid = await api.call('POST', `/api/tips/${id}/reward/paid`, {
      token: office,
      body: { paidOn: '2026-12-01' },
    });
    expect(paid.body.reward).toMatchObject({ state: 'paid', paidOn: '2026-12-01' });

    // A later tip on the same, already known matter: linked, not rewarded.
    const later = await submit(tipBody({ reporter: { name: '岩光', contact: '13800001111' } }));
    const linked = await api.call('POST', `/api/tips/${later.id}/link-case`, {
      token: office,
      body: { caseId: opened.body.caseId },
    });
    expect(linked.body).toMatchObject({ state: 'lead', alreadyKnown: true, caseId: opened.body.caseId });
    const refused = await api.call('POST', `/api/tips/${later.id}/reward`, {
      token: office,
      body: { tier: 'preliminary', amountFen: 80_000, reporterIsStaff: false, reporterParticipated: false },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('第四条第二项');
    expect(refused.body.detail).toContain('首先举报人');
  });

  test('When an anonymous tip or a staff member’s is verified, or a tip is closed, then no reward may be proposed', async () => {
    const anonymous = await submit(tipBody());
    await api.call('POST', `/api/tips/${anonymous.id}/open-case`, { token: office, body: caseForTip() });
    const staff = await submit(tipBody({ reporter: { name: '张某', contact: CONTACT } }));
    await api.call('POST', `/api/tips/${staff.id}/open-case`, { token: office, body: caseForTip() });
    const closed = await submit(tipBody({ reporter: { name: '李某', contact: CONTACT } }));
    const close = await api.call('POST', `/api/tips/${closed.id}/close`, {
      token: office,
      body: { reason: '系正常经营，不属于非法集资' },
    });
    expect(close.body.state).toBe('closed');
    const cases = [
      [anonymous.id, false, '第四条第一项'],
      [staff.id, true, '第五条'],
      [closed.id, false, '第四条第三项'],
    ] as const;
    for (const [id, isStaff, article] of cases) {
      const res = await api.call('POST', `/api/tips/${id}/reward`, {
        token: office,
        body: {
          tier: 'preliminary',
          amountFen: 80_000,
          reporterIsStaff: isStaff,
          reporterParticipated: false,
        },
      });
      expect(res.status).toBe(409);
      expect(res.body.detail).toContain(article);
    }
    expect(
      (await api.call('POST', `/api/tips/${closed.id}/open-case`, { token: office, body: caseForTip() }))
        .status,
    ).toBe(409);
  });
});
