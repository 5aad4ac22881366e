// Which court, or which body one level up, acts on a region's track (docs/decisions/0021). A region's
// first instance is tried by its basic court, or by the intermediate court for a case that may carry life
// imprisonment (刑诉法 第二十一条); the second instance by the court one level above the first
// (第二百二十七条、第二百四十三条); an extension is approved by the court one level above the trying one
// (第二百零八条第一款: 上一级人民法院; 第二百四十三条: 高级人民法院). Pure.
import type { RegionState } from '../case.types';
import { regionByCode } from '../reference';
import type { ActingUnit } from './kernel';

/** The region `levels` steps above `code` (532822 → 532800 → 530000), or null past the known tree. */
export function regionAbove(code: string, levels: number): string | null {
  let at: string | null = code;
  for (let i = 0; i < levels && at !== null; i++) {
    const info = regionByCode(at);
    at = info ? info.parentCode : null;
  }
  return at;
}

const firstInstanceLevel = (r: Pick<RegionState, 'firstInstanceCourt'>): number =>
  r.firstInstanceCourt === 'intermediate' ? 1 : 0;

/** The region whose court tries the region's current instance. */
export const tryingCourtRegionOf = (r: RegionState): string | null =>
  regionAbove(r.code, firstInstanceLevel(r) + (r.trialInstance === 2 ? 1 : 0));

/** The region whose court tried (and executes, 涉财产执行规定 第二条) the first instance. */
export const firstInstanceCourtRegionOf = (r: RegionState): string | null =>
  regionAbove(r.code, firstInstanceLevel(r));

/**
 * The region whose court approves an extension of the current instance's term: the court one level above
 * the trying court. 云南省高级人民法院 (530000) has no officers in this system; its decision is recorded by
 * the trying court with the approval's document number (decide_trial_extension).
 */
export const approvingCourtRegionOf = (r: RegionState): string | null => {
  const trying = tryingCourtRegionOf(r);
  return trying === null ? null : regionAbove(trying, 1);
};

/** Whether a region code is one whose units and officers this system has (REGIONS). */
export const hasOfficers = (code: string | null): code is string => code !== null && !!regionByCode(code);

/**
 * The region whose unit takes an action with `actingUnit` on track `r`. The approving court falls back to
 * the trying court where the approving court has no officers here (it then records the approval it got).
 */
export function actingRegionOf(unit: ActingUnit, r: RegionState): string | null {
  switch (unit) {
    case 'trying_court': {
      // The appeal of an intermediate first instance is 云南省高级人民法院's (刑诉法 第二百二十七条); it has no
      // officers here, so the intermediate court records that instance's acts, as for an approval.
      const trying = tryingCourtRegionOf(r);
      return hasOfficers(trying) ? trying : firstInstanceCourtRegionOf(r);
    }
    case 'first_instance_court':
      return firstInstanceCourtRegionOf(r);
    case 'approving_court': {
      const approving = approvingCourtRegionOf(r);
      return hasOfficers(approving) ? approving : actingRegionOf('trying_court', r);
    }
    case 'superior':
      return regionAbove(r.code, 1);
  }
}
