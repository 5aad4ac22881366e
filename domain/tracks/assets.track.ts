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
import { LIMITS } from '../reference';
import type { Freeze } from '../case.types';

export interface FreezeAssets extends Regional {
  assetKind: 'deposit' | 'securities' | 'equity';
  holderName: string;
  institution: string;
  accountNo: string;
  amountFen: number;
}
export interface RenewFreeze extends Regional {
  freezeId: string;
}
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

export const ASSETS = {
  freeze_assets: regionAction<FreezeAssets>({
    title: '冻结涉案财产',
    roles: ['police'],
    leadOnly: false,
    stages: ['police_filing', 'prosecution', 'trial', 'asset_disposition', 'stabilization'],
    payloadSchema: schema<FreezeAssets>(
      {
        assetKind: { type: 'string', enum: ['deposit', 'securities', 'equity'] },
        holderName: text(LIMITS.nameMax),
        institution: text(LIMITS.nameMax),
        accountNo: text(LIMITS.referenceMax),
        amountFen: fen,
      },
      ['assetKind', 'holderName', 'institution', 'accountNo', 'amountFen'],
      true,
    ),
    notices: ['freeze_assist'],
    startsDeadlines: ['FREEZE_DEPOSIT', 'FREEZE_SECURITIES', 'FREEZE_EQUITY'],
    stopsDeadlines: [],
    apply: (s, p) => {
      const { at, ctx, notices, start } = s;
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
      };
      const d = start(freezeRule(p.assetKind), { subjectId: f.id });
      s.next = { ...s.next, freezes: [...s.next.freezes, f] };
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
    roles: ['police'],
    leadOnly: false,
    stages: ['police_filing', 'prosecution', 'trial', 'asset_disposition', 'stabilization'],
    payloadSchema: schema<RenewFreeze>({ freezeId: id }, ['freezeId'], true),
    notices: ['freeze_assist'],
    startsDeadlines: ['FREEZE_DEPOSIT', 'FREEZE_SECURITIES', 'FREEZE_EQUITY'],
    stopsDeadlines: ['FREEZE_DEPOSIT', 'FREEZE_SECURITIES', 'FREEZE_EQUITY'],
    precondition: ({ region }) =>
      anyPending(region) ??
      (region!.freezes.some((f) => f.state === 'frozen') ? null : '没有处于冻结状态的财产'),
    apply: (s, p) => {
      const { at, name, changed, notices, start, freeze } = s;
      const f = freeze(p.freezeId);
      if (f.state !== 'frozen') throw invalidTransition('该财产已解除冻结或冻结已失效，不能续冻');
      const old = findOpen(s.next, freezeRule(f.assetKind), f.id);
      if (!old || Date.parse(at) >= dueEndMs(old)) {
        throw invalidTransition(
          '冻结期限已届满，应当在期限届满前办理续冻（公安机关办理刑事案件程序规定第二百四十条）',
        );
      }
      changed.push({ ...old, state: 'met', endedAt: at, endedBy: name });
      const d = start(freezeRule(f.assetKind), { subjectId: f.id });
      s.next = {
        ...s.next,
        freezes: s.next.freezes.map((x) => (x.id === f.id ? { ...x, renewals: x.renewals + 1 } : x)),
      };
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
