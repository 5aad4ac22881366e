// A cross-region case over HTTP, with each region's own tokens (seed 十三: 统一指挥协调、统一办案要求、统一资产处置、
// 分别侦查诉讼、分别落实维稳): 勐海 leads, 景洪 declines filing, 勐腊 is returned for supplementary investigation
// once and then indicts; freezes in two regions land in one pool; bulletins; add_region mid-case; and who
// sees and may do what. Every answer is checked against the rows behind it.
import { type TestApi, startTestApi, token } from '../support/api';
import { act, mustAct, openCase } from '../support/case-flow';
import { saveHistoryWhenRecording } from '../support/history';

const MENGHAI = '532822';
const JINGHONG = '532801';
const MENGLA = '532823';
const PREFECTURE = '532800';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const get = (path: string, role: string, region: string) =>
  api.call('GET', path, { token: token(role, region) });

async function openThreeRegionCase() {
  const c = await openCase(api, { assistingRegionCodes: [JINGHONG, MENGLA] });
  await mustAct(api, c.id, 'financial_office', 'issue_warning', {
    findings: '承诺高额回报，向社会公众吸收资金',
  });
  return c;
}

const regionStages = (body: { regions: { code: string; stage: string }[] }) =>
  Object.fromEntries(body.regions.map((r) => [r.code, r.stage]));

describe('a three-region case led by 勐海', () => {
  let caseId: string;

  test('When the lead refers the case, then every region enters police filing with its own clocks and its own 移送书', async () => {
    const c = await openThreeRegionCase();
    caseId = c.id;

    const res = await act(api, caseId, 'financial_office', 'refer_to_police', {
      suspectedOffence: '非法吸收公众存款罪',
      findings: '涉嫌非法吸收公众存款，数额巨大，涉及三县市。',
    });

    expect(res.status).toBe(200);
    expect(res.body.case.stage).toBe('police_filing');
    expect(regionStages(res.body.case)).toEqual({
      [MENGHAI]: 'police_filing',
      [JINGHONG]: 'police_filing',
      [MENGLA]: 'police_filing',
    });
    // One 移送书 per region, each addressed to that region's police.
    const transfers = await api
      .db('notices as n')
      .join('case_events as e', 'e.id', 'n.event_id')
      .where({ 'e.id': res.body.event.id })
      .select('n.kind', api.db.raw(`n.data->>'addressee' as addressee`));
    expect(transfers.map((t) => t.kind)).toEqual([
      'criminal_transfer',
      'criminal_transfer',
      'criminal_transfer',
    ]);
    expect(transfers.map((t) => t.addressee).sort()).toEqual(
      ['勐海县公安局', '勐腊县公安局', '景洪市公安局'].sort(),
    );
    const rows = await api.db('deadlines').where({ case_id: caseId, state: 'running' });
    const byRule = (rule: string) =>
      rows
        .filter((d) => d.rule === rule)
        .map((d) => d.region_code)
        .sort();
    // One filing-review clock per region: the transferred case's (经济犯罪规定 第十六条, docs/decisions/0017).
    expect(byRule('TRANSFER_FILING_REVIEW')).toEqual([JINGHONG, MENGHAI, MENGLA].sort());
    expect(byRule('FILING_REVIEW')).toEqual([]);
    expect(byRule('PROGRESS_BULLETIN')).toEqual([null]);
    // Each region's clock belongs to that region's police.
    const units = await api.db('units').whereIn('id', rows.map((d) => d.responsible_unit_id).filter(Boolean));
    for (const d of rows.filter((x) => x.rule === 'TRANSFER_FILING_REVIEW')) {
      const u = units.find((x) => x.id === d.responsible_unit_id);
      expect([u.role, u.region_code]).toEqual(['police', d.region_code]);
    }
  });

  test('When 景洪 police decline to file, then only 景洪 track ends and the case stays in police filing', async () => {
    const res = await act(
      api,
      caseId,
      'police',
      'decline_filing',
      { reason: '本地无涉案主体' },
      { region: JINGHONG },
    );

    expect(res.status).toBe(200);
    expect(res.body.case.stage).toBe('police_filing');
    const jinghong = res.body.case.regions.find((r: { code: string }) => r.code === JINGHONG);
    expect(jinghong.outcome).toBe('unfiled');
    expect(res.body.notices.map((n: { kind: string }) => n.kind)).toEqual(['non_filing']);
    const row = await api.db('case_regions').where({ case_id: caseId, region_code: JINGHONG }).first();
    expect(row.outcome).toBe('unfiled');
    // 景洪 police can no longer file; the others still can.
    const again = await act(
      api,
      caseId,
      'police',
      'file_case',
      { offence: '非法吸收公众存款罪' },
      { region: JINGHONG },
    );
    expect(again.status).toBe(409);
  });

  test('When 勐海 and 勐腊 police file and freeze, then both freezes land in the one pool with exact totals', async () => {
    for (const region of [MENGHAI, MENGLA])
      await mustAct(api, caseId, 'police', 'file_case', { offence: '非法吸收公众存款罪' }, { region });
    await mustAct(
      api,
      caseId,
      'police',
      'freeze_assets',
      {
        assetKind: 'deposit',
        holderName: '某某投资有限公司',
        institution: '农业银行勐海支行',
        accountNo: '6228480000000001234',
        amountFen: 123_456_789,
      },
      { region: MENGHAI },
    );
    await mustAct(
      api,
      caseId,
      'police',
      'freeze_assets',
      {
        assetKind: 'securities',
        holderName: '张某',
        institution: '某证券勐腊营业部',
        accountNo: '0012345678',
        amountFen: 1,
      },
      { region: MENGLA },
    );

    const pool = await get(`/api/cases/${caseId}/assets`, 'financial_office', MENGHAI);

    expect(pool.status).toBe(200);
    expect(pool.body.assets).toHaveLength(2);
    expect(pool.body.totals.case.frozenFen).toBe(123_456_790);
    const byRegion = Object.fromEntries(
      pool.body.totals.regions.map((r: { regionCode: string; frozenFen: number }) => [
        r.regionCode,
        r.frozenFen,
      ]),
    );
    expect(byRegion).toEqual({ [MENGHAI]: 123_456_789, [JINGHONG]: 0, [MENGLA]: 1 });
    const mengla = pool.body.assets.find((a: { regionCode: string }) => a.regionCode === MENGLA);
    expect(mengla.accountNo).toBe('尾号5678');
    expect(mengla.term.rule).toBe('FREEZE_SECURITIES');
    const policeUnit = await api.db('units').where({ role: 'police', region_code: MENGLA }).first();
    expect(mengla.unitId).toBe(policeUnit.id);
    // The freezing unit is responsible for the term, not the lead region.
    const term = await api.db('deadlines').where({ id: mengla.term.deadlineId }).first();
    expect(term.responsible_unit_id).toBe(policeUnit.id);
  });

  test('When another region reads the pool, then amounts show but other regions holders are masked', async () => {
    const pool = await get(`/api/cases/${caseId}/assets`, 'police', JINGHONG);

    expect(pool.status).toBe(200);
    const menghai = pool.body.assets.find((a: { regionCode: string }) => a.regionCode === MENGHAI);
    expect(menghai.holderName).toBe('某*******');
    expect(menghai.amountFen).toBe(123_456_789);
    const prefecture = await get(`/api/cases/${caseId}/assets`, 'leader', PREFECTURE);
    expect(prefecture.body.assets.map((a: { holderName: string }) => a.holderName).sort()).toEqual(
      ['张某', '某某投资有限公司'].sort(),
    );
  });

  test('When 勐腊 is returned once for supplementary investigation and then indicts, then its track alone moves', async () => {
    const o = { region: MENGLA };
    const TRANSFER = { suspects: ['王某'], offence: '非法吸收公众存款罪' };
    await mustAct(api, caseId, 'police', 'transfer_for_prosecution', TRANSFER, o);
    const returned = await mustAct(
      api,
      caseId,
      'procuratorate',
      'return_for_supplementary_investigation',
      { outline: '补充调取资金流向证据' },
      o,
    );
    expect(regionStages(returned.case)[MENGLA]).toBe('police_filing');
    await mustAct(api, caseId, 'police', 'transfer_for_prosecution', TRANSFER, o);
    const indicted = await mustAct(
      api,
      caseId,
      'procuratorate',
      'indict',
      { defendants: ['王某'], offence: '非法吸收公众存款罪', court: '勐腊县人民法院' },
      o,
    );

    expect(regionStages(indicted.case)).toMatchObject({ [MENGHAI]: 'police_filing', [MENGLA]: 'trial' });
    // The case's stage is the least advanced active region's.
    expect(indicted.case.stage).toBe('police_filing');
    const rounds = await api
      .db('deadlines')
      .where({ case_id: caseId, region_code: MENGLA, rule: 'SUPPLEMENTARY_INVESTIGATION' });
    expect(rounds).toHaveLength(1);
  });

  test('When a bulletin is sent on demand, then every region office gets each region stage and the pool', async () => {
    const res = await mustAct(api, caseId, 'financial_office', 'send_progress_bulletin', {
      progress: '三县市分别侦查，勐腊已起诉。',
    });

    expect(res.notices.map((n: { kind: string }) => n.kind)).toEqual(['progress_bulletin']);
    const notice = await api.db('notices').where({ id: res.notices[0].id }).first();
    const regions = notice.data.facts.regions as { code: string; stage: string; frozenFen: number }[];
    expect(Object.fromEntries(regions.map((r) => [r.code, r.frozenFen]))).toEqual({
      [MENGHAI]: 123_456_789,
      [JINGHONG]: 0,
      [MENGLA]: 1,
    });
    // Copied to each assisting region's leading-group office.
    expect(notice.data.copyTo).toHaveLength(2);
    // The bulletin clock restarted.
    const running = await api
      .db('deadlines')
      .where({ case_id: caseId, rule: 'PROGRESS_BULLETIN', state: 'running' });
    expect(running).toHaveLength(1);
  });

  test('When every remaining track reaches an effective judgment, then the case moves to asset disposition', async () => {
    const judge = async (region: string) => {
      const o = { region };
      // The second instance is the intermediate court's (刑诉法 第二百四十三条), acting on this track.
      const court = { region: '532800' };
      await mustAct(api, caseId, 'court', 'receive_case', {}, o);
      await mustAct(
        api,
        caseId,
        'court',
        'deliver_judgment',
        {
          defendants: ['某'],
          verdict: '有期徒刑三年',
          propertyOrders: [{ description: '冻结的存款', amountFen: 1 }],
        },
        o,
      );
      await mustAct(api, caseId, 'court', 'file_appeal', { appellant: '某' }, o);
      await mustAct(api, caseId, 'court', 'receive_case', { regionCode: region }, court);
      return mustAct(
        api,
        caseId,
        'court',
        'deliver_final_judgment',
        {
          regionCode: region,
          defendants: ['某'],
          verdict: '驳回上诉，维持原判',
          propertyOrders: [],
          outcome: 'upheld',
        },
        court,
      );
    };
    const m = { region: MENGHAI };
    await mustAct(
      api,
      caseId,
      'police',
      'transfer_for_prosecution',
      { suspects: ['张某'], offence: '非法吸收公众存款罪' },
      m,
    );
    await mustAct(
      api,
      caseId,
      'procuratorate',
      'indict',
      { defendants: ['张某'], offence: '非法吸收公众存款罪', court: '勐海县人民法院' },
      m,
    );
    const first = await judge(MENGLA);
    expect(first.case.stage).toBe('trial');

    const last = await judge(MENGHAI);

    expect(last.case.stage).toBe('asset_disposition');
    const changed = await api.db('case_events').where({ case_id: caseId, action: 'stage_changed' });
    expect(changed.map((e) => e.payload.phase)).toEqual(['asset_disposition']);
    const row = await api.db('cases').where({ id: caseId }).first();
    expect([row.phase, row.stage]).toEqual(['asset_disposition', 'asset_disposition']);
  });

  test('When the lead realizes a frozen asset of 勐腊, then the pool shows it against that region', async () => {
    const pool = await get(`/api/cases/${caseId}/assets`, 'financial_office', MENGHAI);
    const asset = pool.body.assets.find((a: { regionCode: string }) => a.regionCode === MENGLA);
    const refused = await act(
      api,
      caseId,
      'financial_office',
      'record_asset_realization',
      { description: '证券变现', amountFen: 1, assetId: asset.id },
      { region: MENGLA },
    );
    expect(refused.status).toBe(403);

    await mustAct(api, caseId, 'financial_office', 'record_asset_realization', {
      description: '证券变现',
      amountFen: 1,
      assetId: asset.id,
    });

    const after = await get(`/api/cases/${caseId}/assets`, 'financial_office', MENGHAI);
    expect(after.body.totals.case.realizedFen).toBe(1);
    const mengla = after.body.totals.regions.find((r: { regionCode: string }) => r.regionCode === MENGLA);
    expect(mengla.realizedFen).toBe(1);
    await saveHistoryWhenRecording(api, caseId, 'three-region');
  });

  test('When an assisting court records a realization, then only of an asset frozen in its own region; its office and the prefecture record none', async () => {
    const pool = await get(`/api/cases/${caseId}/assets`, 'court', MENGLA);
    const own = pool.body.assets.find((a: { regionCode: string }) => a.regionCode === MENGLA);
    const lead = pool.body.assets.find((a: { regionCode: string }) => a.regionCode === MENGHAI);
    const body = (assetId?: string) => ({
      description: '司法拍卖',
      amountFen: 2,
      ...(assetId ? { assetId } : {}),
    });
    const refusals = [
      await act(api, caseId, 'court', 'record_asset_realization', body(lead.id), { region: MENGLA }),
      await act(api, caseId, 'court', 'record_asset_realization', body(), { region: MENGLA }),
      await act(api, caseId, 'financial_office', 'record_asset_realization', body(own.id), {
        region: MENGLA,
      }),
      await act(api, caseId, 'court', 'record_asset_realization', body(own.id), { region: PREFECTURE }),
      await act(api, caseId, 'financial_office', 'record_asset_realization', body(own.id), {
        region: PREFECTURE,
      }),
    ];
    expect(refusals.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
    const before = await get(`/api/cases/${caseId}/assets`, 'financial_office', MENGHAI);
    expect(before.body.totals.case.realizedFen).toBe(1);

    await mustAct(api, caseId, 'court', 'record_asset_realization', body(own.id), { region: MENGLA });
    await mustAct(api, caseId, 'court', 'record_asset_realization', body(lead.id));
    const after = await get(`/api/cases/${caseId}/assets`, 'financial_office', MENGHAI);
    expect(after.body.totals.case.realizedFen).toBe(5);
  });
});

describe('who sees what in a cross-region case', () => {
  let caseId: string;
  beforeAll(async () => {
    const c = await openCase(api, { assistingRegionCodes: [JINGHONG] });
    caseId = c.id;
    await mustAct(api, caseId, 'financial_office', 'issue_warning', { findings: '高息揽储' });
    await mustAct(api, caseId, 'financial_office', 'refer_to_police', {
      suspectedOffence: '非法吸收公众存款罪',
      findings: '数额巨大',
    });
    await mustAct(
      api,
      caseId,
      'petition_bureau',
      'log_petition',
      { petitionerName: '李某', summary: '要求退款', channel: 'visit' },
      { region: MENGHAI },
    );
  });

  test('When a county outside the case asks, then the case does not exist for it anywhere', async () => {
    for (const path of ['', '/events', '/notices', '/deadlines', '/assets', '/requirements']) {
      const res = await get(`/api/cases/${caseId}${path}`, 'financial_office', MENGLA);
      expect([path, res.status]).toEqual([path, 404]);
    }
    const list = await get(`/api/cases?pageSize=200`, 'leader', MENGLA);
    expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(caseId);
    const refused = await act(
      api,
      caseId,
      'police',
      'file_case',
      { offence: '非法吸收公众存款罪' },
      { region: MENGLA },
    );
    expect(refused.status).toBe(404);
  });

  test('When the assisting region reads the history, then it sees the unified part and its own, not the lead region petition', async () => {
    const assisting = await get(`/api/cases/${caseId}/events`, 'police', JINGHONG);
    const lead = await get(`/api/cases/${caseId}/events`, 'police', MENGHAI);
    const prefecture = await get(`/api/cases/${caseId}/events`, 'leader', PREFECTURE);

    expect(assisting.status).toBe(200);
    const actions = (r: typeof lead) => r.body.map((e: { action: string }) => e.action);
    expect(actions(lead)).toContain('log_petition');
    expect(actions(prefecture)).toContain('log_petition');
    expect(actions(assisting)).not.toContain('log_petition');
    expect(actions(assisting)).toContain('refer_to_police');
    // Identity numbers in the recorded payloads are masked for every reader, the lead region included.
    for (const r of [assisting, lead, prefecture]) expect(r.text).not.toContain('532822198001010010');
    expect(lead.text).toContain('532822********0010');
    // The summary and every region's stage and deadlines are shared.
    const summary = await get(`/api/cases/${caseId}`, 'police', JINGHONG);
    expect(summary.body.regions.map((r: { code: string }) => r.code).sort()).toEqual(
      [JINGHONG, MENGHAI].sort(),
    );
    const deadlines = await get(`/api/cases/${caseId}/deadlines`, 'police', JINGHONG);
    expect(deadlines.body.some((d: { regionCode: string }) => d.regionCode === MENGHAI)).toBe(true);
    const notices = await get(`/api/cases/${caseId}/notices`, 'police', JINGHONG);
    expect(notices.body.map((n: { kind: string }) => n.kind)).not.toContain('petition_acceptance');
  });

  test('When a region acts on another region track or a case-level action, then it is refused and nothing is written', async () => {
    const before = await api.db('case_events').where({ case_id: caseId }).count<{ n: string }[]>({ n: '*' });
    const cases: [string, string, string, Record<string, unknown>, string | undefined, number][] = [
      // [role, caller region, action, body, regionCode in body, status]
      ['police', JINGHONG, 'file_case', { offence: '非法吸收公众存款罪' }, MENGHAI, 403],
      ['financial_office', JINGHONG, 'send_progress_bulletin', { progress: 'x' }, undefined, 403],
      ['financial_office', JINGHONG, 'add_region', { regionCode: MENGLA }, undefined, 403],
      [
        'financial_office',
        JINGHONG,
        'set_requirements',
        { registrationCriteria: 'x', evidenceStandards: 'x', disposalPrinciples: 'x' },
        undefined,
        403,
      ],
      ['leader', PREFECTURE, 'file_case', { offence: '非法吸收公众存款罪' }, JINGHONG, 403],
      ['procuratorate', JINGHONG, 'decide_arrest', { approved: true, reason: 'x' }, JINGHONG, 409],
      ['police', MENGHAI, 'file_case', { offence: '非法吸收公众存款罪' }, MENGLA, 400],
    ];
    for (const [role, region, action, body, regionCode, status] of cases) {
      const res = await act(api, caseId, role, action, regionCode ? { ...body, regionCode } : body, {
        region,
      });
      expect([role, region, action, res.status]).toEqual([role, region, action, status]);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const after = await api.db('case_events').where({ case_id: caseId }).count<{ n: string }[]>({ n: '*' });
    expect(after[0].n).toBe(before[0].n);
  });

  test('When each role of each region reads the case, then allowedActions offers only its own track', async () => {
    for (const region of [MENGHAI, JINGHONG]) {
      const police = await get(`/api/cases/${caseId}`, 'police', region);
      expect(police.body.allowedActions).toEqual(expect.arrayContaining(['file_case', 'decline_filing']));
      const fo = await get(`/api/cases/${caseId}`, 'financial_office', region);
      expect(fo.body.allowedActions.includes('send_progress_bulletin')).toBe(region === MENGHAI);
      expect(fo.body.allowedActions.includes('add_region')).toBe(region === MENGHAI);
    }
    const leader = await get(`/api/cases/${caseId}`, 'leader', PREFECTURE);
    expect(leader.body.allowedActions).toEqual([]);
  });

  test('When the lead adds 勐腊 mid-case with a transfer, then its track starts in police filing with its own clocks', async () => {
    const res = await act(api, caseId, 'financial_office', 'add_region', {
      regionCode: MENGLA,
      transfer: true,
    });

    expect(res.status).toBe(200);
    expect(regionStages(res.body.case)[MENGLA]).toBe('police_filing');
    const rows = await api.db('deadlines').where({ case_id: caseId, region_code: MENGLA });
    expect(rows.map((d) => d.rule).sort()).toEqual(['TRANSFER_FILING_REVIEW']);
    const region = await api.db('case_regions').where({ case_id: caseId, region_code: MENGLA }).first();
    expect(region.role).toBe('assisting');
    // It now sees the case and may act on its own track.
    const seen = await get(`/api/cases/${caseId}`, 'police', MENGLA);
    expect(seen.status).toBe(200);
    await mustAct(api, caseId, 'police', 'file_case', { offence: '非法吸收公众存款罪' }, { region: MENGLA });
    const again = await act(api, caseId, 'financial_office', 'add_region', { regionCode: MENGLA });
    expect(again.status).toBe(409);
  });

  test('When the lead sets the unified requirements twice, then every region sees the current version and regional actions record it', async () => {
    const body = {
      registrationCriteria: '本人实际出资',
      evidenceStandards: '银行流水',
      disposalPrinciples: '统一比例清退',
    };
    await mustAct(api, caseId, 'financial_office', 'set_requirements', body);
    await mustAct(api, caseId, 'financial_office', 'set_requirements', { ...body, objectionDays: 15 });

    const seen = await get(`/api/cases/${caseId}/requirements`, 'police', JINGHONG);

    expect(seen.status).toBe(200);
    expect(seen.body.current).toMatchObject({ version: 2, objectionDays: 15 });
    expect(seen.body.history.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const measure = await mustAct(
      api,
      caseId,
      'township',
      'record_stabilization_measure',
      { measure: '入户走访' },
      { region: JINGHONG },
    );
    const row = await api.db('case_events').where({ id: measure.event.id }).first();
    expect(row.requirements_version).toBe(2);
  });
});

describe('progress bulletins on their interval', () => {
  let fast: TestApi;
  beforeAll(async () => {
    fast = await startTestApi({ fast: true });
  });
  afterAll(async () => {
    await fast.close();
  });

  test('When a cross-region case runs past its (scaled) bulletin interval, then the system sends the bulletin by itself', async () => {
    const c = await openCase(fast, { assistingRegionCodes: [JINGHONG], progressBulletinDays: 2 });
    await mustAct(fast, c.id, 'financial_office', 'issue_warning', { findings: '高息揽储' });
    await mustAct(fast, c.id, 'financial_office', 'refer_to_police', {
      suspectedOffence: '非法吸收公众存款罪',
      findings: '数额巨大',
    });

    let automatic: { id: string }[] = [];
    for (let i = 0; i < 60 && automatic.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 500));
      automatic = await fast.db('case_events').where({ case_id: c.id, action: 'send_progress_bulletin' });
    }

    expect(automatic.length).toBeGreaterThanOrEqual(1);
    const notices = await fast.db('notices').where({ event_id: automatic[0].id });
    expect(notices.map((n) => n.kind)).toEqual(['progress_bulletin']);
    const first = await fast
      .db('deadlines')
      .where({ case_id: c.id, rule: 'PROGRESS_BULLETIN' })
      .orderBy('started_on')
      .first();
    const opened = await fast.db('cases').where({ id: c.id }).first();
    expect(opened.state.progressBulletinDays).toBe(2);
    expect(first.state).toBe('met');
  });
});
