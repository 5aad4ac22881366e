// Who may take which action, where and when. The API uses it to answer fast and to list allowedActions; the
// workflows' Update validators use the same function to decide, so the two can never disagree.
import { ACTIONS, type ActionName, type ActionSpec, actionSpec } from './catalogue';
import type { CasePhase, CaseState, RegionState, Stage } from './case.types';
import { DomainError } from './errors';
import type { Role } from './reference';
import { visibleRegionCodes } from './reference';
import { actingRegionOf } from './tracks/courts';

export interface Caller {
  userId: string;
  role: Role;
  unitId: string;
  regionCode: string;
}

export const canSeeCase = (caller: Caller, caseRegionCodes: readonly string[]): boolean => {
  const visible = visibleRegionCodes(caller.regionCode);
  return caseRegionCodes.some((c) => visible.includes(c));
};

/**
 * Whose part of a case `caller` may read in full — events, notices and personal data (seed 十三: 分别侦查诉讼):
 * every region's when the caller sees the lead region (the lead region itself, and the prefecture above it);
 * otherwise only the regions the caller sees. Every region of a case sees the summary and every region's
 * stage and deadlines.
 */
export function readsEveryRegion(caller: Pick<Caller, 'regionCode'>, leadRegionCode: string): boolean {
  return visibleRegionCodes(caller.regionCode).includes(leadRegionCode);
}

/** Whether a record of region `regionCode` (null: the unified part of the case) is readable by `caller`. */
export function canReadRegionRecord(
  caller: Pick<Caller, 'regionCode'>,
  leadRegionCode: string,
  regionCode: string | null,
): boolean {
  return (
    regionCode === null ||
    readsEveryRegion(caller, leadRegionCode) ||
    visibleRegionCodes(caller.regionCode).includes(regionCode)
  );
}

export function stageOfPhase(phase: CasePhase, regionalStage: Stage = 'police_filing'): Stage {
  return phase === 'regional' ? regionalStage : phase;
}

export interface ActionContext {
  caller: Caller;
  /** Present for case-scope checks (parent workflow, API). */
  caseState?: CaseState;
  /** Present for region-scope checks (region workflow, API). */
  region?: RegionState;
  /** The case-level phase, known to both workflows. */
  casePhase: CasePhase;
  leadRegionCode: string;
}

const stageAllowed = (spec: ActionSpec, ctx: ActionContext): boolean => {
  if (ctx.casePhase === 'closed') return false;
  if (spec.stages.includes('open')) return true;
  if (spec.scope === 'region' && ctx.casePhase === 'regional' && ctx.region) {
    // A region whose own phase has ended keeps only the actions that run beside the main line.
    if (ctx.region.stage === 'ended' || ctx.region.stage === 'pending')
      return spec.stages.includes('asset_disposition');
    return spec.stages.includes(ctx.region.stage);
  }
  return spec.stages.includes(stageOfPhase(ctx.casePhase));
};

/**
 * Whether `caller` is someone who may take `name` on this case at all (role, lead region, own region), apart
 * from the stage. The API applies it before it replays an Idempotency-Key's result, which the stage no longer
 * allows once the action was taken, so a replay is never shown to a caller who could not have taken it.
 */
export function refuseCaller(
  name: ActionName,
  ctx: Pick<ActionContext, 'caller' | 'region' | 'leadRegionCode' | 'caseState'>,
): DomainError | null {
  const spec = actionSpec(name);
  if (!spec.roles.includes(ctx.caller.role)) {
    return new DomainError('FORBIDDEN', `角色「${ctx.caller.role}」无权执行「${spec.title}」`);
  }
  if (spec.leadOnly && ctx.caller.regionCode !== ctx.leadRegionCode && !assistsWith(spec, ctx)) {
    return new DomainError('FORBIDDEN', `「${spec.title}」只能由牵头地区办理`);
  }
  if (spec.scope === 'region' && ctx.region && actingRegion(spec, ctx.region) !== ctx.caller.regionCode) {
    return new DomainError(
      'FORBIDDEN',
      spec.actingUnit
        ? `「${spec.title}」由${ACTING_UNIT_TITLES[spec.actingUnit]}办理`
        : '只能办理本地区负责的部分',
    );
  }
  return null;
}

/** A lead-only action an assisting region of this case may take with the caller's role (its own part). */
const assistsWith = (spec: ActionSpec, ctx: Pick<ActionContext, 'caller' | 'caseState'>): boolean =>
  (spec.assistingRoles?.includes(ctx.caller.role) ?? false) &&
  (ctx.caseState?.regions.some((r) => r.code === ctx.caller.regionCode && r.role === 'assisting') ?? false);

/** The region whose unit takes a regional action on track `r`: its own, or the court above (docs/decisions/0021). */
const actingRegion = (spec: ActionSpec, r: RegionState): string | null =>
  spec.actingUnit ? actingRegionOf(spec.actingUnit, r) : r.code;

const ACTING_UNIT_TITLES = {
  trying_court: '审理本审级的人民法院（第二审由中级人民法院，刑诉法第二百四十三条）',
  approving_court: '有权批准延长审理期限的上一级人民法院',
  first_instance_court: '第一审人民法院（涉财产执行规定第二条）',
  superior: '上一级机关',
} as const;

/** Why `caller` may not take `name` now, or null when they may. Payload-independent. */
export function refuseAction(name: ActionName, ctx: ActionContext): DomainError | null {
  const spec = actionSpec(name);
  const who = refuseCaller(name, ctx);
  if (who) return who;
  if (spec.notAvailable) return new DomainError('NOT_AVAILABLE', spec.notAvailable);
  if (!stageAllowed(spec, ctx)) {
    return new DomainError('INVALID_TRANSITION', `案件当前阶段不能执行「${spec.title}」`);
  }
  const reason = spec.precondition?.({ caseState: ctx.caseState!, region: ctx.region });
  return reason ? new DomainError('INVALID_TRANSITION', reason) : null;
}

/** The actions `caller` may take now on this case (their own region's part for regional actions). */
export function allowedActions(
  caller: Caller,
  caseState: CaseState,
  regions: readonly RegionState[],
): ActionName[] {
  return (Object.keys(ACTIONS) as ActionName[]).filter((name) => {
    const spec = actionSpec(name);
    // Most actions are another role's: answered here without building refuseAction's error.
    if (!spec.roles.includes(caller.role)) return false;
    // A regional action is the caller's on the tracks their unit acts for: their own region's, or, for a
    // court above, the tracks it tries or approves (docs/decisions/0021).
    const tracks =
      spec.scope === 'region'
        ? regions.filter((r) => actingRegion(spec, r) === caller.regionCode)
        : [regions.find((r) => r.code === caller.regionCode)];
    return tracks.some(
      (region) =>
        refuseAction(name, {
          caller,
          caseState,
          region,
          casePhase: caseState.phase,
          leadRegionCode: caseState.leadRegionCode,
        }) === null,
    );
  });
}
