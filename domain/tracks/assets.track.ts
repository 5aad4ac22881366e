// 冻结与资产池：各地区的冻结、续冻、解除，统一资产池的变现（统一资产处置）.
// Each action's catalogue entry (GET /api/actions), its payload's shape and schema, its precondition and its
// transition, side by side (docs/decisions/0009).
import {
  type Common,
  type Regional,
  anyPending,
  caseAction,
  dueEndMs,
  fen,
  findOpen,
  freezeRule,
  id,
  notice,
  regionAction,
  schema,
  text,
} from './kernel';
import { DomainError, invalidTransition } from '../errors';
import { LIMITS, type Role } from '../reference';
import { freezeTermMonths, periodOf } from '../deadlines';
import type { Freeze, RegionState } from '../case.types';

// ---- Issue 13 (law-criminal): freezes after filing, renewed by whoever holds the case ----
/**
 * Who holds the case at the region's stage, and so renews its freezes before they lapse: the police while
 * they investigate (公安程序规定 第二百四十条), the procuratorate during its review, the court during trial and
 * execution (《最高人民法院关于刑事裁判涉财产部分执行的若干规定》第五条: 人民法院应当在期限届满前及时续行查封、
 * 扣押、冻结，顺位与侦查机关的相同).
 */
export const freezeHolder = (r: RegionState): Role => {
  if (r.casePhase !== 'regional') return 'court';
  if (r.stage === 'prosecution') return 'procuratorate';
  if (r.stage === 'trial') return 'court';
  if (r.stage === 'ended')
    return r.outcome === 'judgment_effective'
      ? 'court'
      : r.outcome === 'not_prosecuted'
        ? 'procuratorate'
        : 'police';
  return 'police';
};
const HOLDER_TITLE: Partial<Record<Role, string>> = {
  police: '公安机关',
  procuratorate: '人民检察院',
  court: '人民法院',
};
// ---- end issue 13 ----

export interface FreezeAssets extends Regional {
  /** real_estate (issue 13): 查封 of land or buildings; institution is the 不动产登记机构, accountNo the 不动产权证号. */
  assetKind: 'deposit' | 'securities' | 'equity' | 'real_estate';
  holderName: string;
  institution: string;
  accountNo: string;
  amountFen: number;
  /** Issue 13: the one-year deposit term of a major, complex case (公安程序规定 第二百四十三条第二款). */
  majorComplex?: boolean;
  /** The prefecture's approval of that term (设区的市一级以上公安机关负责人批准), e.g. its document number. */
  termApproval?: string;
  /** A real-estate 查封's term in months, as its 协助查封通知书 states it (at most 36; 36 when absent). */
  termMonths?: number;
  /** 坐落 of the land or building, printed on the 协助查封通知书 (real_estate only). */
  location?: string;
  /** 联系人 and 联系电话 printed on the 协助查封通知书 (real_estate only); blank lines when absent. */
  contactName?: string;
  contactPhone?: string;
}
export interface RenewFreeze extends Regional {
  freezeId: string;
  /** 联系人 and 联系电话 of the 续行查封's 协助查封通知书 (real estate only). */
  contactName?: string;
  contactPhone?: string;
}

// A work telephone as officers type it (0691-5122345, 13800001234, +86 …).
const phone = { type: 'string', pattern: '^[0-9+() -]{3,30}$' } as const;
const REAL_ESTATE_ONLY = ['location', 'contactName', 'contactPhone'] as const;

/**
 * Fields that only a 查封 of real estate takes (its term, and what its 协助查封通知书 prints): given for any other
 * freeze, a 400 naming each of them.
 */
function refuseUnlessRealEstate<P extends object>(
  p: P,
  keys: readonly (keyof P & string)[],
  assetKind: Freeze['assetKind'],
  message: string,
  fieldMessage: string,
): void {
  const given = keys.filter((k) => p[k] !== undefined);
  if (given.length > 0 && assetKind !== 'real_estate')
    throw new DomainError(
      'VALIDATION_FAILED',
      message,
      given.map((k) => ({ field: `/${k}`, message: fieldMessage })),
    );
}

/**
 * The 协助查封通知书 to the 不动产登记机构 (docs/decisions/0024): issued by the police when they order a 查封 of real
 * estate and when they continue it (续行查封: 重新制作协助查封通知书, a new notice as a 续冻 is).
 */
const sealNotice = (
  s: { r: RegionState },
  f: Freeze,
  d: { dueOn: string; startedOn: string },
  renewal: boolean,
  contact: { contactName?: string; contactPhone?: string },
) =>
  notice(
    s.r,
    'seal_assist',
    'police',
    { text: f.institution },
    {
      freezeId: f.id,
      institution: f.institution,
      holderName: f.holderName,
      accountNo: f.accountNo,
      location: f.location ?? null,
      termMonths: f.termMonths ?? freezeTermMonths('real_estate'),
      renewal,
      dueOn: d.dueOn,
      startedOn: d.startedOn,
      contactName: contact.contactName ?? null,
      contactPhone: contact.contactPhone ?? null,
    },
  );
export interface ReleaseFreeze extends Regional {
  freezeId: string;
  reason: string;
}
export interface RecordAssetRealization extends Common {
  description: string;
  amountFen: number;
  /** The frozen asset of the pool that was realized, when it was one. */
  assetId?: string;
}

/** A freeze's term: the rule's, or the one-year term of a major, complex case (公安程序规定 第二百四十三条第二款). */
const freezePeriod = (f: Freeze) =>
  f.termMonths
    ? { unit: 'month' as const, amount: f.termMonths }
    : f.termVariant
      ? periodOf(freezeRule(f.assetKind), f.termVariant)
      : periodOf(freezeRule(f.assetKind));

export const ASSETS = {
  freeze_assets: regionAction<FreezeAssets>({
    title: '冻结涉案财产',
    roles: ['police'],
    leadOnly: false,
    stages: ['police_filing', 'prosecution', 'trial', 'asset_disposition', 'stabilization'],
    payloadSchema: schema<FreezeAssets>(
      {
        assetKind: { type: 'string', enum: ['deposit', 'securities', 'equity', 'real_estate'] },
        holderName: text(LIMITS.nameMax),
        institution: text(LIMITS.nameMax),
        accountNo: text(LIMITS.referenceMax),
        amountFen: fen,
        majorComplex: { type: 'boolean' },
        termApproval: text(LIMITS.referenceMax),
        termMonths: { type: 'integer', minimum: 1, maximum: 36 },
        location: text(LIMITS.titleMax),
        contactName: text(LIMITS.nameMax),
        contactPhone: phone,
      },
      ['assetKind', 'holderName', 'institution', 'accountNo', 'amountFen'],
      true,
    ),
    notices: ['freeze_assist', 'seal_assist'],
    startsDeadlines: ['FREEZE_DEPOSIT', 'FREEZE_SECURITIES', 'FREEZE_EQUITY', 'FREEZE_REAL_ESTATE'],
    stopsDeadlines: [],
    // 公安程序规定 第一百七十四条第二款: before a case is filed (调查核实) no property may be sealed, seized or
    // frozen.
    precondition: ({ region }) =>
      anyPending(region) ??
      (!region!.filed
        ? '尚未立案，不得查封、扣押、冻结财产（公安机关办理刑事案件程序规定第一百七十四条第二款）'
        : null),
    apply: (s, p) => {
      const { at, ctx, notices, start } = s;
      if (p.majorComplex && p.assetKind !== 'deposit')
        throw new DomainError(
          'VALIDATION_FAILED',
          '一年的冻结期限只适用于存款、汇款等财产（公安程序规定第二百四十三条）',
          [{ field: '/majorComplex', message: '仅适用于 deposit' }],
        );
      refuseUnlessRealEstate(
        p,
        ['termMonths'],
        p.assetKind,
        '只有查封不动产的期限由查封通知书确定',
        '仅适用于 real_estate',
      );
      refuseUnlessRealEstate(
        p,
        REAL_ESTATE_ONLY,
        p.assetKind,
        '坐落、联系人和联系电话只写在查封不动产的协助查封通知书上',
        '仅适用于 real_estate',
      );
      if (p.majorComplex && !p.termApproval)
        throw new DomainError(
          'VALIDATION_FAILED',
          '冻结一年须经设区的市一级以上公安机关负责人批准（公安程序规定第二百四十三条第二款）',
          [{ field: '/termApproval', message: '必填（majorComplex）' }],
        );
      const f: Freeze = {
        id: ctx.newId(),
        unitId: ctx.actor.unitId,
        frozenAt: at,
        assetKind: p.assetKind,
        holderName: p.holderName,
        institution: p.institution,
        accountNo: p.accountNo,
        amountFen: p.amountFen,
        state: 'frozen',
        renewals: 0,
        termVariant: p.majorComplex ? 'major_complex' : null,
        termApproval: p.majorComplex ? p.termApproval! : null,
        lastRenewedBy: null,
        termMonths: p.assetKind === 'real_estate' ? (p.termMonths ?? 36) : null,
        ...(p.location !== undefined ? { location: p.location } : {}),
      };
      const d = start(freezeRule(p.assetKind), { subjectId: f.id, period: freezePeriod(f) });
      s.next = { ...s.next, freezes: [...s.next.freezes, f] };
      // A 查封 of real estate is served by a 协助查封通知书 on the registry, every other freeze by a 协助冻结财产通知书.
      if (p.assetKind === 'real_estate') notices.push(sealNotice(s, f, d, false, p));
      else
        notices.push(
          notice(
            s.r,
            'freeze_assist',
            'police',
            { text: p.institution },
            { ...p, freezeId: f.id, renewal: false, dueOn: d.dueOn, startedOn: d.startedOn },
          ),
        );
    },
  }),
  renew_freeze: regionAction<RenewFreeze>({
    title: '续行冻结',
    // Issue 13: whoever holds the case at the stage (freezeHolder).
    roles: ['police', 'procuratorate', 'court'],
    leadOnly: false,
    stages: ['police_filing', 'prosecution', 'trial', 'asset_disposition', 'stabilization'],
    payloadSchema: schema<RenewFreeze>(
      { freezeId: id, contactName: text(LIMITS.nameMax), contactPhone: phone },
      ['freezeId'],
      true,
    ),
    notices: ['freeze_assist', 'seal_assist'],
    startsDeadlines: ['FREEZE_DEPOSIT', 'FREEZE_SECURITIES', 'FREEZE_EQUITY', 'FREEZE_REAL_ESTATE'],
    stopsDeadlines: ['FREEZE_DEPOSIT', 'FREEZE_SECURITIES', 'FREEZE_EQUITY', 'FREEZE_REAL_ESTATE'],
    precondition: ({ region }) =>
      anyPending(region) ??
      (region!.freezes.some((f) => f.state === 'frozen') ? null : '没有处于冻结状态的财产'),
    apply: (s, p) => {
      const { at, name, changed, notices, start, freeze } = s;
      const f = freeze(p.freezeId);
      if (f.state !== 'frozen') throw invalidTransition('该财产已解除冻结或冻结已失效，不能续冻');
      refuseUnlessRealEstate(
        p,
        ['contactName', 'contactPhone'],
        f.assetKind,
        '联系人和联系电话只写在续行查封不动产的协助查封通知书上',
        '仅适用于查封的不动产',
      );
      const holder = freezeHolder(s.next);
      if (s.ctx.actor.role !== holder)
        throw new DomainError(
          'FORBIDDEN',
          `本阶段由${HOLDER_TITLE[holder] ?? holder}在期限届满前续行冻结（涉财产执行规定第五条；公安程序规定第二百四十条）`,
        );
      const old = findOpen(s.next, freezeRule(f.assetKind), f.id);
      if (!old || Date.parse(at) >= dueEndMs(old)) {
        throw invalidTransition(
          '冻结期限已届满，应当在期限届满前办理续冻（公安机关办理刑事案件程序规定第二百四十条）',
        );
      }
      changed.push({ ...old, state: 'met', endedAt: at, endedBy: name });
      // Each renewal runs the same term (每次续冻期限最长不得超过六个月 / 一年), and keeps the freeze's id, so
      // its priority (顺位, 涉财产执行规定 第五条) stays the one of the first freeze.
      const d = start(freezeRule(f.assetKind), { subjectId: f.id, period: freezePeriod(f) });
      s.next = {
        ...s.next,
        freezes: s.next.freezes.map((x) =>
          x.id === f.id ? { ...x, renewals: x.renewals + 1, lastRenewedBy: holder } : x,
        ),
      };
      // The 协助冻结财产通知书 and the 协助查封通知书 are the police's documents; the court's and the procuratorate's
      // own forms (协助执行通知书 and theirs) are not built.
      if (holder === 'police' && f.assetKind === 'real_estate') notices.push(sealNotice(s, f, d, true, p));
      else if (holder === 'police')
        notices.push(
          notice(
            s.r,
            'freeze_assist',
            'police',
            { text: f.institution },
            { ...f, freezeId: f.id, renewal: true, dueOn: d.dueOn, startedOn: d.startedOn },
          ),
        );
    },
  }),
  release_freeze: regionAction<ReleaseFreeze>({
    title: '解除冻结',
    roles: ['police'],
    leadOnly: false,
    stages: ['police_filing', 'prosecution', 'trial', 'asset_disposition', 'stabilization'],
    payloadSchema: schema<ReleaseFreeze>({ freezeId: id, reason: text() }, ['freezeId', 'reason'], true),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: ['FREEZE_DEPOSIT', 'FREEZE_SECURITIES', 'FREEZE_EQUITY'],
    precondition: ({ region }) =>
      anyPending(region) ??
      (region!.freezes.some((f) => f.state === 'frozen') ? null : '没有处于冻结状态的财产'),
    apply: (s, p) => {
      const { at, name, changed, freeze } = s;
      const f = freeze(p.freezeId);
      if (f.state !== 'frozen') throw invalidTransition('该财产不处于冻结状态');
      const d = findOpen(s.next, freezeRule(f.assetKind), f.id);
      if (d) changed.push({ ...d, state: 'met', endedAt: at, endedBy: name });
      s.next = {
        ...s.next,
        freezes: s.next.freezes.map((x) => (x.id === f.id ? { ...x, state: 'released' } : x)),
      };
    },
  }),
  record_asset_realization: caseAction<RecordAssetRealization>({
    title: '登记资产变现',
    roles: ['court', 'financial_office'],
    // 统一资产处置 (seed 十三): the one pool is disposed of by the lead region — its leading group office and its
    // court record any realization, whichever region froze the asset. 分别侦查诉讼 (seed 十三): an assisting
    // region's court tries its own defendants and executes its judgment's property orders (刑诉法 art.245),
    // so it records the realization of an asset frozen in its own region, whose proceeds enter the one pool;
    // an assisting office, and the prefecture (not a region of the case), record none.
    leadOnly: true,
    assistingRoles: ['court'],
    stages: ['asset_disposition'],
    payloadSchema: schema<RecordAssetRealization>(
      { description: text(), amountFen: fen, assetId: id },
      ['description', 'amountFen'],
      false,
    ),
    notices: [],
    startsDeadlines: [],
    stopsDeadlines: [],
    apply: (s, p) => {
      const { state, at, ctx, tracks } = s;
      const asset = p.assetId
        ? tracks.flatMap((t) => t.freezes.map((f) => ({ f, code: t.code }))).find((x) => x.f.id === p.assetId)
        : undefined;
      if (p.assetId && !asset) throw new DomainError('NOT_FOUND', '资产池中没有该资产');
      if (ctx.actor.regionCode !== state.leadRegionCode && asset?.code !== ctx.actor.regionCode)
        throw new DomainError('FORBIDDEN', '协办地区法院只能登记本地区冻结财产的变现（须指明该财产）', [
          { field: '/assetId', message: '不是本地区冻结的财产' },
        ]);
      s.next = {
        ...s.next,
        realizedFen: state.realizedFen + p.amountFen,
        realizations: [
          ...state.realizations,
          {
            id: ctx.newId(),
            assetId: p.assetId ?? null,
            regionCode: asset?.code ?? null,
            description: p.description,
            amountFen: p.amountFen,
            at,
          },
        ],
      };
    },
  }),
};
