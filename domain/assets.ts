// The case's one asset pool (统一资产处置, seed 十三): every freeze of every region with its provenance and
// term, what was realized from it, and exact totals in 分 per region and for the case. Pure: built from the
// tracks and the case state the projection holds.
import type { CaseState, Deadline, RegionState } from './case.types';
import { maskBankAccount } from './identity';

export interface PoolAsset {
  id: string;
  regionCode: string;
  unitId: string | null;
  kind: 'deposit' | 'securities' | 'equity' | 'real_estate';
  holderName: string;
  institution: string;
  /** Masked (尾号1234): the pool is read by every region of the case. */
  accountNo: string;
  amountFen: number;
  state: 'frozen' | 'lapsed' | 'released';
  frozenAt: string;
  renewals: number;
  term: { deadlineId: string; rule: string; startedOn: string; dueOn: string; state: string } | null;
  realizedFen: number;
}

export interface PoolTotals {
  frozenFen: number;
  lapsedFen: number;
  releasedFen: number;
  realizedFen: number;
}

export interface AssetPool {
  assets: PoolAsset[];
  realizations: CaseState['realizations'];
  totals: { case: PoolTotals; regions: ({ regionCode: string } & PoolTotals)[] };
}

const zero = (): PoolTotals => ({ frozenFen: 0, lapsedFen: 0, releasedFen: 0, realizedFen: 0 });

/** The term of a freeze is its newest freeze deadline (renewals start a new one). */
const termOf = (deadlines: readonly Deadline[], freezeId: string) =>
  deadlines
    .filter((d) => d.subjectId === freezeId && d.rule.startsWith('FREEZE_'))
    .sort((a, b) => (a.startedOn < b.startedOn ? 1 : a.startedOn > b.startedOn ? -1 : 0))[0] ?? null;

export function assetPoolOf(kase: CaseState, tracks: readonly RegionState[]): AssetPool {
  const realizedBy = new Map<string, number>();
  for (const r of kase.realizations)
    if (r.assetId) realizedBy.set(r.assetId, (realizedBy.get(r.assetId) ?? 0) + r.amountFen);
  const assets: PoolAsset[] = tracks.flatMap((t) =>
    t.freezes.map((f) => {
      const term = termOf(t.deadlines, f.id);
      return {
        id: f.id,
        regionCode: t.code,
        unitId: f.unitId ?? null,
        kind: f.assetKind,
        holderName: f.holderName,
        institution: f.institution,
        accountNo: maskBankAccount(f.accountNo),
        amountFen: f.amountFen,
        state: f.state,
        frozenAt: f.frozenAt,
        renewals: f.renewals,
        term: term
          ? {
              deadlineId: term.id,
              rule: term.rule,
              startedOn: term.startedOn,
              dueOn: term.dueOn,
              state: term.state,
            }
          : null,
        realizedFen: realizedBy.get(f.id) ?? 0,
      };
    }),
  );
  const regions = new Map(tracks.map((t) => [t.code, { regionCode: t.code, ...zero() }]));
  const total = zero();
  const add = (into: PoolTotals, key: keyof PoolTotals, fen: number) => {
    into[key] += fen;
  };
  for (const a of assets) {
    const key = a.state === 'frozen' ? 'frozenFen' : a.state === 'lapsed' ? 'lapsedFen' : 'releasedFen';
    add(regions.get(a.regionCode)!, key, a.amountFen);
    add(total, key, a.amountFen);
  }
  for (const r of kase.realizations) {
    add(total, 'realizedFen', r.amountFen);
    if (r.regionCode && regions.has(r.regionCode))
      add(regions.get(r.regionCode)!, 'realizedFen', r.amountFen);
  }
  return { assets, realizations: kase.realizations, totals: { case: total, regions: [...regions.values()] } };
}
